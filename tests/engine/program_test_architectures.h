#pragma once

// Small architectures the instruction-program tests (core counts, models lowering) share: one
// operator between the input and a pooled classifier, so its program form can replace it.

#include "core/architecture.h"
#include "core/instruction.h"

#include <utility>
#include <vector>

namespace edgenas::test {

/// input → `op` → global average pool → linear (3 classes).
inline core::Architecture singleOperatorArchitecture(const core::Node& op, core::TensorShape input = {8, 9, 9}) {
    core::Architecture a;
    a.input = input;
    a.numClasses = 3;
    const int in = a.add(core::Node{.op = core::OpType::Input});
    core::Node node = op;
    node.inputs = {in};
    const int x = a.add(node);
    const int gap = a.add(core::Node{.op = core::OpType::GlobalAvgPool, .inputs = {x}});
    a.add(core::Node{.op = core::OpType::Linear, .inputs = {gap}, .outChannels = 3, .bias = true});
    return a;
}

/// One instruction reading `inputs` (0 = the node's input, i + 1 = instruction i's result).
inline core::Instruction instruction(core::Primitive primitive, std::vector<int> inputs) {
    return core::Instruction{.primitive = primitive, .inputs = std::move(inputs)};
}

} // namespace edgenas::test
