#include "operator_rules.h"

namespace edgenas::core::operators {

namespace {

// C x H x W -> C x 1 x 1.
class GlobalAvgPoolOperator final : public OperatorKind {
public:
    OpType type() const override { return OpType::GlobalAvgPool; }
    std::string_view name() const override { return "global_avg_pool"; }
    std::string_view displayName() const override { return "GlobalAvgPool"; }
    OperatorFamily family() const override { return OperatorFamily::Pooling; }
    NodeFields storedFields(const Node&) const override { return 0; }
    TensorShape outputShape(const Architecture&, const Node&, const TensorShape& in) const override {
        return {in.channels, 1, 1};
    }
    void appendKernels(std::vector<KernelWork>& kernels, const SignatureView& s, bool) const override {
        kernels.push_back({elementsOf(s.in), elementsOf(s.in) + elementsOf(s.out), KernelClass::Elementwise});
    }
};

} // namespace

const OperatorKind& globalAvgPoolOperator() {
    static const GlobalAvgPoolOperator kind;
    return kind;
}

} // namespace edgenas::core::operators
