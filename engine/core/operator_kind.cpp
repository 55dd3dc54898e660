#include "operator_kind.h"

namespace edgenas::core {

void appendKeyField(std::string& key, const char* name, long long value) {
    key += '|';
    key += name;
    key += '=';
    key += std::to_string(value);
}

void copyFields(Node& to, const Node& from, NodeFields fields) {
    if (fields & kOutChannels) to.outChannels = from.outChannels;
    if (fields & kKernel) to.kernel = from.kernel;
    if (fields & kStride) to.stride = from.stride;
    if (fields & kPadding) to.padding = from.padding;
    if (fields & kDilation) to.dilation = from.dilation;
    if (fields & kGroups) to.groups = from.groups;
    if (fields & kExpansion) to.expansion = from.expansion;
    if (fields & kSqueezeExcite) to.squeezeExcite = from.squeezeExcite;
    if (fields & kBias) to.bias = from.bias;
    if (fields & kActivation) to.activation = from.activation;
    if (fields & kProgram) to.program = from.program;
}

double OperatorKind::weightBound(const Architecture&, const Node&, const TensorShape&, const TensorShape&) const {
    return 0.0;
}

NodeCounts OperatorKind::counts(const Architecture&, const Node&, const TensorShape&, const TensorShape&) const {
    return {};
}

NodeFields OperatorKind::costFields(const Node& node) const { return storedFields(node); }

Node OperatorKind::costNode(const Node& node, const TensorShape&) const {
    Node kept;
    kept.op = node.op;
    copyFields(kept, node, costFields(node));
    return kept;
}

void OperatorKind::appendKey(std::string& key, const SignatureView& signature) const {
    const Node& n = signature.node;
    const NodeFields fields = costFields(n);
    if (fields & kKernel) appendKeyField(key, "k", n.kernel);
    if (fields & kStride) appendKeyField(key, "s", n.stride);
    if (fields & kPadding) appendKeyField(key, "p", n.padding);
    if (fields & kDilation) appendKeyField(key, "d", n.dilation);
    if (fields & kGroups) appendKeyField(key, "g", n.groups);
    if (fields & kBias) appendKeyField(key, "bias", n.bias);
    if (fields & kActivation) key += "|act=" + std::string(toString(n.activation));
}

void OperatorKind::appendKernels(std::vector<KernelWork>&, const SignatureView&, bool) const {}

std::string OperatorKind::describe(const Node&) const { return std::string(displayName()); }

} // namespace edgenas::core
