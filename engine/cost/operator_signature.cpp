#include "operator_signature.h"

#include "core/errors.h"
#include "core/shape_inference.h"

namespace edgenas::cost {

using core::Node;
using core::OpType;
using core::TensorShape;

namespace {

std::string shapeText(const TensorShape& s) {
    return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" + std::to_string(s.width);
}

std::string inputsText(const std::vector<TensorShape>& inputs) {
    bool allSame = true;
    for (const TensorShape& s : inputs)
        allSame = allSame && s == inputs.front();
    if (allSame)
        return shapeText(inputs.front()) + (inputs.size() > 1 ? "*" + std::to_string(inputs.size()) : "");
    std::string text;
    for (const TensorShape& s : inputs)
        text += (text.empty() ? "" : "+") + shapeText(s);
    return text;
}

// Copies only the fields the operator uses, so nodes that differ in unused fields (or labels,
// ids, inputs) share a signature.
Node normalised(const Node& node, const TensorShape& out) {
    Node n;
    n.op = node.op;
    switch (node.op) {
    case OpType::Conv:
        n.outChannels = node.outChannels;
        n.kernel = node.kernel;
        n.stride = node.stride;
        n.padding = node.padding;
        n.dilation = node.dilation;
        n.groups = node.groups;
        n.bias = node.bias;
        break;
    case OpType::DepthwiseConv:
        n.outChannels = out.channels;  // 0 means "same as input": resolve it
        n.kernel = node.kernel;
        n.stride = node.stride;
        n.padding = node.padding;
        n.dilation = node.dilation;
        break;
    case OpType::PointwiseConv:
        n.outChannels = node.outChannels;
        n.stride = node.stride;
        n.groups = node.groups;
        n.bias = node.bias;
        break;
    case OpType::MBConv:
        n.outChannels = node.outChannels;
        n.kernel = node.kernel;
        n.stride = node.stride;
        n.dilation = node.dilation;
        n.groups = node.groups;
        n.expansion = node.expansion;
        n.squeezeExcite = node.squeezeExcite;
        // The model builder runs ReLU6 when none is named.
        n.activation = node.activation == core::ActivationType::None ? core::ActivationType::ReLU6 : node.activation;
        break;
    case OpType::Zero:
        n.outChannels = out.channels;
        n.stride = node.stride;
        break;
    case OpType::AvgPool:
    case OpType::MaxPool:
        n.kernel = node.kernel;
        n.stride = node.stride;
        n.padding = node.padding;
        n.dilation = node.dilation;
        break;
    case OpType::Activation:
        n.activation = node.activation;
        break;
    case OpType::Linear:
        n.outChannels = node.outChannels;
        n.bias = node.bias;
        break;
    case OpType::EarlyExit:
        // A narrow head's width and (resolved) activation change its cost; the plain head has neither.
        if (node.outChannels > 0) {
            n.outChannels = node.outChannels;
            n.activation = core::earlyExitActivation(node.activation);
        }
        break;
    case OpType::Input:
    case OpType::Identity:
    case OpType::BatchNorm:
    case OpType::GlobalAvgPool:
        break;
    }
    if (node.inputs.size() > 1)
        n.merge = node.merge;
    return n;
}

} // namespace

OperatorSignature OperatorSignature::of(const core::Architecture& arch, const Node& node,
                                        const std::vector<TensorShape>& shapes) {
    if (node.op == OpType::Input)
        throw core::ArchitectureError(node.id, "the input node has no operator signature");
    OperatorSignature sig;
    for (int input : node.inputs)
        sig.inputs.push_back(shapes.at(static_cast<std::size_t>(input)));
    sig.output = shapes.at(static_cast<std::size_t>(node.id));
    sig.node = normalised(node, sig.output);
    if (node.op == OpType::EarlyExit)
        sig.numClasses = arch.numClasses;
    return sig;
}

std::vector<OperatorSignature> OperatorSignature::ofArchitecture(const core::Architecture& arch) {
    const std::vector<TensorShape> shapes = core::inferShapes(arch);
    std::vector<OperatorSignature> out;
    out.reserve(arch.nodes.size());
    for (const Node& node : arch.nodes)
        if (node.op != OpType::Input)
            out.push_back(of(arch, node, shapes));
    return out;
}

TensorShape OperatorSignature::mergedInput() const {
    TensorShape merged = inputs.front();
    if (node.merge == core::MergeMode::Concat)
        for (std::size_t i = 1; i < inputs.size(); ++i)
            merged.channels += inputs[i].channels;
    return merged;
}

std::string OperatorSignature::key() const {
    const Node& n = node;
    std::string k(core::toString(n.op));
    k += "|in=" + inputsText(inputs);
    if (inputs.size() > 1)
        k += std::string("|merge=") + std::string(core::toString(n.merge));
    k += "|out=" + shapeText(output);
    auto field = [&k](const char* name, long long value) { k += std::string("|") + name + "=" + std::to_string(value); };
    switch (n.op) {
    case OpType::Conv:
        field("k", n.kernel);
        field("s", n.stride);
        field("p", n.padding);
        field("d", n.dilation);
        field("g", n.groups);
        field("bias", n.bias);
        break;
    case OpType::DepthwiseConv:
        field("k", n.kernel);
        field("s", n.stride);
        field("p", n.padding);
        field("d", n.dilation);
        break;
    case OpType::PointwiseConv:
        field("s", n.stride);
        field("g", n.groups);
        field("bias", n.bias);
        break;
    case OpType::MBConv:
        field("k", n.kernel);
        field("s", n.stride);
        field("d", n.dilation);
        field("e", n.expansion);
        field("g", n.groups);
        field("se", n.squeezeExcite);
        k += "|act=" + std::string(core::toString(n.activation));
        break;
    case OpType::Zero:
        field("s", n.stride);
        break;
    case OpType::AvgPool:
    case OpType::MaxPool:
        field("k", n.kernel);
        field("s", n.stride);
        field("p", n.padding);
        field("d", n.dilation);
        break;
    case OpType::Activation:
        k += "|act=" + std::string(core::toString(n.activation));
        break;
    case OpType::Linear:
        field("bias", n.bias);
        break;
    case OpType::EarlyExit:
        field("classes", numClasses);
        // Only narrow heads carry these, so keys of the plain head (tables on disk) are unchanged.
        if (n.outChannels > 0) {
            field("h", n.outChannels);
            k += "|act=" + std::string(core::toString(n.activation));
        }
        break;
    case OpType::Input:
    case OpType::Identity:
    case OpType::BatchNorm:
    case OpType::GlobalAvgPool:
        break;
    }
    return k;
}

} // namespace edgenas::cost
