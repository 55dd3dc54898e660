#include "program_analysis.h"

#include "errors.h"
#include "operators/operator_rules.h"

#include <cstdint>

namespace edgenas::core {

namespace {

using operators::describeShape;

[[noreturn]] void fail(const Node& node, std::size_t index, const Instruction& instruction, const std::string& problem) {
    throw ArchitectureError(node.id, "instruction " + std::to_string(index) + " (" +
                                         std::string(toString(instruction.primitive)) + "): " + problem);
}

// One instruction's result shape from its inputs' shapes.
TensorShape resultShape(const Node& node, std::size_t index, const Instruction& ins,
                        const std::vector<TensorShape>& inputs) {
    const TensorShape& x = inputs.front();
    auto sameShapes = [&]() {
        for (const TensorShape& other : inputs)
            if (!(other == x))
                fail(node, index, ins, "inputs of different shapes " + describeShape(x) + " and " + describeShape(other));
    };
    auto positive = [&](int value, const char* what) {
        if (value <= 0)
            fail(node, index, ins, std::string(what) + " must be positive, got " + std::to_string(value));
    };
    switch (ins.primitive) {
    case Primitive::Unfold: {
        Node window;
        window.id = node.id;
        window.kernel = ins.kernel;
        window.stride = ins.stride;
        window.padding = ins.padding;
        window.dilation = ins.dilation;
        positive(ins.kernel, "kernel");
        if (double(x.channels) * ins.kernel * ins.kernel * x.height * x.width > operators::kMaxFeatureMapValues)
            fail(node, index, ins, "patches of " + describeShape(x) + " are too large");
        return operators::windowedShape(window, x, x.channels * ins.kernel * ins.kernel);
    }
    case Primitive::Contract:
        positive(ins.outChannels, "out_channels");
        positive(ins.groups, "groups");
        if (x.channels % ins.groups != 0 || ins.outChannels % ins.groups != 0)
            fail(node, index, ins, "groups " + std::to_string(ins.groups) + " do not divide channels " +
                                       std::to_string(x.channels) + " -> " + std::to_string(ins.outChannels));
        if (double(ins.outChannels) * x.channels / ins.groups > 2147483648.0)
            fail(node, index, ins, "too many weights");
        return {ins.outChannels, x.height, x.width};
    case Primitive::Shift:
        positive(ins.kernel, "kernel");
        positive(ins.dilation, "dilation");
        if (ins.kernel % 2 == 0)
            fail(node, index, ins, "kernel must be odd, got " + std::to_string(ins.kernel));
        if (std::int64_t(ins.dilation) * (ins.kernel - 1) / 2 >= std::int64_t(1) << 20)
            fail(node, index, ins, "shift is too large");
        return x;
    case Primitive::Add:
    case Primitive::Mul:
    case Primitive::Max:
        sameShapes();
        return x;
    case Primitive::ReduceMean:
    case Primitive::ReduceSum:
    case Primitive::ReduceMax:
        return {x.channels, 1, 1};
    case Primitive::Slice:
        if (ins.first < 0 || ins.count <= 0 || std::int64_t(ins.first) + ins.count > x.channels)
            fail(node, index, ins, "channels [" + std::to_string(ins.first) + ", " +
                                       std::to_string(std::int64_t(ins.first) + ins.count) + ") are not within " +
                                       std::to_string(x.channels));
        return {ins.count, x.height, x.width};
    case Primitive::Concat: {
        TensorShape merged = x;
        for (std::size_t k = 1; k < inputs.size(); ++k) {
            if (inputs[k].height != x.height || inputs[k].width != x.width)
                fail(node, index, ins, "inputs of different spatial sizes " + describeShape(x) + " and " +
                                           describeShape(inputs[k]));
            if (std::int64_t(merged.channels) + inputs[k].channels > (std::int64_t(1) << 30))
                fail(node, index, ins, "too many channels");
            merged.channels += inputs[k].channels;
        }
        return merged;
    }
    case Primitive::Shuffle:
        positive(ins.groups, "groups");
        if (x.channels % ins.groups != 0)
            fail(node, index, ins, "groups " + std::to_string(ins.groups) + " do not divide " +
                                       std::to_string(x.channels) + " channels");
        return x;
    case Primitive::Flatten:
        return {static_cast<int>(x.elements()), 1, 1};
    case Primitive::Act:
        if (ins.activation == ActivationType::None)
            fail(node, index, ins, "no activation named");
        return x;
    case Primitive::Norm:
        return x;
    }
    fail(node, index, ins, "unknown primitive");
}

} // namespace

ProgramAnalysis analyseProgram(const Node& node, const TensorShape& in) {
    if (node.program.empty())
        throw ArchitectureError(node.id, "a program node needs at least one instruction");
    ProgramAnalysis a;
    a.values.push_back(in);
    std::vector<int> readers(node.program.size() + 1, 0);
    for (std::size_t i = 0; i < node.program.size(); ++i) {
        const Instruction& ins = node.program[i];
        const auto [least, most] = instructionArity(ins.primitive);
        const int given = static_cast<int>(ins.inputs.size());
        if (given < least || (most >= 0 && given > most))
            fail(node, i, ins, "takes " + (least == most ? std::to_string(least) : "at least " + std::to_string(least)) +
                                   " input(s), got " + std::to_string(given));
        std::vector<TensorShape> inputs;
        for (int value : ins.inputs) {
            if (value < 0 || value > static_cast<int>(i))
                fail(node, i, ins, "reads value " + std::to_string(value) +
                                       ", which is not the input (0) or an earlier instruction's result (1.." +
                                       std::to_string(i) + ")");
            inputs.push_back(a.values[static_cast<std::size_t>(value)]);
            ++readers[static_cast<std::size_t>(value)];
        }
        a.values.push_back(resultShape(node, i, ins, inputs));
        if (double(a.values.back().channels) * a.values.back().height * a.values.back().width >
            operators::kMaxFeatureMapValues)
            fail(node, i, ins, "result " + describeShape(a.values.back()) + " is too large");
    }
    a.fusedUnfold.assign(node.program.size(), -1);
    a.absorbed.assign(node.program.size(), 0);
    for (std::size_t i = 0; i < node.program.size(); ++i) {
        const Instruction& ins = node.program[i];
        if (ins.primitive != Primitive::Contract || ins.inputs.front() == 0)
            continue;
        const auto source = static_cast<std::size_t>(ins.inputs.front() - 1);
        if (node.program[source].primitive == Primitive::Unfold && readers[source + 1] == 1) {
            a.fusedUnfold[i] = static_cast<int>(source);
            a.absorbed[source] = 1;
        }
    }
    return a;
}

} // namespace edgenas::core
