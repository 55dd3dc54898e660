#include "operator_rules.h"

#include "core/errors.h"

namespace edgenas::core::operators {

namespace {

bool isNarrow(const Node& node) { return node.outChannels != 0; }

// An extra classifier output. Width 0: global pool + Linear(C -> classes, bias). Width H > 0
// (the narrow head): 1x1 conv (C -> H, no bias) + BN + activation (Swish when none is named,
// the backbone's own) + global pool + Linear(H -> classes, bias).
class EarlyExitOperator final : public OperatorKind {
public:
    OpType type() const override { return OpType::EarlyExit; }
    std::string_view name() const override { return "early_exit"; }
    std::string_view displayName() const override { return "Early exit"; }
    OperatorFamily family() const override { return OperatorFamily::Head; }
    // A plain head writes neither field, so the JSON (and the hash) of networks stored before
    // narrow heads existed is unchanged.
    NodeFields storedFields(const Node& node) const override { return isNarrow(node) ? kOutChannels | kActivation : 0; }

    TensorShape outputShape(const Architecture& architecture, const Node& node, const TensorShape& in) const override {
        if (architecture.numClasses <= 0)
            throw ArchitectureError(node.id, "early exit needs a positive class count");
        if (node.outChannels < 0)
            throw ArchitectureError(node.id, "early exit head width (out_channels) must not be negative, got " +
                                                 std::to_string(node.outChannels));
        if (double(node.outChannels) * in.height * in.width > kMaxFeatureMapValues)
            throw ArchitectureError(node.id, "early exit head width " + std::to_string(node.outChannels) +
                                                 " over input " + describeShape(in) + " is too large");
        return {architecture.numClasses, 1, 1};
    }

    double weightBound(const Architecture& architecture, const Node& node, const TensorShape& in,
                       const TensorShape&) const override {
        if (node.outChannels > 0)
            return double(in.channels) * node.outChannels + double(node.outChannels) * architecture.numClasses;
        return double(in.channels) * architecture.numClasses;
    }

    NodeCounts counts(const Architecture& architecture, const Node& node, const TensorShape& in,
                      const TensorShape&) const override {
        const std::int64_t classes = architecture.numClasses;
        const std::int64_t cin = in.channels;
        if (node.outChannels > 0) {
            // Narrow head: 1x1 conv over the block's whole output, BN, then the classifier on H.
            const std::int64_t width = node.outChannels;
            const std::int64_t inPixels = std::int64_t(in.height) * in.width;
            return {cin * width * inPixels + width * classes,
                    cin * width + batchNormParams(width) + width * classes + classes, width * inPixels};
        }
        return {cin * classes, cin * classes + classes, 0};
    }

    Node costNode(const Node& node, const TensorShape& out) const override {
        Node kept = OperatorKind::costNode(node, out);
        if (isNarrow(node))
            kept.activation = earlyExitActivation(node.activation);
        return kept;
    }

    void appendKey(std::string& key, const SignatureView& s) const override {
        appendKeyField(key, "classes", s.numClasses);
        // Only narrow heads carry these, so keys of the plain head (tables on disk) are unchanged.
        if (s.node.outChannels > 0) {
            appendKeyField(key, "h", s.node.outChannels);
            key += "|act=" + std::string(toString(s.node.activation));
        }
    }

    void appendKernels(std::vector<KernelWork>& ks, const SignatureView& s, bool fuses) const override {
        TensorShape pooledFrom = s.in;
        if (s.node.outChannels > 0) {
            // Narrow head: 1x1 conv to H, BN and activation (fused or separate passes), then pool.
            const TensorShape hidden{s.node.outChannels, s.in.height, s.in.width};
            ks.push_back(convKernel(s.in, hidden, 1, 1, false));
            if (!fuses) {
                ks.push_back(elementwiseKernel(2.0, elementsOf(hidden), 2.0));
                ks.push_back(elementwiseKernel(activationFlops(s.node.activation), elementsOf(hidden), 2.0));
            }
            pooledFrom = hidden;
        }
        const double width = pooledFrom.channels;
        ks.push_back({elementsOf(pooledFrom), elementsOf(pooledFrom) + width, KernelClass::Elementwise});
        const double weights = width * s.numClasses + s.numClasses;
        ks.push_back({2.0 * width * s.numClasses, width + s.numClasses + weights, KernelClass::Linear});
    }

    std::string describe(const Node& node) const override {
        std::string text = "Early exit";
        if (node.outChannels > 0)  // the narrow head's 1x1 convolution width
            text += " 1×1 → " + std::to_string(node.outChannels);
        return text;
    }
};

} // namespace

const OperatorKind& earlyExitOperator() {
    static const EarlyExitOperator kind;
    return kind;
}

} // namespace edgenas::core::operators
