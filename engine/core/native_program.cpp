#include "native_program.h"

namespace edgenas::core {

namespace {

Instruction unfold(int kernel, int stride, int padding, int dilation) {
    return Instruction{.primitive = Primitive::Unfold, .inputs = {0}, .kernel = kernel, .stride = stride,
                       .padding = padding, .dilation = dilation};
}

Instruction contract(int from, int outChannels, int groups, bool bias) {
    return Instruction{.primitive = Primitive::Contract, .inputs = {from}, .outChannels = outChannels,
                       .groups = groups, .bias = bias};
}

} // namespace

std::optional<std::vector<Instruction>> nativeProgram(const Node& node, const TensorShape& in) {
    if (node.op == OpType::Conv)
        return std::vector<Instruction>{unfold(node.kernel, node.stride, node.padding, node.dilation),
                                        contract(1, node.outChannels, node.groups, node.bias)};
    if (node.op == OpType::DepthwiseConv) {
        const int out = node.outChannels == 0 ? in.channels : node.outChannels;
        return std::vector<Instruction>{unfold(node.kernel, node.stride, node.padding, node.dilation),
                                        contract(1, out, in.channels, false)};
    }
    if (node.op == OpType::PointwiseConv) {
        if (node.stride == 1)
            return std::vector<Instruction>{contract(0, node.outChannels, node.groups, node.bias)};
        return std::vector<Instruction>{unfold(1, node.stride, 0, 1), contract(1, node.outChannels, node.groups, node.bias)};
    }
    if (node.op == OpType::Linear)
        return std::vector<Instruction>{Instruction{.primitive = Primitive::Flatten, .inputs = {0}},
                                        contract(1, node.outChannels, 1, node.bias)};
    return std::nullopt;
}

std::optional<Node> asProgramNode(const Node& node, const TensorShape& in) {
    auto program = nativeProgram(node, in);
    if (!program)
        return std::nullopt;
    Node rewritten;
    rewritten.id = node.id;
    rewritten.op = OpType::Program;
    rewritten.inputs = node.inputs;
    rewritten.merge = node.merge;
    rewritten.label = node.label;
    rewritten.program = std::move(*program);
    return rewritten;
}

} // namespace edgenas::core
