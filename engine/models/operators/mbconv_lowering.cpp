#include "models/node_module.h"
#include "models/node_script.h"
#include "models/operator_lowering.h"

#include <torch/nn/modules/batchnorm.h>

#include <algorithm>

namespace edgenas::models::operators {

namespace {

using core::ActivationType;

ActivationType mbconvActivation(ActivationType named) {
    return named == ActivationType::None ? ActivationType::ReLU6 : named;
}

class MBConvModule : public NodeModule {
public:
    MBConvModule(const core::Node& node, int in) {
        const int hidden = core::mbconvHiddenChannels(in, node.expansion);
        m_activation = mbconvActivation(node.activation);
        m_residual = node.stride == 1 && in == node.outChannels;
        if (node.expansion != 1) {
            m_expand = register_module("expand", makeConv(in, hidden, 1, 1, 0, 1, node.groups, false));
            m_expandBn = register_module("expand_bn", torch::nn::BatchNorm2d(hidden));
            m_shuffleGroups = node.groups > 1 ? node.groups : 0;
        }
        const int padding = node.dilation * (node.kernel - 1) / 2;
        m_depthwise = register_module(
            "depthwise", makeConv(hidden, hidden, node.kernel, node.stride, padding, node.dilation, hidden, false));
        m_depthwiseBn = register_module("depthwise_bn", torch::nn::BatchNorm2d(hidden));
        if (node.squeezeExcite) {
            const int squeezed = core::squeezeExciteChannels(hidden);
            m_seReduce = register_module("se_reduce", makeConv(hidden, squeezed, 1, 1, 0, 1, 1, true));
            m_seExpand = register_module("se_expand", makeConv(squeezed, hidden, 1, 1, 0, 1, 1, true));
        }
        m_project = register_module("project", makeConv(hidden, node.outChannels, 1, 1, 0, 1, node.groups, false));
        m_projectBn = register_module("project_bn", torch::nn::BatchNorm2d(node.outChannels));
    }

    torch::Tensor forward(const torch::Tensor& x) override {
        torch::Tensor h = x;
        if (m_expand) {
            h = activate(m_activation, m_expandBn->forward(m_expand->forward(h)));
            if (m_shuffleGroups > 0) {
                // ShuffleNet channel shuffle so the grouped projection sees every expand group.
                const auto s = h.sizes();
                h = h.view({s[0], m_shuffleGroups, s[1] / m_shuffleGroups, s[2], s[3]})
                        .transpose(1, 2)
                        .contiguous()
                        .view(s);
            }
        }
        h = activate(m_activation, m_depthwiseBn->forward(m_depthwise->forward(h)));
        if (m_seReduce) {
            torch::Tensor s = h.mean({2, 3}, /*keepdim=*/true);
            s = torch::hardsigmoid(m_seExpand->forward(torch::relu(m_seReduce->forward(s))));
            h = h * s;
        }
        h = m_projectBn->forward(m_project->forward(h));
        return m_residual ? h + x : h;
    }

private:
    ActivationType m_activation = ActivationType::ReLU6;
    bool m_residual = false;
    int m_shuffleGroups = 0;
    torch::nn::Conv2d m_expand{nullptr}, m_depthwise{nullptr}, m_seReduce{nullptr}, m_seExpand{nullptr},
        m_project{nullptr};
    torch::nn::BatchNorm2d m_expandBn{nullptr}, m_depthwiseBn{nullptr}, m_projectBn{nullptr};
};

class MBConvLowering final : public OperatorLowering {
public:
    core::OpType type() const override { return core::OpType::MBConv; }
    std::shared_ptr<NodeModule> makeModule(const core::Node& node, const core::TensorShape& in, int) const override {
        return std::make_shared<MBConvModule>(node, in.channels);
    }

    // Same structure as MBConvModule; which parts exist is read from the module.
    void writeScript(NodeScript& script) const override {
        const core::Node& node = script.node();
        const ActivationType act = mbconvActivation(node.activation);
        const std::string& x = script.input();
        const auto depthwise = script.module().named_children()["depthwise"];
        const int in = static_cast<int>(depthwise->as<torch::nn::Conv2dImpl>()->weight.size(0)) /
                       std::max(1, node.expansion);
        const bool residual = node.stride == 1 && in == node.outChannels;
        const std::string h = script.name("h");
        script.assign(h, x);
        if (script.hasChild("expand")) {
            script.assign(h, NodeScript::activation(act, script.batchNorm("expand_bn", script.conv("expand", h))));
            if (node.groups > 1) {
                const std::string z = script.name("z");
                const std::string g = std::to_string(node.groups);
                script.assign(z, h + ".size()");
                script.assign(h, h + ".view([" + z + "[0], " + g + ", " + z + "[1] // " + g + ", " + z + "[2], " + z +
                                     "[3]]).transpose(1, 2).contiguous().view(" + z + ")");
            }
        }
        script.assign(h, NodeScript::activation(act, script.batchNorm("depthwise_bn", script.conv("depthwise", h))));
        if (script.hasChild("se_reduce")) {
            const std::string s = script.name("e");
            script.assign(s, h + ".mean([2, 3], True)");
            script.assign(s, "torch.hardsigmoid(" +
                                 script.conv("se_expand", "torch.relu(" + script.conv("se_reduce", s) + ")") + ")");
            script.assign(h, h + " * " + s);
        }
        script.assign(h, script.batchNorm("project_bn", script.conv("project", h)));
        script.assign(residual ? h + " + " + x : h);
    }
};

} // namespace

const OperatorLowering& mbconvLowering() {
    static const MBConvLowering lowering;
    return lowering;
}

} // namespace edgenas::models::operators
