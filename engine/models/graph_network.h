#pragma once

// Includes LibTorch: only for code that needs the module itself (training, export, proxies).
// Everything else uses the torch-free façades (trained_model.h, trainer.h, latency_meter.h).

#include "core/architecture.h"

#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

namespace edgenas::models {

class NodeModule;  // one node's operator (node_module.h)

/// Outputs of one forward pass through all heads.
struct NetworkOutputs {
    torch::Tensor logits;                  ///< main output, [B, classes]
    std::vector<torch::Tensor> exitLogits; ///< one [B, classes] per EarlyExit node, in node order
    std::vector<torch::Tensor> features;   ///< forwardWithFeatures only: [B, C, H, W] per requested node
};

/// The architecture IR as a LibTorch module. Each node other than the input owns one submodule
/// named submoduleName(node) ("n12_mbconv"), so parameter names are stable for a given IR:
/// Conv/DepthwiseConv/PointwiseConv hold "conv"; BatchNorm "bn"; Linear "fc"; EarlyExit "fc", and
/// a narrow exit head (outChannels > 0) also "conv" and "bn";
/// MBConv "expand", "expand_bn", "depthwise", "depthwise_bn", "se_reduce", "se_expand",
/// "project", "project_bn" (absent parts are not registered). Inside the graph every tensor
/// is 4-D [B, C, H, W]; vectors are [B, C, 1, 1].
class GraphNetworkImpl : public torch::nn::Module {
public:
    /// Validates with core::inferShapes and also requires the last node to give numClasses x 1 x 1;
    /// throws core::ArchitectureError naming the node otherwise. Weights are drawn from
    /// `generator`, or without one from torch's global generator (torch::manual_seed). With a
    /// private generator the weights do not depend on what other threads draw (construction still
    /// advances the global generator: torch::nn modules initialise themselves before we overwrite).
    explicit GraphNetworkImpl(core::Architecture architecture,
                              c10::optional<at::Generator> generator = c10::nullopt);

    /// Main logits [B, classes]; computes only the nodes the main output depends on.
    torch::Tensor forward(const torch::Tensor& input);
    /// Main logits and every early exit's logits.
    NetworkOutputs forwardAll(const torch::Tensor& input);
    /// Main logits, exit logits and the output tensors of the given nodes (in the order given);
    /// throws core::ArchitectureError for an id that is not a node.
    NetworkOutputs forwardWithFeatures(const torch::Tensor& input, const std::vector<int>& nodeIds);

    /// Kaiming-normal (fan_out) convolutions with zero bias, BN weight 1 and bias 0,
    /// fully-connected weights N(0, 0.01) with zero bias. Called by the constructor.
    void initializeWeights(c10::optional<at::Generator> generator = c10::nullopt);

    const core::Architecture& architecture() const { return m_architecture; }
    /// Inferred output shape per node id (batch left out).
    const std::vector<core::TensorShape>& shapes() const { return m_shapes; }
    /// Ids of the EarlyExit nodes, ascending.
    const std::vector<int>& earlyExitIds() const { return m_exitIds; }
    /// The submodule of a node, null for the input.
    std::shared_ptr<torch::nn::Module> nodeModule(int nodeId) const;
    /// Number of trainable parameter elements; equals cost::analyseCost(...).params.
    std::int64_t parameterCount() const;

    /// "n<id>_<op>", e.g. "n3_depthwise_conv".
    static std::string submoduleName(const core::Node& node);

private:
    NetworkOutputs run(const torch::Tensor& input, const std::vector<char>& wanted,
                       const std::vector<int>& featureIds, bool withExits);

    core::Architecture m_architecture;
    std::vector<core::TensorShape> m_shapes;
    std::vector<std::shared_ptr<NodeModule>> m_ops;  ///< by node id; null for the input
    std::vector<int> m_exitIds;
    std::vector<char> m_mainNodes;  ///< nodes the main output depends on
    std::vector<char> m_allNodes;   ///< nodes the main output or an exit depends on
};

TORCH_MODULE(GraphNetwork);

} // namespace edgenas::models
