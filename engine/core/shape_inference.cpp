#include "shape_inference.h"

#include "errors.h"

#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

namespace edgenas::core {

namespace {

std::string describe(const TensorShape& s) {
    return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" + std::to_string(s.width);
}

// Output size of a convolution or pooling window along one axis.
int windowedSize(int size, int kernel, int stride, int padding, int dilation) {
    const std::int64_t span = std::int64_t(dilation) * (kernel - 1) + 1;
    return static_cast<int>((size + 2 * std::int64_t(padding) - span) / stride + 1);
}

// Bounds on what one sample may need, far beyond any network that fits a device (the largest
// feature map of a 224x224 ImageNet network has about 10^6 values) and low enough that every
// count stays exact in 64 bits: per node, weights x output positions stay below 2^62.
constexpr double kMaxFeatureMapValues = 2147483647.0;  // 2^31 - 1 (an int): 8 GiB of float32 per sample
constexpr double kMaxNodeWeights = 2147483648.0;       // 2^31 weights in one node

std::string roughly(double count) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", count);
    return text;
}

void requireSaneSize(const Node& node, const TensorShape& out) {
    const double values = double(out.channels) * out.height * out.width;
    if (values > kMaxFeatureMapValues)
        throw ArchitectureError(node.id, "output " + describe(out) + " is too large (" + roughly(values) +
                                             " values per sample; at most 2^31)");
}

void requireSaneWeights(const Node& node, double weights) {
    if (weights > kMaxNodeWeights)
        throw ArchitectureError(node.id, roughly(weights) + " weights are too many for one node (at most 2^31)");
}

// The weights a node holds, in floating point so that absurd sizes cannot overflow.
double weightCount(const Architecture& arch, const Node& node, const TensorShape& in, const TensorShape& out) {
    const double k2 = double(node.kernel) * node.kernel;
    switch (node.op) {
    case OpType::Conv: return double(out.channels) * (in.channels / node.groups) * k2;
    case OpType::DepthwiseConv: return double(out.channels) * k2;
    case OpType::PointwiseConv: return double(out.channels) * (in.channels / node.groups);
    case OpType::MBConv: {
        const double hidden = double(in.channels) * node.expansion;
        return hidden * in.channels / node.groups + hidden * k2 + double(out.channels) * hidden / node.groups;
    }
    case OpType::Linear: return double(in.channels) * in.height * in.width * out.channels;
    case OpType::EarlyExit:
        if (node.outChannels > 0)
            return double(in.channels) * node.outChannels + double(node.outChannels) * arch.numClasses;
        return double(in.channels) * arch.numClasses;
    default: return 0.0;
    }
}

void requirePositive(const Node& node, int value, const char* what) {
    if (value <= 0)
        throw ArchitectureError(node.id, std::string(what) + " must be positive, got " + std::to_string(value));
}

TensorShape mergedInput(const Node& node, const std::vector<TensorShape>& known) {
    TensorShape merged = known[static_cast<std::size_t>(node.inputs.front())];
    for (std::size_t i = 1; i < node.inputs.size(); ++i) {
        const TensorShape& next = known[static_cast<std::size_t>(node.inputs[i])];
        if (node.merge == MergeMode::Sum) {
            if (!(next == merged))
                throw ArchitectureError(node.id, "sum of inputs with different shapes " + describe(merged) +
                                                     " and " + describe(next) + " (input node " +
                                                     std::to_string(node.inputs[i]) + ")");
        } else {
            if (next.height != merged.height || next.width != merged.width)
                throw ArchitectureError(node.id, "concat of inputs with different spatial sizes " +
                                                     describe(merged) + " and " + describe(next));
            if (std::int64_t(merged.channels) + next.channels > std::numeric_limits<int>::max())
                throw ArchitectureError(node.id, "concat of " + describe(merged) + " and " + describe(next) +
                                                     " has too many channels");
            merged.channels += next.channels;
        }
    }
    return merged;
}

TensorShape windowed(const Node& node, const TensorShape& in, int outChannels) {
    requirePositive(node, node.kernel, "kernel");
    requirePositive(node, node.stride, "stride");
    requirePositive(node, node.dilation, "dilation");
    if (node.padding < 0)
        throw ArchitectureError(node.id, "padding must not be negative");
    // Integer division truncates towards zero, so a window larger than its padded input must be
    // caught here; in 64 bits, since kernel, dilation and padding may each be up to 2^30.
    const std::int64_t span = std::int64_t(node.dilation) * (node.kernel - 1) + 1;
    const std::int64_t padding = 2 * std::int64_t(node.padding);
    if (in.height + padding < span || in.width + padding < span)
        throw ArchitectureError(node.id, "kernel " + std::to_string(node.kernel) + " does not fit input " +
                                             describe(in));
    if (in.height + padding > (1 << 30) || in.width + padding > (1 << 30))
        throw ArchitectureError(node.id, "padding " + std::to_string(node.padding) + " is too large");
    const int h = windowedSize(in.height, node.kernel, node.stride, node.padding, node.dilation);
    const int w = windowedSize(in.width, node.kernel, node.stride, node.padding, node.dilation);
    if (h <= 0 || w <= 0)
        throw ArchitectureError(node.id, "kernel " + std::to_string(node.kernel) + " does not fit input " +
                                             describe(in));
    return {outChannels, h, w};
}

void requireGroups(const Node& node, int inChannels, int outChannels, int groups) {
    requirePositive(node, groups, "groups");
    if (inChannels % groups != 0 || outChannels % groups != 0)
        throw ArchitectureError(node.id, "groups " + std::to_string(groups) + " do not divide channels " +
                                             std::to_string(inChannels) + " -> " + std::to_string(outChannels));
}

} // namespace

TensorShape inferNodeShape(const Architecture& arch, const Node& node, const std::vector<TensorShape>& known) {
    if (node.op == OpType::Input) {
        if (!node.inputs.empty())
            throw ArchitectureError(node.id, "the input node takes no inputs");
        const TensorShape& in = arch.input;
        if (in.channels <= 0 || in.height <= 0 || in.width <= 0)
            throw ArchitectureError(node.id, "input shape " + describe(in) + " is not positive");
        return in;
    }
    if (node.inputs.empty())
        throw ArchitectureError(node.id, std::string(toString(node.op)) + " has no inputs");
    for (int input : node.inputs)
        if (input < 0 || input >= node.id)
            throw ArchitectureError(node.id, "input " + std::to_string(input) +
                                                 " is not an earlier node (nodes must be in topological order)");

    const TensorShape in = mergedInput(node, known);
    switch (node.op) {
    case OpType::Input:
        break;
    case OpType::Conv:
        requirePositive(node, node.outChannels, "out_channels");
        requireGroups(node, in.channels, node.outChannels, node.groups);
        return windowed(node, in, node.outChannels);
    case OpType::DepthwiseConv: {
        const int out = node.outChannels == 0 ? in.channels : node.outChannels;
        if (out % in.channels != 0)
            throw ArchitectureError(node.id, "depthwise out_channels " + std::to_string(out) +
                                                 " is not a multiple of the input channels " +
                                                 std::to_string(in.channels));
        return windowed(node, in, out);
    }
    case OpType::PointwiseConv:
        requirePositive(node, node.outChannels, "out_channels");
        requireGroups(node, in.channels, node.outChannels, node.groups);
        if (node.kernel != 1 || node.padding != 0 || node.dilation != 1)
            throw ArchitectureError(node.id, "a pointwise convolution has kernel 1, padding 0, dilation 1");
        return windowed(node, in, node.outChannels);
    case OpType::MBConv: {
        requirePositive(node, node.outChannels, "out_channels");
        requirePositive(node, node.expansion, "expansion");
        if (double(in.channels) * node.expansion * in.height * in.width > kMaxFeatureMapValues)
            throw ArchitectureError(node.id, "expansion " + std::to_string(node.expansion) + " of input " +
                                                 describe(in) + " is too large");
        const int hidden = mbconvHiddenChannels(in.channels, node.expansion);
        requireGroups(node, in.channels, hidden, node.groups);
        requireGroups(node, hidden, node.outChannels, node.groups);
        if (node.kernel % 2 == 0)
            throw ArchitectureError(node.id, "MBConv kernel must be odd, got " + std::to_string(node.kernel));
        requirePositive(node, node.kernel, "kernel");
        requirePositive(node, node.dilation, "dilation");
        // "Same" padding, in 64 bits: kernel and dilation may each be up to 2^30.
        const std::int64_t samePadding = std::int64_t(node.dilation) * (node.kernel - 1) / 2;
        if (samePadding > (1 << 30))
            throw ArchitectureError(node.id, "MBConv kernel " + std::to_string(node.kernel) + " with dilation " +
                                                 std::to_string(node.dilation) + " is too large to pad");
        Node depthwise = node;
        depthwise.padding = static_cast<int>(samePadding);
        return windowed(depthwise, in, node.outChannels);
    }
    case OpType::Identity:
        if (node.stride != 1)
            throw ArchitectureError(node.id, "identity cannot have stride " + std::to_string(node.stride));
        return in;
    case OpType::Zero: {
        requirePositive(node, node.stride, "stride");
        const int out = node.outChannels == 0 ? in.channels : node.outChannels;
        requirePositive(node, out, "out_channels");
        return {out, (in.height + node.stride - 1) / node.stride, (in.width + node.stride - 1) / node.stride};
    }
    case OpType::AvgPool:
    case OpType::MaxPool:
        if (2 * node.padding > node.kernel)
            throw ArchitectureError(node.id, "pool padding must be at most half the kernel");
        return windowed(node, in, in.channels);
    case OpType::BatchNorm:
    case OpType::Activation:
        if (node.op == OpType::Activation && node.activation == ActivationType::None)
            throw ArchitectureError(node.id, "activation node without an activation type");
        return in;
    case OpType::GlobalAvgPool:
        return {in.channels, 1, 1};
    case OpType::Linear:
        requirePositive(node, node.outChannels, "out_channels");
        return {node.outChannels, 1, 1};
    case OpType::EarlyExit:
        if (arch.numClasses <= 0)
            throw ArchitectureError(node.id, "early exit needs a positive class count");
        if (node.outChannels < 0)
            throw ArchitectureError(node.id, "early exit head width (out_channels) must not be negative, got " +
                                                 std::to_string(node.outChannels));
        if (double(node.outChannels) * in.height * in.width > kMaxFeatureMapValues)
            throw ArchitectureError(node.id, "early exit head width " + std::to_string(node.outChannels) +
                                                 " over input " + describe(in) + " is too large");
        return {arch.numClasses, 1, 1};
    }
    throw ArchitectureError(node.id, "unknown operator");
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
            requireSaneWeights(node, weightCount(arch, node, mergedInput(node, shapes), shapes.back()));
    }
    const Node& out = arch.nodes.back();
    if (out.op == OpType::EarlyExit)
        throw ArchitectureError(out.id, "the last node is the main output and cannot be an early exit");
    return shapes;
}

} // namespace edgenas::core
