#include "operator_rules.h"

#include "core/errors.h"

namespace edgenas::core::operators {

namespace {

// 1x1 Conv2d; stride and groups allowed.
class PointwiseConvOperator final : public OperatorKind {
public:
    OpType type() const override { return OpType::PointwiseConv; }
    std::string_view name() const override { return "pointwise_conv"; }
    std::string_view displayName() const override { return "PWConv"; }
    OperatorFamily family() const override { return OperatorFamily::Convolution; }
    NodeFields storedFields(const Node&) const override { return kOutChannels | kStride | kGroups | kBias; }
    TensorShape outputShape(const Architecture&, const Node& node, const TensorShape& in) const override {
        requirePositive(node, node.outChannels, "out_channels");
        requireGroups(node, in.channels, node.outChannels, node.groups);
        if (node.kernel != 1 || node.padding != 0 || node.dilation != 1)
            throw ArchitectureError(node.id, "a pointwise convolution has kernel 1, padding 0, dilation 1");
        return windowedShape(node, in, node.outChannels);
    }
    double weightBound(const Architecture&, const Node& node, const TensorShape& in,
                       const TensorShape& out) const override {
        return double(out.channels) * (in.channels / node.groups);
    }
    NodeCounts counts(const Architecture&, const Node& node, const TensorShape& in,
                      const TensorShape& out) const override {
        const std::int64_t weights = std::int64_t(out.channels) * (in.channels / node.groups);
        return {weights * out.height * out.width, weights + (node.bias ? out.channels : 0), 0};
    }
    void appendKernels(std::vector<KernelWork>& kernels, const SignatureView& s, bool) const override {
        kernels.push_back(convKernel(s.in, s.out, 1, s.node.groups, s.node.bias));
    }
    std::string describe(const Node& node) const override {
        std::string text = "PWConv" + kernelText(node.kernel) + strideText(node.stride) + " → " +
                           std::to_string(node.outChannels);
        if (node.groups > 1)
            text += " g" + std::to_string(node.groups);
        return text;
    }
};

} // namespace

const OperatorKind& pointwiseConvOperator() {
    static const PointwiseConvOperator kind;
    return kind;
}

} // namespace edgenas::core::operators
