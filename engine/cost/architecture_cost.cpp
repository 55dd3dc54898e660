#include "architecture_cost.h"

#include "core/errors.h"
#include "core/operator_registry.h"
#include "core/shape_inference.h"

#include <algorithm>

namespace edgenas::cost {

using core::Node;
using core::OpType;
using core::TensorShape;

namespace {

constexpr std::int64_t kBytesPerElement = 4; // float32

TensorShape mergedInputShape(const Node& node, const std::vector<TensorShape>& shapes) {
    if (node.inputs.empty())
        return {};
    TensorShape merged = shapes[static_cast<std::size_t>(node.inputs.front())];
    if (node.merge == core::MergeMode::Concat)
        for (std::size_t i = 1; i < node.inputs.size(); ++i)
            merged.channels += shapes[static_cast<std::size_t>(node.inputs[i])].channels;
    return merged;
}

} // namespace

ArchitectureCost analyseCost(const core::Architecture& arch) {
    const std::vector<TensorShape> shapes = core::inferShapes(arch);
    const std::size_t n = arch.nodes.size();
    ArchitectureCost total;
    total.nodes.reserve(n);

    // lastUse[i]: the last node that reads node i; outputs stay alive to the end.
    std::vector<std::size_t> lastUse(n);
    for (std::size_t i = 0; i < n; ++i)
        lastUse[i] = i;
    for (const Node& node : arch.nodes)
        for (int input : node.inputs)
            lastUse[static_cast<std::size_t>(input)] =
                std::max(lastUse[static_cast<std::size_t>(input)], static_cast<std::size_t>(node.id));
    lastUse[n - 1] = n;
    for (const Node& node : arch.nodes)
        if (node.op == OpType::EarlyExit)
            lastUse[static_cast<std::size_t>(node.id)] = n;

    std::vector<std::vector<std::size_t>> freedAfter(n + 1);
    for (std::size_t j = 0; j < n; ++j)
        freedAfter[lastUse[j]].push_back(j);

    std::int64_t liveElements = 0;
    std::int64_t peakElements = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const Node& node = arch.nodes[i];
        const TensorShape in = node.op == OpType::Input ? shapes[0] : mergedInputShape(node, shapes);
        const core::OperatorKind& kind = core::operatorKind(node.op);
        const core::NodeCounts counts = kind.counts(arch, node, in, shapes[i]);
        NodeCost cost;
        cost.output = shapes[i];
        cost.macs = counts.macs;
        cost.params = counts.params;
        // Shape inference bounds each node's counts; only a sum over many absurd nodes can overflow.
        if (__builtin_add_overflow(total.macs, cost.macs, &total.macs) ||
            __builtin_add_overflow(total.params, cost.params, &total.params))
            throw core::ArchitectureError(node.id, "the network's MACs or parameters exceed 2^63");
        total.nodes.push_back(cost);

        liveElements += shapes[i].elements();
        peakElements = std::max(peakElements, liveElements + counts.workspaceElements);
        // Free what nobody reads after this node.
        for (std::size_t j : freedAfter[i])
            liveElements -= shapes[j].elements();
    }
    total.peakActivationBytes = peakElements * kBytesPerElement;
    return total;
}

} // namespace edgenas::cost
