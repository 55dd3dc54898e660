#include "graph_builder.h"

#include <utility>

namespace edgenas::spaces {

using core::Node;
using core::OpType;

namespace {

Node makeNode(OpType op, std::vector<int> inputs, std::string label) {
    Node node;
    node.op = op;
    node.inputs = std::move(inputs);
    node.label = std::move(label);
    return node;
}

// Several inputs are concatenated along channels; one input keeps the default merge, so the node
// equals the one a single-input builder call makes (same JSON, same hash).
Node concatNode(OpType op, std::vector<int> inputs, std::string label) {
    const bool merges = inputs.size() > 1;
    Node node = makeNode(op, std::move(inputs), std::move(label));
    if (merges)
        node.merge = core::MergeMode::Concat;
    return node;
}

} // namespace

GraphBuilder::GraphBuilder(core::TensorShape input, int numClasses) {
    m_arch.input = input;
    m_arch.numClasses = numClasses;
}

int GraphBuilder::append(Node node) { return m_arch.add(std::move(node)); }

int GraphBuilder::input() { return append(makeNode(OpType::Input, {}, "input")); }

int GraphBuilder::conv(int from, int outChannels, int kernel, int stride, int padding, std::string label) {
    if (kernel == 1 && padding == 0)
        return pointwise(from, outChannels, std::move(label), stride);
    Node node = makeNode(OpType::Conv, {from}, std::move(label));
    node.outChannels = outChannels;
    node.kernel = kernel;
    node.stride = stride;
    node.padding = padding;
    return append(std::move(node));
}

int GraphBuilder::pointwise(int from, int outChannels, std::string label, int stride) {
    Node node = makeNode(OpType::PointwiseConv, {from}, std::move(label));
    node.outChannels = outChannels;
    node.stride = stride;
    return append(std::move(node));
}

int GraphBuilder::pointwise(std::vector<int> inputs, int outChannels, std::string label) {
    Node node = concatNode(OpType::PointwiseConv, std::move(inputs), std::move(label));
    node.outChannels = outChannels;
    return append(std::move(node));
}

int GraphBuilder::depthwise(std::vector<int> inputs, int kernel, int stride, int padding, std::string label) {
    // outChannels stays 0: as wide as the (concatenated) input.
    Node node = concatNode(OpType::DepthwiseConv, std::move(inputs), std::move(label));
    node.kernel = kernel;
    node.stride = stride;
    node.padding = padding;
    return append(std::move(node));
}

int GraphBuilder::batchNorm(int from, std::string label) {
    return append(makeNode(OpType::BatchNorm, {from}, std::move(label)));
}

int GraphBuilder::relu(int from, std::string label) {
    Node node = makeNode(OpType::Activation, {from}, std::move(label));
    node.activation = core::ActivationType::ReLU;
    return append(std::move(node));
}

int GraphBuilder::activation(int from, core::ActivationType type, std::string label) {
    Node node = makeNode(OpType::Activation, {from}, std::move(label));
    node.activation = type;
    return append(std::move(node));
}

int GraphBuilder::pointwiseWithBias(int from, int outChannels, std::string label) {
    Node node = makeNode(OpType::PointwiseConv, {from}, std::move(label));
    node.outChannels = outChannels;
    node.bias = true;
    return append(std::move(node));
}

int GraphBuilder::reluConvBn(int from, int outChannels, int kernel, int stride, int padding,
                             const std::string& prefix) {
    const int activated = relu(from, prefix + "/relu");
    const int convolved = conv(activated, outChannels, kernel, stride, padding, prefix + "/conv");
    return batchNorm(convolved, prefix + "/bn");
}

int GraphBuilder::zero(int from, std::string label) {
    return append(makeNode(OpType::Zero, {from}, std::move(label)));
}

int GraphBuilder::identity(std::vector<int> inputs, std::string label) {
    return append(makeNode(OpType::Identity, std::move(inputs), std::move(label)));
}

int GraphBuilder::concat(std::vector<int> inputs, std::string label) {
    return append(concatNode(OpType::Identity, std::move(inputs), std::move(label)));
}

int GraphBuilder::maxPool(int from, int kernel, int stride, int padding, std::string label) {
    Node node = makeNode(OpType::MaxPool, {from}, std::move(label));
    node.kernel = kernel;
    node.stride = stride;
    node.padding = padding;
    return append(std::move(node));
}

int GraphBuilder::avgPool(int from, int kernel, int stride, int padding, std::string label) {
    Node node = makeNode(OpType::AvgPool, {from}, std::move(label));
    node.kernel = kernel;
    node.stride = stride;
    node.padding = padding;
    return append(std::move(node));
}

int GraphBuilder::globalAvgPool(int from, std::string label) {
    return append(makeNode(OpType::GlobalAvgPool, {from}, std::move(label)));
}

int GraphBuilder::linear(int from, int outChannels, std::string label) {
    Node node = makeNode(OpType::Linear, {from}, std::move(label));
    node.outChannels = outChannels;
    node.bias = true;
    return append(std::move(node));
}

int GraphBuilder::mbconv(int from, int outChannels, int kernel, int stride, int expansion, int groups,
                         core::ActivationType activation, std::string label) {
    Node node = makeNode(OpType::MBConv, {from}, std::move(label));
    node.outChannels = outChannels;
    node.kernel = kernel;
    node.stride = stride;
    node.expansion = expansion;
    node.groups = groups;
    node.activation = activation;
    return append(std::move(node));
}

int GraphBuilder::mbconv(int from, int outChannels, int kernel, int stride, int expansion, bool squeezeExcite,
                         core::ActivationType activation, std::string label) {
    const int id = mbconv(from, outChannels, kernel, stride, expansion, 1, activation, std::move(label));
    m_arch.nodes.back().squeezeExcite = squeezeExcite;
    return id;
}

} // namespace edgenas::spaces
