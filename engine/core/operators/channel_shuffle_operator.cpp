#include "operator_rules.h"

#include "core/errors.h"

namespace edgenas::core::operators {

namespace {

// ShuffleNet's channel shuffle: the channels, seen as g groups of C/g, are transposed to C/g
// groups of g, so a grouped convolution after it reads from every group of the one before.
// Channel i*(C/g) + j moves to j*g + i. No weights and no arithmetic, only a copy.
class ChannelShuffleOperator final : public OperatorKind {
public:
    OpType type() const override { return OpType::ChannelShuffle; }
    std::string_view name() const override { return "channel_shuffle"; }
    std::string_view displayName() const override { return "Shuffle"; }
    OperatorFamily family() const override { return OperatorFamily::Wiring; }
    NodeFields storedFields(const Node&) const override { return kGroups; }
    TensorShape outputShape(const Architecture&, const Node& node, const TensorShape& in) const override {
        requirePositive(node, node.groups, "groups");
        if (in.channels % node.groups != 0)
            throw ArchitectureError(node.id, "channel shuffle groups " + std::to_string(node.groups) +
                                                 " do not divide the input channels " + std::to_string(in.channels));
        return in;
    }
    void appendKernels(std::vector<KernelWork>& kernels, const SignatureView& s, bool) const override {
        kernels.push_back(elementwiseKernel(0.0, elementsOf(s.out), 2.0));
    }
    std::string describe(const Node& node) const override { return "Shuffle g" + std::to_string(node.groups); }
};

} // namespace

const OperatorKind& channelShuffleOperator() {
    static const ChannelShuffleOperator kind;
    return kind;
}

} // namespace edgenas::core::operators
