#include "operator_rules.h"

#include "core/errors.h"

namespace edgenas::core::operators {

namespace {

// The model builder runs ReLU6 when none is named.
ActivationType mbconvActivation(ActivationType named) {
    return named == ActivationType::None ? ActivationType::ReLU6 : named;
}

// Inverted residual: [pw expand+BN+act (+channel shuffle when grouped)] dw+BN+act [SE]
// pw project+BN, residual when the shape is kept.
class MBConvOperator final : public OperatorKind {
public:
    OpType type() const override { return OpType::MBConv; }
    std::string_view name() const override { return "mbconv"; }
    std::string_view displayName() const override { return "MBConv"; }
    OperatorFamily family() const override { return OperatorFamily::Block; }
    NodeFields storedFields(const Node&) const override {
        return kOutChannels | kKernel | kStride | kDilation | kGroups | kExpansion | kSqueezeExcite | kActivation;
    }

    TensorShape outputShape(const Architecture&, const Node& node, const TensorShape& in) const override {
        requirePositive(node, node.outChannels, "out_channels");
        requirePositive(node, node.expansion, "expansion");
        if (double(in.channels) * node.expansion * in.height * in.width > kMaxFeatureMapValues)
            throw ArchitectureError(node.id, "expansion " + std::to_string(node.expansion) + " of input " +
                                                 describeShape(in) + " is too large");
        const int hidden = mbconvHiddenChannels(in.channels, node.expansion);
        requireGroups(node, in.channels, hidden, node.groups);
        requireGroups(node, hidden, node.outChannels, node.groups);
        if (node.kernel % 2 == 0)
            throw ArchitectureError(node.id, "MBConv kernel must be odd, got " + std::to_string(node.kernel));
        requirePositive(node, node.kernel, "kernel");
        requirePositive(node, node.dilation, "dilation");
        // "Same" padding, in 64 bits: kernel and dilation may each be up to 2^30.
        const std::int64_t samePadding = std::int64_t(node.dilation) * (node.kernel - 1) / 2;
        if (samePadding > (1 << 30))
            throw ArchitectureError(node.id, "MBConv kernel " + std::to_string(node.kernel) + " with dilation " +
                                                 std::to_string(node.dilation) + " is too large to pad");
        Node depthwise = node;
        depthwise.padding = static_cast<int>(samePadding);
        return windowedShape(depthwise, in, node.outChannels);
    }

    double weightBound(const Architecture&, const Node& node, const TensorShape& in,
                       const TensorShape& out) const override {
        const double hidden = double(in.channels) * node.expansion;
        return hidden * in.channels / node.groups + hidden * node.kernel * node.kernel +
               double(out.channels) * hidden / node.groups;
    }

    NodeCounts counts(const Architecture&, const Node& node, const TensorShape& in,
                      const TensorShape& out) const override {
        NodeCounts c;
        const std::int64_t outPixels = std::int64_t(out.height) * out.width;
        const std::int64_t k2 = std::int64_t(node.kernel) * node.kernel;
        const std::int64_t hidden = mbconvHiddenChannels(in.channels, node.expansion);
        const std::int64_t groups = node.groups;
        if (node.expansion != 1) {
            const std::int64_t expand = hidden * (in.channels / groups);
            c.macs += expand * in.height * in.width;
            c.params += expand + batchNormParams(hidden);
        }
        c.macs += hidden * k2 * outPixels;
        c.params += hidden * k2 + batchNormParams(hidden);
        if (node.squeezeExcite) {
            const std::int64_t squeezed = squeezeExciteChannels(static_cast<int>(hidden));
            c.macs += 2 * hidden * squeezed;
            c.params += hidden * squeezed + squeezed + squeezed * hidden + hidden;
        }
        const std::int64_t project = std::int64_t(out.channels) * (hidden / groups);
        c.macs += project * outPixels;
        c.params += project + batchNormParams(out.channels);
        const std::int64_t expanded = node.expansion != 1 ? hidden * in.height * in.width : 0;
        c.workspaceElements = expanded + hidden * outPixels;
        return c;
    }

    Node costNode(const Node& node, const TensorShape& out) const override {
        Node kept = OperatorKind::costNode(node, out);
        kept.activation = mbconvActivation(node.activation);
        return kept;
    }

    void appendKey(std::string& key, const SignatureView& s) const override {
        const Node& n = s.node;
        appendKeyField(key, "k", n.kernel);
        appendKeyField(key, "s", n.stride);
        appendKeyField(key, "d", n.dilation);
        appendKeyField(key, "e", n.expansion);
        appendKeyField(key, "g", n.groups);
        appendKeyField(key, "se", n.squeezeExcite);
        key += "|act=" + std::string(toString(n.activation));
    }

    void appendKernels(std::vector<KernelWork>& ks, const SignatureView& s, bool fuses) const override {
        const Node& n = s.node;
        const TensorShape& in = s.in;
        const TensorShape& out = s.out;
        const int hidden = mbconvHiddenChannels(in.channels, n.expansion);
        const TensorShape expanded{hidden, in.height, in.width};
        const TensorShape spatial{hidden, out.height, out.width};
        const double actFlops = activationFlops(n.activation);
        if (n.expansion != 1) {
            ks.push_back(convKernel(in, expanded, 1, n.groups, false));
            if (!fuses) {
                ks.push_back(elementwiseKernel(2.0, elementsOf(expanded), 2.0));       // BN
                ks.push_back(elementwiseKernel(actFlops, elementsOf(expanded), 2.0));  // activation
            }
            if (n.groups > 1)
                ks.push_back(elementwiseKernel(0.0, elementsOf(expanded), 2.0));  // channel shuffle copy
        }
        KernelWork dw = convKernel(expanded, spatial, n.kernel, hidden, false);
        dw.kind = KernelClass::Depthwise;
        ks.push_back(dw);
        if (!fuses) {
            ks.push_back(elementwiseKernel(2.0, elementsOf(spatial), 2.0));
            ks.push_back(elementwiseKernel(actFlops, elementsOf(spatial), 2.0));
        }
        if (n.squeezeExcite) {
            const int squeezed = squeezeExciteChannels(hidden);
            ks.push_back(elementwiseKernel(1.0, elementsOf(spatial), 1.0));  // global pool
            const TensorShape vec{hidden, 1, 1};
            const TensorShape small{squeezed, 1, 1};
            KernelWork reduce = convKernel(vec, small, 1, 1, true);
            KernelWork expand = convKernel(small, vec, 1, 1, true);
            reduce.kind = expand.kind = KernelClass::Linear;
            ks.push_back(reduce);
            ks.push_back(expand);
            if (!fuses) {
                ks.push_back(elementwiseKernel(1.0, squeezed, 2.0));  // relu
                ks.push_back(elementwiseKernel(4.0, hidden, 2.0));    // hard sigmoid
            }
            ks.push_back(elementwiseKernel(1.0, elementsOf(spatial), 2.0));  // scale
        }
        ks.push_back(convKernel(spatial, out, 1, n.groups, false));
        if (!fuses)
            ks.push_back(elementwiseKernel(2.0, elementsOf(out), 2.0));
        if (n.stride == 1 && in.channels == out.channels)
            ks.push_back(elementwiseKernel(1.0, elementsOf(out), 3.0));  // residual add
    }

    std::string describe(const Node& node) const override {
        std::string text = "MBConv k" + std::to_string(node.kernel) + " e" + std::to_string(node.expansion) +
                           strideText(node.stride) + " → " + std::to_string(node.outChannels);
        if (node.squeezeExcite)
            text += " SE";
        return text;
    }
};

} // namespace

const OperatorKind& mbconvOperator() {
    static const MBConvOperator kind;
    return kind;
}

} // namespace edgenas::core::operators
