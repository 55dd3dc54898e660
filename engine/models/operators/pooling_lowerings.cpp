#include "models/node_module.h"
#include "models/node_script.h"
#include "models/operator_lowering.h"

#include <torch/nn/functional/pooling.h>

namespace edgenas::models::operators {

namespace {

class AvgPoolModule : public NodeModule {
public:
    AvgPoolModule(int kernel, int stride, int padding, int dilation)
        : m_kernel(kernel), m_stride(stride), m_padding(padding), m_dilation(dilation) {}
    torch::Tensor forward(const torch::Tensor& x) override {
        if (m_dilation == 1)
            return torch::avg_pool2d(x, m_kernel, m_stride, m_padding, /*ceil_mode=*/false,
                                     /*count_include_pad=*/false);
        // torch's avg_pool2d has no dilation: sum the window with a ones kernel and divide by the
        // number of real (non-padding) pixels it covered.
        const auto ones = torch::ones({x.size(1), 1, m_kernel, m_kernel}, x.options());
        const torch::Tensor sum = torch::conv2d(x, ones, {}, m_stride, m_padding, m_dilation, x.size(1));
        const torch::Tensor count =
            torch::conv2d(torch::ones({1, 1, x.size(2), x.size(3)}, x.options()),
                          torch::ones({1, 1, m_kernel, m_kernel}, x.options()), {}, m_stride, m_padding, m_dilation);
        return sum / count;
    }

private:
    int m_kernel, m_stride, m_padding, m_dilation;
};

class MaxPoolModule : public NodeModule {
public:
    MaxPoolModule(int kernel, int stride, int padding, int dilation)
        : m_kernel(kernel), m_stride(stride), m_padding(padding), m_dilation(dilation) {}
    torch::Tensor forward(const torch::Tensor& x) override {
        return torch::max_pool2d(x, m_kernel, m_stride, m_padding, m_dilation);
    }

private:
    int m_kernel, m_stride, m_padding, m_dilation;
};

class AvgPoolLowering final : public OperatorLowering {
public:
    core::OpType type() const override { return core::OpType::AvgPool; }
    std::shared_ptr<NodeModule> makeModule(const core::Node& node, const core::TensorShape&, int) const override {
        return std::make_shared<AvgPoolModule>(node.kernel, node.stride, node.padding, node.dilation);
    }
    void writeScript(NodeScript& script) const override {
        const core::Node& node = script.node();
        const std::string& x = script.input();
        if (node.dilation == 1) {
            script.assign("torch.avg_pool2d(" + x + ", " + NodeScript::intPair(node.kernel) + ", " +
                          NodeScript::intPair(node.stride) + ", " + NodeScript::intPair(node.padding) + ", False, False)");
            return;
        }
        // AvgPoolModule's dilated fallback: window sums over the count of real pixels.
        const std::string args = NodeScript::intPair(node.stride) + ", " + NodeScript::intPair(node.padding) + ", " +
                                 NodeScript::intPair(node.dilation);
        const std::string k = std::to_string(node.kernel);
        const std::string like = "dtype=" + x + ".dtype, device=" + x + ".device";
        script.assign(script.name("s"), "torch.conv2d(" + x + ", torch.ones([" + x + ".size(1), 1, " + k + ", " + k +
                                            "], " + like + "), None, " + args + ", " + x + ".size(1))");
        script.assign(script.name("c"), "torch.conv2d(torch.ones([1, 1, " + x + ".size(2), " + x + ".size(3)], " +
                                            like + "), torch.ones([1, 1, " + k + ", " + k + "], " + like +
                                            "), None, " + args + ", 1)");
        script.assign(script.name("s") + " / " + script.name("c"));
    }
};

class MaxPoolLowering final : public OperatorLowering {
public:
    core::OpType type() const override { return core::OpType::MaxPool; }
    std::shared_ptr<NodeModule> makeModule(const core::Node& node, const core::TensorShape&, int) const override {
        return std::make_shared<MaxPoolModule>(node.kernel, node.stride, node.padding, node.dilation);
    }
    void writeScript(NodeScript& script) const override {
        const core::Node& node = script.node();
        script.assign("torch.max_pool2d(" + script.input() + ", " + NodeScript::intPair(node.kernel) + ", " +
                      NodeScript::intPair(node.stride) + ", " + NodeScript::intPair(node.padding) + ", " +
                      NodeScript::intPair(node.dilation) + ", False)");
    }
};

} // namespace

const OperatorLowering& avgPoolLowering() {
    static const AvgPoolLowering lowering;
    return lowering;
}

const OperatorLowering& maxPoolLowering() {
    static const MaxPoolLowering lowering;
    return lowering;
}

} // namespace edgenas::models::operators
