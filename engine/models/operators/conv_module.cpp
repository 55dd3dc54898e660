#include "conv_module.h"

#include "models/node_script.h"
#include "models/operator_lowering.h"

namespace edgenas::models::operators {

ConvModule::ConvModule(int in, int out, int kernel, int stride, int padding, int dilation, int groups, bool bias)
    : m_conv(register_module("conv", makeConv(in, out, kernel, stride, padding, dilation, groups, bias))) {}

torch::Tensor ConvModule::forward(const torch::Tensor& x) { return m_conv->forward(x); }

namespace {

// The three convolution kinds write the same statement: the hyper-parameters come from the module.
class ConvLoweringBase : public OperatorLowering {
public:
    void writeScript(NodeScript& script) const override { script.assign(script.conv("conv", script.input())); }
};

class ConvLowering final : public ConvLoweringBase {
public:
    core::OpType type() const override { return core::OpType::Conv; }
    std::shared_ptr<NodeModule> makeModule(const core::Node& node, const core::TensorShape& in, int) const override {
        return std::make_shared<ConvModule>(in.channels, node.outChannels, node.kernel, node.stride, node.padding,
                                            node.dilation, node.groups, node.bias);
    }
};

// Bias-free, as core counts it.
class DepthwiseConvLowering final : public ConvLoweringBase {
public:
    core::OpType type() const override { return core::OpType::DepthwiseConv; }
    std::shared_ptr<NodeModule> makeModule(const core::Node& node, const core::TensorShape& in, int) const override {
        const int out = node.outChannels == 0 ? in.channels : node.outChannels;
        return std::make_shared<ConvModule>(in.channels, out, node.kernel, node.stride, node.padding, node.dilation,
                                            in.channels, false);
    }
};

class PointwiseConvLowering final : public ConvLoweringBase {
public:
    core::OpType type() const override { return core::OpType::PointwiseConv; }
    std::shared_ptr<NodeModule> makeModule(const core::Node& node, const core::TensorShape& in, int) const override {
        return std::make_shared<ConvModule>(in.channels, node.outChannels, 1, node.stride, 0, 1, node.groups, node.bias);
    }
};

} // namespace

const OperatorLowering& convLowering() {
    static const ConvLowering lowering;
    return lowering;
}

const OperatorLowering& depthwiseConvLowering() {
    static const DepthwiseConvLowering lowering;
    return lowering;
}

const OperatorLowering& pointwiseConvLowering() {
    static const PointwiseConvLowering lowering;
    return lowering;
}

} // namespace edgenas::models::operators
