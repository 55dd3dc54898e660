#include "architecture_cost.h"

#include "core/errors.h"
#include "core/shape_inference.h"

#include <algorithm>

namespace edgenas::cost {

using core::Node;
using core::OpType;
using core::TensorShape;

namespace {

constexpr std::int64_t kBytesPerElement = 4; // float32

std::int64_t batchNormParams(std::int64_t channels) { return 2 * channels; }

NodeCost costOf(const core::Architecture& arch, const Node& node, const TensorShape& in, const TensorShape& out) {
    NodeCost cost;
    cost.output = out;
    const std::int64_t outPixels = std::int64_t(out.height) * out.width;
    const std::int64_t cin = in.channels;
    const std::int64_t cout = out.channels;
    const std::int64_t k2 = std::int64_t(node.kernel) * node.kernel;
    switch (node.op) {
    case OpType::Conv: {
        const std::int64_t weights = cout * (cin / node.groups) * k2;
        cost.macs = weights * outPixels;
        cost.params = weights + (node.bias ? cout : 0);
        break;
    }
    case OpType::DepthwiseConv:
        cost.macs = cout * k2 * outPixels;
        cost.params = cout * k2;
        break;
    case OpType::PointwiseConv: {
        const std::int64_t weights = cout * (cin / node.groups);
        cost.macs = weights * outPixels;
        cost.params = weights + (node.bias ? cout : 0);
        break;
    }
    case OpType::MBConv: {
        const std::int64_t hidden = core::mbconvHiddenChannels(in.channels, node.expansion);
        const std::int64_t groups = node.groups;
        if (node.expansion != 1) {
            const std::int64_t expand = hidden * (cin / groups);
            cost.macs += expand * in.height * in.width;
            cost.params += expand + batchNormParams(hidden);
        }
        cost.macs += hidden * k2 * outPixels;
        cost.params += hidden * k2 + batchNormParams(hidden);
        if (node.squeezeExcite) {
            const std::int64_t squeezed = core::squeezeExciteChannels(static_cast<int>(hidden));
            cost.macs += 2 * hidden * squeezed;
            cost.params += hidden * squeezed + squeezed + squeezed * hidden + hidden;
        }
        const std::int64_t project = cout * (hidden / groups);
        cost.macs += project * outPixels;
        cost.params += project + batchNormParams(cout);
        break;
    }
    case OpType::BatchNorm:
        cost.params = batchNormParams(cin);
        break;
    case OpType::Linear: {
        const std::int64_t features = in.elements();
        cost.macs = features * cout;
        cost.params = features * cout + (node.bias ? cout : 0);
        break;
    }
    case OpType::EarlyExit:
        if (node.outChannels > 0) {
            // Narrow head: 1x1 conv over the block's whole output, BN, then the classifier on H.
            const std::int64_t width = node.outChannels;
            const std::int64_t inPixels = std::int64_t(in.height) * in.width;
            cost.macs = cin * width * inPixels + width * arch.numClasses;
            cost.params = cin * width + batchNormParams(width) + width * arch.numClasses + arch.numClasses;
        } else {
            cost.macs = cin * arch.numClasses;
            cost.params = cin * arch.numClasses + arch.numClasses;
        }
        break;
    case OpType::Input:
    case OpType::Identity:
    case OpType::Zero:
    case OpType::AvgPool:
    case OpType::MaxPool:
    case OpType::Activation:
    case OpType::GlobalAvgPool:
        break;
    }
    return cost;
}

// Extra tensors a node holds while it runs, beyond its inputs and output.
std::int64_t workspaceElements(const Node& node, const TensorShape& in, const TensorShape& out) {
    if (node.op == OpType::EarlyExit)
        return std::int64_t(node.outChannels) * in.height * in.width;  // the narrow head's feature map
    if (node.op != OpType::MBConv)
        return 0;
    const std::int64_t hidden = core::mbconvHiddenChannels(in.channels, node.expansion);
    const std::int64_t expanded = node.expansion != 1 ? hidden * in.height * in.width : 0;
    return expanded + hidden * out.height * out.width;
}

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
        NodeCost cost = costOf(arch, node, in, shapes[i]);
        // Shape inference bounds each node's counts; only a sum over many absurd nodes can overflow.
        if (__builtin_add_overflow(total.macs, cost.macs, &total.macs) ||
            __builtin_add_overflow(total.params, cost.params, &total.params))
            throw core::ArchitectureError(node.id, "the network's MACs or parameters exceed 2^63");
        total.nodes.push_back(cost);

        liveElements += shapes[i].elements();
        peakElements = std::max(peakElements, liveElements + workspaceElements(node, in, shapes[i]));
        // Free what nobody reads after this node.
        for (std::size_t j : freedAfter[i])
            liveElements -= shapes[j].elements();
    }
    total.peakActivationBytes = peakElements * kBytesPerElement;
    return total;
}

} // namespace edgenas::cost
