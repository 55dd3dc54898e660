#include "operator_rules.h"

namespace edgenas::core::operators {

namespace {

// Zeros (NAS-Bench-201 "none"): out_channels 0 keeps the width, stride reduces H and W.
class ZeroOperator final : public OperatorKind {
public:
    OpType type() const override { return OpType::Zero; }
    std::string_view name() const override { return "zero"; }
    std::string_view displayName() const override { return "Zero"; }
    OperatorFamily family() const override { return OperatorFamily::Wiring; }
    NodeFields storedFields(const Node&) const override { return kOutChannels | kStride; }
    TensorShape outputShape(const Architecture&, const Node& node, const TensorShape& in) const override {
        requirePositive(node, node.stride, "stride");
        const int out = node.outChannels == 0 ? in.channels : node.outChannels;
        requirePositive(node, out, "out_channels");
        return {out, (in.height + node.stride - 1) / node.stride, (in.width + node.stride - 1) / node.stride};
    }
    Node costNode(const Node& node, const TensorShape& out) const override {
        Node kept = OperatorKind::costNode(node, out);
        kept.outChannels = out.channels;
        return kept;
    }
    void appendKernels(std::vector<KernelWork>& kernels, const SignatureView& s, bool) const override {
        kernels.push_back(elementwiseKernel(0.0, elementsOf(s.out), 1.0));
    }
    std::string describe(const Node& node) const override { return "Zero" + strideText(node.stride); }
};

} // namespace

const OperatorKind& zeroOperator() {
    static const ZeroOperator kind;
    return kind;
}

} // namespace edgenas::core::operators
