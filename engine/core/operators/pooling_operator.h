#pragma once

#include "operator_rules.h"

namespace edgenas::core::operators {

/// What average and max pooling share: the window, its checks, its cost and its label. Dilation
/// is not stored in JSON (networks stored before it existed keep their hash) but is costed.
class PoolingOperator : public OperatorKind {
public:
    OperatorFamily family() const override { return OperatorFamily::Pooling; }
    NodeFields storedFields(const Node&) const override { return kKernel | kStride | kPadding; }
    NodeFields costFields(const Node&) const override { return kKernel | kStride | kPadding | kDilation; }
    TensorShape outputShape(const Architecture& architecture, const Node& node, const TensorShape& in) const override;
    void appendKernels(std::vector<KernelWork>& kernels, const SignatureView& signature, bool) const override;
    std::string describe(const Node& node) const override;
};

} // namespace edgenas::core::operators
