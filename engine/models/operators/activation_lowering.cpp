#include "models/node_module.h"
#include "models/node_script.h"
#include "models/operator_lowering.h"

namespace edgenas::models::operators {

namespace {

class ActivationModule : public NodeModule {
public:
    explicit ActivationModule(core::ActivationType type) : m_type(type) {}
    torch::Tensor forward(const torch::Tensor& x) override { return activate(m_type, x); }

private:
    core::ActivationType m_type;
};

class ActivationLowering final : public OperatorLowering {
public:
    core::OpType type() const override { return core::OpType::Activation; }
    std::shared_ptr<NodeModule> makeModule(const core::Node& node, const core::TensorShape&, int) const override {
        return std::make_shared<ActivationModule>(node.activation);
    }
    void writeScript(NodeScript& script) const override {
        script.assign(NodeScript::activation(script.node().activation, script.input()));
    }
};

} // namespace

const OperatorLowering& activationLowering() {
    static const ActivationLowering lowering;
    return lowering;
}

} // namespace edgenas::models::operators
