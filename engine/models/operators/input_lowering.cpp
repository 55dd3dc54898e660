#include "models/node_module.h"
#include "models/operator_lowering.h"

namespace edgenas::models::operators {

namespace {

// The input holds no module; the export binds it to the normalised input ("v0").
class InputLowering final : public OperatorLowering {
public:
    core::OpType type() const override { return core::OpType::Input; }
    std::shared_ptr<NodeModule> makeModule(const core::Node&, const core::TensorShape&, int) const override {
        return nullptr;
    }
    void writeScript(NodeScript&) const override {}
};

} // namespace

const OperatorLowering& inputLowering() {
    static const InputLowering lowering;
    return lowering;
}

} // namespace edgenas::models::operators
