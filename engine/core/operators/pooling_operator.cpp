#include "pooling_operator.h"

#include "core/errors.h"

namespace edgenas::core::operators {

TensorShape PoolingOperator::outputShape(const Architecture&, const Node& node, const TensorShape& in) const {
    if (2 * node.padding > node.kernel)
        throw ArchitectureError(node.id, "pool padding must be at most half the kernel");
    return windowedShape(node, in, in.channels);
}

void PoolingOperator::appendKernels(std::vector<KernelWork>& kernels, const SignatureView& s, bool) const {
    kernels.push_back({double(s.node.kernel) * s.node.kernel * elementsOf(s.out), elementsOf(s.in) + elementsOf(s.out),
                       KernelClass::Elementwise});
}

std::string PoolingOperator::describe(const Node& node) const {
    return std::string(displayName()) + kernelText(node.kernel) + strideText(node.stride);
}

namespace {

// Average pooling; padding is excluded from the average.
class AvgPoolOperator final : public PoolingOperator {
public:
    OpType type() const override { return OpType::AvgPool; }
    std::string_view name() const override { return "avg_pool"; }
    std::string_view displayName() const override { return "AvgPool"; }
};

class MaxPoolOperator final : public PoolingOperator {
public:
    OpType type() const override { return OpType::MaxPool; }
    std::string_view name() const override { return "max_pool"; }
    std::string_view displayName() const override { return "MaxPool"; }
};

} // namespace

const OperatorKind& avgPoolOperator() {
    static const AvgPoolOperator kind;
    return kind;
}

const OperatorKind& maxPoolOperator() {
    static const MaxPoolOperator kind;
    return kind;
}

} // namespace edgenas::core::operators
