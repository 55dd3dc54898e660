#include "operator_rules.h"

namespace edgenas::core::operators {

namespace {

// Affine batch norm over channels.
class BatchNormOperator final : public OperatorKind {
public:
    OpType type() const override { return OpType::BatchNorm; }
    std::string_view name() const override { return "batch_norm"; }
    std::string_view displayName() const override { return "BatchNorm"; }
    OperatorFamily family() const override { return OperatorFamily::Normalisation; }
    NodeFields storedFields(const Node&) const override { return 0; }
    TensorShape outputShape(const Architecture&, const Node&, const TensorShape& in) const override { return in; }
    NodeCounts counts(const Architecture&, const Node&, const TensorShape& in, const TensorShape&) const override {
        return {0, batchNormParams(in.channels), 0};
    }
    void appendKernels(std::vector<KernelWork>& kernels, const SignatureView& s, bool) const override {
        kernels.push_back(elementwiseKernel(2.0, elementsOf(s.out), 2.0));
    }
};

} // namespace

const OperatorKind& batchNormOperator() {
    static const BatchNormOperator kind;
    return kind;
}

} // namespace edgenas::core::operators
