#include "node_script.h"

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include <iomanip>
#include <stdexcept>

namespace edgenas::models {

namespace {

// Python float literal that reads back as the same double.
std::string floatLiteral(double value) {
    std::ostringstream out;
    out << std::setprecision(17) << value;
    std::string text = out.str();
    if (text.find_first_of(".en") == std::string::npos)
        text += ".0";
    return text;
}

// "[a, b]"; built with an ostringstream because GCC 12 warns (falsely, -Wrestrict) about
// "literal" + std::to_string(...).
std::string intList(std::int64_t a, std::int64_t b) {
    std::ostringstream out;
    out << '[' << a << ", " << b << ']';
    return out.str();
}

std::string intList(const torch::ExpandingArray<2>& values) { return intList((*values)[0], (*values)[1]); }

template <typename Impl>
const Impl& child(const torch::nn::Module& module, const std::string& name) {
    const auto children = module.named_children();
    const auto* found = children.find(name);
    const Impl* impl = found ? (*found)->as<Impl>() : nullptr;
    if (!impl)
        throw std::logic_error("TorchScript export: submodule '" + name + "' missing or of another type");
    return *impl;
}

} // namespace

NodeScript::NodeScript(std::ostringstream& out, const core::Node& node, const torch::nn::Module* module,
                       std::string self, std::string input, const core::TensorShape& shape)
    : m_out(out), m_node(node), m_module(module), m_self(std::move(self)), m_input(std::move(input)), m_shape(shape) {}

const torch::nn::Module& NodeScript::module() const {
    if (!m_module)
        throw std::logic_error("TorchScript export: node " + std::to_string(m_node.id) + " has no module");
    return *m_module;
}

std::string NodeScript::name(const char* prefix) const { return prefix + std::to_string(m_node.id); }

void NodeScript::assign(const std::string& expression) { assign(name("v"), expression); }

void NodeScript::assign(const std::string& variable, const std::string& expression) {
    m_out << "    " << variable << " = " << expression << "\n";
}

bool NodeScript::hasChild(const std::string& name) const { return module().named_children().find(name) != nullptr; }

std::string NodeScript::conv(const std::string& name, const std::string& x) const {
    const auto& c = child<torch::nn::Conv2dImpl>(module(), name);
    const auto* padding = c10::get_if<torch::ExpandingArray<2>>(&c.options.padding());
    if (!padding)
        throw std::logic_error("TorchScript export: convolution '" + name + "' has symbolic padding");
    const std::string path = m_self + "." + name;
    return "torch.conv2d(" + x + ", " + path + ".weight, " + (c.bias.defined() ? path + ".bias" : "None") + ", " +
           intList(c.options.stride()) + ", " + intList(*padding) + ", " + intList(c.options.dilation()) + ", " +
           std::to_string(c.options.groups()) + ")";
}

std::string NodeScript::batchNorm(const std::string& name, const std::string& x) const {
    const auto& bn = child<torch::nn::BatchNorm2dImpl>(module(), name);
    const std::string p = m_self + "." + name;
    const double momentum = bn.options.momentum().value_or(0.1);
    return "torch.batch_norm(" + x + ", " + p + ".weight, " + p + ".bias, " + p + ".running_mean, " + p +
           ".running_var, False, " + floatLiteral(momentum) + ", " + floatLiteral(bn.options.eps()) + ", False)";
}

std::string NodeScript::linear(const std::string& x) const {
    const auto& fc = child<torch::nn::LinearImpl>(module(), "fc");
    const std::string p = m_self + ".fc";
    return "torch.linear(" + x + ", " + p + ".weight, " + (fc.bias.defined() ? p + ".bias" : "None") + ")";
}

std::string NodeScript::activation(core::ActivationType type, const std::string& x) {
    switch (type) {
    case core::ActivationType::None:
        return x;
    case core::ActivationType::ReLU:
        return "torch.relu(" + x + ")";
    case core::ActivationType::ReLU6:
        return "torch.hardtanh(" + x + ", 0.0, 6.0)";
    case core::ActivationType::Swish:
        return "torch.silu(" + x + ")";
    case core::ActivationType::HSwish:
        return "torch.hardswish(" + x + ")";
    }
    return x;
}

std::string NodeScript::intPair(int value) { return intList(value, value); }

} // namespace edgenas::models
