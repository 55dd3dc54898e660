#pragma once

#include "data/dataset.h"
#include "spaces/attentive_space.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace torch::nn {
class Module;
}

namespace edgenas::models {

class SupernetModel;
class TrainedModel;

namespace detail {
class ExitHeadSetImpl;  // the heads as one LibTorch module; in exit_heads.cpp
}

/// How early-exit heads are trained on a frozen backbone. Defaults: a few minutes for a reduced
/// backbone on 2 cores.
struct ExitHeadConfig {
    int width = 32;        ///< H: 1x1 conv to H channels (no bias), BN, swish, pooling, Linear(H -> classes)
    int epochs = 5;
    int batchSize = 128;
    double learningRate = 0.05;  ///< peak; cosine decay, SGD Nesterov
    double momentum = 0.9;
    double weightDecay = 5e-5;   ///< not on BN weights or biases
    std::uint64_t seed = 1;      ///< initial weights and shuffling
    /// Cap on the cached block outputs (kept as 16-bit floats); the training subset is cut to fit.
    std::size_t featureMemoryBytes = std::size_t(1536) << 20;

    /// Throws core::InputError naming the first bad value.
    void validate() const;
};

/// Logits of one head on one split, row-major [samples x classes].
struct HeadLogits {
    int block = -1;  ///< flat block index the head reads; -1 = the backbone's own head
    int classes = 0;
    std::vector<float> values;
};

/// Every head's logits on one split, samples in the same order for every head.
struct SplitLogits {
    std::vector<HeadLogits> exits;  ///< ascending block
    HeadLogits final;
    std::vector<int> labels;
};

struct ExitHeadTrainingSummary {
    std::size_t trainSamples = 0;     ///< after the memory cap
    std::vector<double> epochLosses;  ///< mean over heads and batches
    double featureSeconds = 0.0;      ///< measured: computing the cached block outputs
    double trainSeconds = 0.0;        ///< measured: the head epochs
};

/// The early-exit heads of one backbone at given blocks: head b reads the output of flat block b
/// (AttentiveSpace::blockOutputNodes()[b]). Each head is a submodule "h<block>" holding "conv",
/// "bn" and "fc", the names GraphNetwork's EarlyExit node with outChannels = H gives, so the
/// weights can be exported. Move-only.
class ExitHeads {
public:
    /// Heads for `blocks` (distinct, ascending after sorting) of `backbone` in `supernet`'s space.
    /// Throws core::InputError for a block outside the backbone or a width below 1.
    ExitHeads(const SupernetModel& supernet, const spaces::AttentiveBackbone& backbone, std::vector<int> blocks,
              int width, std::uint64_t seed);
    ExitHeads(ExitHeads&&) noexcept;
    ExitHeads& operator=(ExitHeads&&) noexcept;
    ~ExitHeads();

    /// Trains all heads at once on block outputs of dataset[indices] computed once with the
    /// backbone frozen in eval mode (recalibrate the supernet for the backbone first). Loss per
    /// head: cross-entropy with the labels + KL divergence from the final head's softmax (T = 1);
    /// the heads' losses are averaged. Throws core::Cancelled when `cancel` says so.
    ExitHeadTrainingSummary train(SupernetModel& supernet, const ExitHeadConfig& config, const data::Dataset& dataset,
                                  const std::vector<int>& indices,
                                  const std::function<void(int epoch, double loss)>& progress = {},
                                  const std::function<bool()>& cancel = {});
    /// Logits of every head and of the final head on dataset[indices] (eval mode, no gradients).
    SplitLogits logits(SupernetModel& supernet, const data::Dataset& dataset, const std::vector<int>& indices,
                       const std::function<bool()>& cancel = {});

    /// Write / read the heads' weights (torch::save archive); throw core::InputError naming the path.
    void save(const std::string& path) const;
    void load(const std::string& path);

    /// Copies the heads into the EarlyExit nodes (narrow, outChannels = width()) of `model`, whose
    /// architecture is the backbone's with heads added: the head of block b goes to the EarlyExit
    /// node that reads node blockOutputNodes[b]. Throws core::InputError for an EarlyExit node with
    /// no trained head or tensors that do not fit.
    void loadInto(TrainedModel& model, const std::vector<int>& blockOutputNodes) const;

    const std::vector<int>& blocks() const { return m_blocks; }
    const spaces::AttentiveBackbone& backbone() const { return m_backbone; }
    int width() const { return m_width; }
    /// The heads as one module ("h<block>.conv.weight", ...), for code that includes LibTorch.
    std::shared_ptr<torch::nn::Module> module() const;

private:
    spaces::AttentiveBackbone m_backbone;
    std::vector<int> m_blocks;
    int m_width;
    std::shared_ptr<detail::ExitHeadSetImpl> m_module;
};

} // namespace edgenas::models
