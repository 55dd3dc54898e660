#include "models/node_module.h"
#include "models/node_script.h"
#include "models/operator_lowering.h"

#include <torch/nn/modules/linear.h>

namespace edgenas::models::operators {

namespace {

class LinearModule : public NodeModule {
public:
    LinearModule(std::int64_t inFeatures, int outFeatures, bool bias)
        : m_fc(register_module("fc", torch::nn::Linear(torch::nn::LinearOptions(inFeatures, outFeatures).bias(bias)))) {}
    torch::Tensor forward(const torch::Tensor& x) override { return m_fc->forward(x.flatten(1)).unsqueeze(2).unsqueeze(3); }

private:
    torch::nn::Linear m_fc;
};

class LinearLowering final : public OperatorLowering {
public:
    core::OpType type() const override { return core::OpType::Linear; }
    std::shared_ptr<NodeModule> makeModule(const core::Node& node, const core::TensorShape& in, int) const override {
        return std::make_shared<LinearModule>(in.elements(), node.outChannels, node.bias);
    }
    void writeScript(NodeScript& script) const override {
        script.assign(script.linear(script.input() + ".flatten(1)") + ".unsqueeze(2).unsqueeze(3)");
    }
};

} // namespace

const OperatorLowering& linearLowering() {
    static const LinearLowering lowering;
    return lowering;
}

} // namespace edgenas::models::operators
