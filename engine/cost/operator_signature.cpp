#include "operator_signature.h"

#include "core/errors.h"
#include "core/operator_registry.h"
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

// Only the fields the operator's cost depends on, so nodes that differ in unused fields (or
// labels, ids, inputs) share a signature.
Node normalised(const Node& node, const TensorShape& out) {
    Node n = core::operatorKind(node.op).costNode(node, out);
    n.op = node.op;
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
    core::operatorKind(n.op).appendKey(k, {n, mergedInput(), output, numClasses});
    return k;
}

} // namespace edgenas::cost
