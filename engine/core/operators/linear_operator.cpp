#include "operator_rules.h"

namespace edgenas::core::operators {

namespace {

// Flattens C*H*W into out_channels features.
class LinearOperator final : public OperatorKind {
public:
    OpType type() const override { return OpType::Linear; }
    std::string_view name() const override { return "linear"; }
    std::string_view displayName() const override { return "Linear"; }
    OperatorFamily family() const override { return OperatorFamily::Head; }
    NodeFields storedFields(const Node&) const override { return kOutChannels | kBias; }
    TensorShape outputShape(const Architecture&, const Node& node, const TensorShape&) const override {
        requirePositive(node, node.outChannels, "out_channels");
        return {node.outChannels, 1, 1};
    }
    double weightBound(const Architecture&, const Node&, const TensorShape& in, const TensorShape& out) const override {
        return double(in.channels) * in.height * in.width * out.channels;
    }
    NodeCounts counts(const Architecture&, const Node& node, const TensorShape& in,
                      const TensorShape& out) const override {
        const std::int64_t weights = in.elements() * out.channels;
        return {weights, weights + (node.bias ? out.channels : 0), 0};
    }
    void appendKernels(std::vector<KernelWork>& kernels, const SignatureView& s, bool) const override {
        const double weights = elementsOf(s.in) * s.out.channels + (s.node.bias ? s.out.channels : 0);
        kernels.push_back({2.0 * elementsOf(s.in) * s.out.channels, elementsOf(s.in) + elementsOf(s.out) + weights,
                           KernelClass::Linear});
    }
    std::string describe(const Node& node) const override { return "Linear → " + std::to_string(node.outChannels); }
};

} // namespace

const OperatorKind& linearOperator() {
    static const LinearOperator kind;
    return kind;
}

} // namespace edgenas::core::operators
