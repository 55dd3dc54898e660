#include "operator_rules.h"

#include "core/errors.h"

namespace edgenas::core::operators {

namespace {

// An element-wise activation named by the node's `activation`.
class ActivationOperator final : public OperatorKind {
public:
    OpType type() const override { return OpType::Activation; }
    std::string_view name() const override { return "activation"; }
    std::string_view displayName() const override { return "Activation"; }
    OperatorFamily family() const override { return OperatorFamily::Normalisation; }
    NodeFields storedFields(const Node&) const override { return kActivation; }
    TensorShape outputShape(const Architecture&, const Node& node, const TensorShape& in) const override {
        if (node.activation == ActivationType::None)
            throw ArchitectureError(node.id, "activation node without an activation type");
        return in;
    }
    void appendKernels(std::vector<KernelWork>& kernels, const SignatureView& s, bool) const override {
        kernels.push_back(elementwiseKernel(activationFlops(s.node.activation), elementsOf(s.out), 2.0));
    }
    std::string describe(const Node& node) const override { return std::string(toString(node.activation)); }
};

} // namespace

const OperatorKind& activationOperator() {
    static const ActivationOperator kind;
    return kind;
}

} // namespace edgenas::core::operators
