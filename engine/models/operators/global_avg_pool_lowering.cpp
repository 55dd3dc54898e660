#include "models/node_module.h"
#include "models/node_script.h"
#include "models/operator_lowering.h"

namespace edgenas::models::operators {

namespace {

class GlobalAvgPoolModule : public NodeModule {
public:
    torch::Tensor forward(const torch::Tensor& x) override { return x.mean({2, 3}, /*keepdim=*/true); }
};

class GlobalAvgPoolLowering final : public OperatorLowering {
public:
    core::OpType type() const override { return core::OpType::GlobalAvgPool; }
    std::shared_ptr<NodeModule> makeModule(const core::Node&, const core::TensorShape&, int) const override {
        return std::make_shared<GlobalAvgPoolModule>();
    }
    void writeScript(NodeScript& script) const override { script.assign(script.input() + ".mean([2, 3], True)"); }
};

} // namespace

const OperatorLowering& globalAvgPoolLowering() {
    static const GlobalAvgPoolLowering lowering;
    return lowering;
}

} // namespace edgenas::models::operators
