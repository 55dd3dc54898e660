#include "models/node_module.h"
#include "models/node_script.h"
#include "models/operator_lowering.h"

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/linear.h>

namespace edgenas::models::operators {

namespace {

// Plain head (width 0): pool + fc. Narrow head (width H): conv 1x1 -> H, bn, activation, pool, fc.
class EarlyExitModule : public NodeModule {
public:
    EarlyExitModule(int channels, int width, core::ActivationType activation, int classes)
        : m_activation(core::earlyExitActivation(activation)) {
        if (width > 0) {
            m_conv = register_module("conv", makeConv(channels, width, 1, 1, 0, 1, 1, false));
            m_bn = register_module("bn", torch::nn::BatchNorm2d(width));
        }
        m_fc = register_module("fc", torch::nn::Linear(width > 0 ? width : channels, classes));
    }
    torch::Tensor forward(const torch::Tensor& x) override {
        torch::Tensor h = x;
        if (m_conv)
            h = activate(m_activation, m_bn->forward(m_conv->forward(h)));
        return m_fc->forward(h.mean({2, 3})).unsqueeze(2).unsqueeze(3);
    }

private:
    core::ActivationType m_activation;
    torch::nn::Conv2d m_conv{nullptr};
    torch::nn::BatchNorm2d m_bn{nullptr};
    torch::nn::Linear m_fc{nullptr};
};

class EarlyExitLowering final : public OperatorLowering {
public:
    core::OpType type() const override { return core::OpType::EarlyExit; }
    std::shared_ptr<NodeModule> makeModule(const core::Node& node, const core::TensorShape& in,
                                           int numClasses) const override {
        return std::make_shared<EarlyExitModule>(in.channels, node.outChannels, node.activation, numClasses);
    }
    void writeScript(NodeScript& script) const override {
        std::string features = script.input();
        if (script.hasChild("conv")) {
            // The narrow head, as EarlyExitModule runs it.
            features = script.name("h");
            script.assign(features, NodeScript::activation(core::earlyExitActivation(script.node().activation),
                                                           script.batchNorm("bn", script.conv("conv", script.input()))));
        }
        script.assign(script.linear(features + ".mean([2, 3])") + ".unsqueeze(2).unsqueeze(3)");
    }
};

} // namespace

const OperatorLowering& earlyExitLowering() {
    static const EarlyExitLowering lowering;
    return lowering;
}

} // namespace edgenas::models::operators
