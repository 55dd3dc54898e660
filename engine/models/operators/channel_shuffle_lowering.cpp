#include "models/node_module.h"
#include "models/node_script.h"
#include "models/operator_lowering.h"

namespace edgenas::models::operators {

namespace {

class ChannelShuffleModule : public NodeModule {
public:
    explicit ChannelShuffleModule(int groups) : m_groups(groups) {}
    torch::Tensor forward(const torch::Tensor& x) override {
        const auto s = x.sizes();
        return x.reshape({s[0], m_groups, s[1] / m_groups, s[2], s[3]}).transpose(1, 2).contiguous().view(s);
    }

private:
    int m_groups;
};

class ChannelShuffleLowering final : public OperatorLowering {
public:
    core::OpType type() const override { return core::OpType::ChannelShuffle; }
    std::shared_ptr<NodeModule> makeModule(const core::Node& node, const core::TensorShape&, int) const override {
        return std::make_shared<ChannelShuffleModule>(node.groups);
    }
    void writeScript(NodeScript& script) const override {
        const std::string& x = script.input();
        const std::string z = script.name("z");
        const std::string g = std::to_string(script.node().groups);
        script.assign(z, x + ".size()");
        script.assign(x + ".reshape([" + z + "[0], " + g + ", " + z + "[1] // " + g + ", " + z + "[2], " + z +
                      "[3]]).transpose(1, 2).contiguous().view(" + z + ")");
    }
};

} // namespace

const OperatorLowering& channelShuffleLowering() {
    static const ChannelShuffleLowering lowering;
    return lowering;
}

} // namespace edgenas::models::operators
