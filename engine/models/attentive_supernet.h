#pragma once

// Includes LibTorch: only for code that needs the module itself (supernet training, tests).
// The search uses the torch-free supernet_model.h.

#include "core/architecture.h"
#include "spaces/attentive_space.h"

#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace edgenas::models {

class GraphNetworkImpl;

namespace detail {
class SupernetBlockImpl;  // one MBConv block at its largest choices; in attentive_supernet.cpp
}

/// A weight-sharing supernet over an AttentiveLayout (OFA/AttentiveNAS style): it holds every
/// layer at its largest choices and runs any AttentiveBackbone of the layout by slicing, so every
/// subnet inherits its weights. A subnet uses the first d blocks of each stage, the first N
/// output/input channels of each convolution, the centre k x k of each depthwise kernel, and its
/// BN layers' first N channels (weights and running statistics alike: the statistics are shared
/// and only meaningful after recalibrateBatchNorm for one subnet). The network computed is exactly
/// GraphNetwork(space.build(backbone)) with the weights subnetState() extracts.
class AttentiveSupernetImpl : public torch::nn::Module {
public:
    /// `input` is the data's shape (the layout's resolutions must be empty or that size: the
    /// supernet does not resize). Weights are drawn from `generator` as GraphNetwork draws them
    /// (Kaiming-normal fan-out convolutions, N(0, 0.01) linear, BN 1/0). Throws core::InputError
    /// for a layout the input cannot run through.
    AttentiveSupernetImpl(spaces::AttentiveLayout layout, core::TensorShape input, int numClasses,
                          c10::optional<at::Generator> generator = c10::nullopt);

    /// Logits [B, classes] of a backbone; throws core::InputError for a backbone outside the layout.
    torch::Tensor forward(const torch::Tensor& input, const spaces::AttentiveBackbone& backbone);
    /// Logits and the outputs of the given flat block indices (in the order given).
    std::pair<torch::Tensor, std::vector<torch::Tensor>> forwardWithBlocks(const torch::Tensor& input,
                                                                         const spaces::AttentiveBackbone& backbone,
                                                                         const std::vector<int>& blocks);

    /// Recalibrates the BN statistics a backbone uses: resets them, then runs the batches in
    /// train mode without gradients, accumulating a cumulative (equal-weight) average over them.
    /// Leaves the module in eval mode. `batches` yields the i-th batch or an undefined tensor at the end.
    void recalibrateBatchNorm(const spaces::AttentiveBackbone& backbone,
                              const std::function<torch::Tensor(int)>& batches);

    /// The backbone's weights and BN statistics, named as GraphNetwork(architecture) names them,
    /// where `architecture` is AttentiveSpace::build(backbone), possibly with EarlyExit nodes added
    /// (they are skipped: their weights are ExitHeads'). Throws core::ArchitectureError when the
    /// architecture does not have the structure build() gives.
    std::vector<std::pair<std::string, torch::Tensor>> subnetState(const spaces::AttentiveBackbone& backbone,
                                                                  const core::Architecture& architecture) const;
    /// Copies subnetState() into a GraphNetwork of `architecture` (same names, same shapes); its
    /// EarlyExit heads are left as they are.
    void loadSubnetInto(GraphNetworkImpl& network, const spaces::AttentiveBackbone& backbone) const;

    /// Parameters with and without weight decay (BN weights and every bias go without).
    std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>> decayGroups() const;

    /// Throws core::InputError naming the first value of `backbone` the layout does not offer.
    void checkBackbone(const spaces::AttentiveBackbone& backbone) const;

    const spaces::AttentiveLayout& layout() const { return m_layout; }
    int numClasses() const { return m_numClasses; }
    /// Output channels of a flat block for a backbone (its stage's width).
    int blockChannels(const spaces::AttentiveBackbone& backbone, int block) const;

private:
    torch::Tensor runStemAndBlocks(const torch::Tensor& input, const spaces::AttentiveBackbone& backbone,
                                   const std::vector<int>& blocks, std::vector<torch::Tensor>* blockOutputs);
    torch::Tensor runHead(const torch::Tensor& x, const spaces::AttentiveBackbone& backbone);

    spaces::AttentiveLayout m_layout;
    core::TensorShape m_input;
    int m_numClasses;
    double m_bnMomentum = 0.1;  ///< 1/(i+1) while recalibrating: a cumulative average

    torch::Tensor m_stemWeight;                       ///< [stemMax, C, 3, 3]
    torch::Tensor m_stemBnWeight, m_stemBnBias, m_stemBnMean, m_stemBnVar;
    std::vector<std::vector<std::shared_ptr<detail::SupernetBlockImpl>>> m_blocks;  ///< [stage][block]
    torch::Tensor m_headWeight;                       ///< [headExpansion * lastMax, lastMax, 1, 1]
    torch::Tensor m_headBnWeight, m_headBnBias, m_headBnMean, m_headBnVar;
    torch::Tensor m_featureWeight, m_featureBias;     ///< [featureMax, headExpansion * lastMax, 1, 1]
    torch::Tensor m_classifierWeight, m_classifierBias;  ///< [classes, featureMax]
};

TORCH_MODULE(AttentiveSupernet);

} // namespace edgenas::models
