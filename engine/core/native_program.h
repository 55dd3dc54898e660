#pragma once

#include "architecture.h"

#include <optional>

namespace edgenas::core {

/// The instruction program that computes a native convolution, depthwise or pointwise
/// convolution, or linear layer exactly (the starting point GOS rewrites), or nothing for other
/// operators. `in` is the node's merged input shape. Weights carry over unchanged: a k x k
/// convolution's weight [out, C/g, k, k] is the contraction's (fused with its gather), a
/// linear layer's [out, C*H*W] the contraction's [out, C*H*W, 1, 1].
std::optional<std::vector<Instruction>> nativeProgram(const Node& node, const TensorShape& in);

/// `node` as a Program node running nativeProgram (same id, inputs, merge and label); nullopt
/// when the operator has no program form.
std::optional<Node> asProgramNode(const Node& node, const TensorShape& in);

} // namespace edgenas::core
