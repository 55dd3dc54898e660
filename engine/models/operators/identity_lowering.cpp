#include "models/node_module.h"
#include "models/node_script.h"
#include "models/operator_lowering.h"

namespace edgenas::models::operators {

namespace {

class IdentityModule : public NodeModule {
public:
    torch::Tensor forward(const torch::Tensor& x) override { return x; }
};

class IdentityLowering final : public OperatorLowering {
public:
    core::OpType type() const override { return core::OpType::Identity; }
    std::shared_ptr<NodeModule> makeModule(const core::Node&, const core::TensorShape&, int) const override {
        return std::make_shared<IdentityModule>();
    }
    void writeScript(NodeScript& script) const override { script.assign(script.input()); }
};

} // namespace

const OperatorLowering& identityLowering() {
    static const IdentityLowering lowering;
    return lowering;
}

} // namespace edgenas::models::operators
