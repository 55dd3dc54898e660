#include "operator_rules.h"

namespace edgenas::core::operators {

namespace {

// Conv2d(Cin, out_channels, kernel, stride, padding, dilation, groups, bias).
class ConvOperator final : public OperatorKind {
public:
    OpType type() const override { return OpType::Conv; }
    std::string_view name() const override { return "conv"; }
    std::string_view displayName() const override { return "Conv"; }
    OperatorFamily family() const override { return OperatorFamily::Convolution; }
    NodeFields storedFields(const Node&) const override {
        return kOutChannels | kKernel | kStride | kPadding | kDilation | kGroups | kBias;
    }
    TensorShape outputShape(const Architecture&, const Node& node, const TensorShape& in) const override {
        requirePositive(node, node.outChannels, "out_channels");
        requireGroups(node, in.channels, node.outChannels, node.groups);
        return windowedShape(node, in, node.outChannels);
    }
    double weightBound(const Architecture&, const Node& node, const TensorShape& in,
                       const TensorShape& out) const override {
        return double(out.channels) * (in.channels / node.groups) * node.kernel * node.kernel;
    }
    NodeCounts counts(const Architecture&, const Node& node, const TensorShape& in,
                      const TensorShape& out) const override {
        const std::int64_t weights = std::int64_t(out.channels) * (in.channels / node.groups) * node.kernel * node.kernel;
        return {weights * out.height * out.width, weights + (node.bias ? out.channels : 0), 0};
    }
    void appendKernels(std::vector<KernelWork>& kernels, const SignatureView& s, bool) const override {
        kernels.push_back(convKernel(s.in, s.out, s.node.kernel, s.node.groups, s.node.bias));
    }
    std::string describe(const Node& node) const override {
        std::string text = "Conv" + kernelText(node.kernel) + strideText(node.stride) + " → " +
                           std::to_string(node.outChannels);
        if (node.groups > 1)
            text += " g" + std::to_string(node.groups);
        return text;
    }
};

} // namespace

const OperatorKind& convOperator() {
    static const ConvOperator kind;
    return kind;
}

} // namespace edgenas::core::operators
