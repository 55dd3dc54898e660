#include "shape_inference.h"

#include "errors.h"
#include "operator_registry.h"
#include "operators/operator_rules.h"

#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

namespace edgenas::core {

namespace {

using operators::describeShape;
using operators::kMaxFeatureMapValues;

// Bounds on what one sample may need, far beyond any network that fits a device (the largest
// feature map of a 224x224 ImageNet network has about 10^6 values) and low enough that every
// count stays exact in 64 bits: per node, weights x output positions stay below 2^62.
constexpr double kMaxNodeWeights = 2147483648.0;  // 2^31 weights in one node

std::string roughly(double count) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", count);
    return text;
}

void requireSaneSize(const Node& node, const TensorShape& out) {
    const double values = double(out.channels) * out.height * out.width;
    if (values > kMaxFeatureMapValues)
        throw ArchitectureError(node.id, "output " + describeShape(out) + " is too large (" + roughly(values) +
                                             " values per sample; at most 2^31)");
}

void requireSaneWeights(const Node& node, double weights) {
    if (weights > kMaxNodeWeights)
        throw ArchitectureError(node.id, roughly(weights) + " weights are too many for one node (at most 2^31)");
}

TensorShape mergedInput(const Node& node, const std::vector<TensorShape>& known) {
    TensorShape merged = known[static_cast<std::size_t>(node.inputs.front())];
    for (std::size_t i = 1; i < node.inputs.size(); ++i) {
        const TensorShape& next = known[static_cast<std::size_t>(node.inputs[i])];
        if (node.merge == MergeMode::Sum) {
            if (!(next == merged))
                throw ArchitectureError(node.id, "sum of inputs with different shapes " + describeShape(merged) +
                                                     " and " + describeShape(next) + " (input node " +
                                                     std::to_string(node.inputs[i]) + ")");
        } else {
            if (next.height != merged.height || next.width != merged.width)
                throw ArchitectureError(node.id, "concat of inputs with different spatial sizes " +
                                                     describeShape(merged) + " and " + describeShape(next));
            if (std::int64_t(merged.channels) + next.channels > std::numeric_limits<int>::max())
                throw ArchitectureError(node.id, "concat of " + describeShape(merged) + " and " + describeShape(next) +
                                                     " has too many channels");
            merged.channels += next.channels;
        }
    }
    return merged;
}

} // namespace

TensorShape inferNodeShape(const Architecture& arch, const Node& node, const std::vector<TensorShape>& known) {
    if (node.op == OpType::Input) {
        if (!node.inputs.empty())
            throw ArchitectureError(node.id, "the input node takes no inputs");
        return operatorKind(node.op).outputShape(arch, node, arch.input);
    }
    if (node.inputs.empty())
        throw ArchitectureError(node.id, std::string(toString(node.op)) + " has no inputs");
    for (int input : node.inputs)
        if (input < 0 || input >= node.id)
            throw ArchitectureError(node.id, "input " + std::to_string(input) +
                                                 " is not an earlier node (nodes must be in topological order)");

    return operatorKind(node.op).outputShape(arch, node, mergedInput(node, known));
}

std::vector<TensorShape> inferShapes(const Architecture& arch) {
    if (arch.nodes.empty())
        throw ArchitectureError(-1, "architecture has no nodes");
    if (arch.nodes.front().op != OpType::Input)
        throw ArchitectureError(0, "node 0 must be the input");
    std::vector<TensorShape> shapes;
    shapes.reserve(arch.nodes.size());
    for (std::size_t i = 0; i < arch.nodes.size(); ++i) {
        const Node& node = arch.nodes[i];
        if (node.id != static_cast<int>(i))
            throw ArchitectureError(static_cast<int>(i), "has id " + std::to_string(node.id) +
                                                             "; ids must equal positions 0..n-1");
        if (i > 0 && node.op == OpType::Input)
            throw ArchitectureError(node.id, "only node 0 may be the input");
        shapes.push_back(inferNodeShape(arch, node, shapes));
        requireSaneSize(node, shapes.back());
        if (node.op != OpType::Input)
            requireSaneWeights(node, operatorKind(node.op).weightBound(arch, node, mergedInput(node, shapes), shapes.back()));
    }
    const Node& out = arch.nodes.back();
    if (out.op == OpType::EarlyExit)
        throw ArchitectureError(out.id, "the last node is the main output and cannot be an early exit");
    return shapes;
}

} // namespace edgenas::core
