#include "models/node_module.h"
#include "models/node_script.h"
#include "models/operator_lowering.h"

#include <torch/nn/modules/batchnorm.h>

namespace edgenas::models::operators {

namespace {

class BatchNormModule : public NodeModule {
public:
    explicit BatchNormModule(int channels) : m_bn(register_module("bn", torch::nn::BatchNorm2d(channels))) {}
    torch::Tensor forward(const torch::Tensor& x) override { return m_bn->forward(x); }

private:
    torch::nn::BatchNorm2d m_bn;
};

class BatchNormLowering final : public OperatorLowering {
public:
    core::OpType type() const override { return core::OpType::BatchNorm; }
    std::shared_ptr<NodeModule> makeModule(const core::Node&, const core::TensorShape& in, int) const override {
        return std::make_shared<BatchNormModule>(in.channels);
    }
    void writeScript(NodeScript& script) const override { script.assign(script.batchNorm("bn", script.input())); }
};

} // namespace

const OperatorLowering& batchNormLowering() {
    static const BatchNormLowering lowering;
    return lowering;
}

} // namespace edgenas::models::operators
