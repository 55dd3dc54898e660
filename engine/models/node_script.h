#pragma once

// Includes LibTorch: for the operator lowerings and the TorchScript export only.

#include "core/architecture.h"

#include <torch/nn/module.h>

#include <sstream>
#include <string>

namespace edgenas::models {

/// The TorchScript statements of one node while the export writes them: where the node's input
/// and output live, its module, and the expressions that run its parts with the same ATen
/// operators (and the same hyper-parameters, read from the modules) as GraphNetwork.
class NodeScript {
public:
    NodeScript(std::ostringstream& out, const core::Node& node, const torch::nn::Module* module,
               std::string self, std::string input, const core::TensorShape& shape);

    const core::Node& node() const { return m_node; }
    const torch::nn::Module& module() const;
    /// The variable holding the (merged) input, e.g. "v3" or "m5".
    const std::string& input() const { return m_input; }
    /// The node's output shape (batch left out).
    const core::TensorShape& shape() const { return m_shape; }
    /// A variable private to this node: name("h") is "h<id>".
    std::string name(const char* prefix) const;

    /// Writes "v<id> = <expression>".
    void assign(const std::string& expression);
    /// Writes "<variable> = <expression>".
    void assign(const std::string& variable, const std::string& expression);

    /// The path of one of the module's own members (a buffer): "self.n4_program.g2".
    std::string member(const std::string& name) const { return m_self + "." + name; }
    bool hasChild(const std::string& child) const;
    /// torch.conv2d over the child Conv2d `child`.
    std::string conv(const std::string& child, const std::string& x) const;
    /// torch.batch_norm (inference) over the child BatchNorm2d `child`.
    std::string batchNorm(const std::string& child, const std::string& x) const;
    /// torch.linear over the child Linear "fc".
    std::string linear(const std::string& x) const;

    /// The expression activate() evaluates.
    static std::string activation(core::ActivationType type, const std::string& x);
    /// "[a, a]".
    static std::string intPair(int value);

private:
    std::ostringstream& m_out;
    const core::Node& m_node;
    const torch::nn::Module* m_module;
    std::string m_self;
    std::string m_input;
    core::TensorShape m_shape;
};

} // namespace edgenas::models
