#include "shape_inference.h"

#include "errors.h"

#include <cstdint>
#include <limits>
#include <string>

namespace edgenas::core {

namespace {

std::string describe(const TensorShape& s) {
    return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" + std::to_string(s.width);
}

// Sizes are worked out in 64 bits (kernel, padding, dilation and channels come from the user, up
// to 2^30 each) and every feature map must hold at most this many elements, so they fit an int.
constexpr std::int64_t kMaxElements = std::numeric_limits<int>::max();

TensorShape boundedShape(const Node& node, std::int64_t channels, std::int64_t height, std::int64_t width) {
    // Each factor is checked first, so that the products cannot overflow either.
    if (channels > kMaxElements || height > kMaxElements || width > kMaxElements || channels * height > kMaxElements ||
        channels * height * width > kMaxElements)
        throw ArchitectureError(node.id, "feature map " + std::to_string(channels) + "x" + std::to_string(height) +
                                             "x" + std::to_string(width) + " has more than " +
                                             std::to_string(kMaxElements) + " elements");
    return {static_cast<int>(channels), static_cast<int>(height), static_cast<int>(width)};
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
            merged = boundedShape(node, std::int64_t(merged.channels) + next.channels, merged.height, merged.width);
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
    // Integer division truncates towards zero, so a window larger than its padded input must be caught here.
    const std::int64_t span = std::int64_t(node.dilation) * (node.kernel - 1) + 1;
    const std::int64_t paddedHeight = in.height + 2 * std::int64_t(node.padding);
    const std::int64_t paddedWidth = in.width + 2 * std::int64_t(node.padding);
    if (paddedHeight < span || paddedWidth < span)
        throw ArchitectureError(node.id, "kernel " + std::to_string(node.kernel) + " does not fit input " +
                                             describe(in));
    return boundedShape(node, outChannels, (paddedHeight - span) / node.stride + 1,
                        (paddedWidth - span) / node.stride + 1);
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
        return boundedShape(node, in.channels, in.height, in.width);
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
        // The expanded feature map is a real tensor too: bounded like any output.
        const int hidden =
            boundedShape(node, std::int64_t(in.channels) * node.expansion, in.height, in.width).channels;
        requireGroups(node, in.channels, hidden, node.groups);
        requireGroups(node, hidden, node.outChannels, node.groups);
        if (node.kernel % 2 == 0)
            throw ArchitectureError(node.id, "MBConv kernel must be odd, got " + std::to_string(node.kernel));
        requirePositive(node, node.kernel, "kernel");
        requirePositive(node, node.dilation, "dilation");
        const std::int64_t samePadding = std::int64_t(node.dilation) * (node.kernel - 1) / 2;
        if (samePadding > kMaxElements)
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
        return boundedShape(node, out, (std::int64_t(in.height) + node.stride - 1) / node.stride,
                            (std::int64_t(in.width) + node.stride - 1) / node.stride);
    }
    case OpType::AvgPool:
    case OpType::MaxPool:
        if (2 * std::int64_t(node.padding) > node.kernel)
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
    }
    const Node& out = arch.nodes.back();
    if (out.op == OpType::EarlyExit)
        throw ArchitectureError(out.id, "the last node is the main output and cannot be an early exit");
    return shapes;
}

} // namespace edgenas::core
