#include "operator_rules.h"

#include "core/errors.h"

namespace edgenas::core::operators {

namespace {

// Conv2d with groups = Cin, no bias; out_channels 0 keeps the width (or a multiple of it).
class DepthwiseConvOperator final : public OperatorKind {
public:
    OpType type() const override { return OpType::DepthwiseConv; }
    std::string_view name() const override { return "depthwise_conv"; }
    std::string_view displayName() const override { return "DWConv"; }
    OperatorFamily family() const override { return OperatorFamily::Convolution; }
    NodeFields storedFields(const Node&) const override {
        return kOutChannels | kKernel | kStride | kPadding | kDilation;
    }
    TensorShape outputShape(const Architecture&, const Node& node, const TensorShape& in) const override {
        const int out = node.outChannels == 0 ? in.channels : node.outChannels;
        if (out % in.channels != 0)
            throw ArchitectureError(node.id, "depthwise out_channels " + std::to_string(out) +
                                                 " is not a multiple of the input channels " +
                                                 std::to_string(in.channels));
        return windowedShape(node, in, out);
    }
    double weightBound(const Architecture&, const Node& node, const TensorShape&,
                       const TensorShape& out) const override {
        return double(out.channels) * node.kernel * node.kernel;
    }
    NodeCounts counts(const Architecture&, const Node& node, const TensorShape&,
                      const TensorShape& out) const override {
        const std::int64_t weights = std::int64_t(out.channels) * node.kernel * node.kernel;
        return {weights * out.height * out.width, weights, 0};
    }
    Node costNode(const Node& node, const TensorShape& out) const override {
        Node kept = OperatorKind::costNode(node, out);
        kept.outChannels = out.channels;  // 0 means "same as input": resolve it
        return kept;
    }
    void appendKernels(std::vector<KernelWork>& kernels, const SignatureView& s, bool) const override {
        kernels.push_back(convKernel(s.in, s.out, s.node.kernel, s.in.channels, false));
        kernels.back().kind = KernelClass::Depthwise;
    }
    std::string describe(const Node& node) const override {
        return "DWConv" + kernelText(node.kernel) + strideText(node.stride);
    }
};

} // namespace

const OperatorKind& depthwiseConvOperator() {
    static const DepthwiseConvOperator kind;
    return kind;
}

} // namespace edgenas::core::operators
