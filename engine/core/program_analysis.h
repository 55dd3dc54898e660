#pragma once

#include "architecture.h"

#include <vector>

namespace edgenas::core {

/// A checked instruction program: the shape of every value, and which patch gathers run fused
/// with the contraction that reads them (an Unfold read only by one Contract is that
/// Contract's k x k convolution: the lowering runs one convolution and the cost model prices
/// one, so an unrewritten convolution costs and runs as the native one).
struct ProgramAnalysis {
    std::vector<TensorShape> values;  ///< [0] the node's input, [i + 1] instruction i's result
    std::vector<int> fusedUnfold;     ///< per instruction: for a Contract, the Unfold it absorbs, or -1
    std::vector<char> absorbed;       ///< per instruction: an Unfold absorbed into a Contract

    const TensorShape& inputOf(const Instruction& instruction, std::size_t k = 0) const {
        return values[static_cast<std::size_t>(instruction.inputs[k])];
    }
    const TensorShape& resultOf(std::size_t instruction) const { return values[instruction + 1]; }
};

/// Checks `node.program` over the merged input shape `in`; throws ArchitectureError naming the
/// node, the instruction and what is wrong.
ProgramAnalysis analyseProgram(const Node& node, const TensorShape& in);

} // namespace edgenas::core
