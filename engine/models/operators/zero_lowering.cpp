#include "models/node_module.h"
#include "models/node_script.h"
#include "models/operator_lowering.h"

#include <torch/types.h>

namespace edgenas::models::operators {

namespace {

class ZeroModule : public NodeModule {
public:
    ZeroModule(int outChannels, int stride) : m_outChannels(outChannels), m_stride(stride) {}
    torch::Tensor forward(const torch::Tensor& x) override {
        const std::int64_t channels = m_outChannels > 0 ? m_outChannels : x.size(1);
        return torch::zeros({x.size(0), channels, (x.size(2) + m_stride - 1) / m_stride,
                             (x.size(3) + m_stride - 1) / m_stride},
                            x.options());
    }

private:
    int m_outChannels;
    int m_stride;
};

class ZeroLowering final : public OperatorLowering {
public:
    core::OpType type() const override { return core::OpType::Zero; }
    std::shared_ptr<NodeModule> makeModule(const core::Node& node, const core::TensorShape&, int) const override {
        return std::make_shared<ZeroModule>(node.outChannels, node.stride);
    }
    void writeScript(NodeScript& script) const override {
        const std::string& x = script.input();
        const core::TensorShape& shape = script.shape();
        script.assign("torch.zeros([" + x + ".size(0), " + std::to_string(shape.channels) + ", " +
                      std::to_string(shape.height) + ", " + std::to_string(shape.width) + "], dtype=" + x +
                      ".dtype, device=" + x + ".device)");
    }
};

} // namespace

const OperatorLowering& zeroLowering() {
    static const ZeroLowering lowering;
    return lowering;
}

} // namespace edgenas::models::operators
