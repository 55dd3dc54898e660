#pragma once

// Includes LibTorch (tensor types): GOS's block-wise distillation of one candidate against the
// layer it would replace. Part of edgenas_search_gos_weights; the settings and result are the
// torch-free layer_distillation.h.

#include "layer_distillation.h"
#include "rewrite_initialiser.h"
#include "rewrite_rules.h"

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>

namespace edgenas::models {
class NodeModule;
}

namespace edgenas::search {

/// A trained layer GOS may replace: its node, merged input shape and module (the graph's own:
/// a convolution's "conv", a linear layer's "fc", or a program node's "i<k>").
struct OriginalLayer {
    core::Node node;
    core::TensorShape in;
    std::shared_ptr<models::NodeModule> module;
};

/// The layer's contraction weights in the form the initialiser takes (OriginalWeights), whatever
/// module holds them. Throws std::invalid_argument naming what is missing.
OriginalWeights layerWeights(const OriginalLayer& layer);

/// 16 hex digits over the names and bytes of every parameter and buffer of `module`.
std::string weightsDigest(const torch::nn::Module& module);

/// Distils candidates of one layer against it and caches each result (core::ArtefactCache, kind
/// kLayerDistillationKind), so a repeated or resumed run reads the figure instead of training.
/// Deterministic given settings.seed when LibTorch runs on one thread.
class LayerDistiller {
public:
    /// `cacheFolder` empty: core::ArtefactCache::defaultFolder(kLayerDistillationKind).
    explicit LayerDistiller(LayerDistillationSettings settings = {}, std::string cacheFolder = {});

    /// Builds the candidate's module (rewrite_initialiser.h: programModule, then a seeded random
    /// draw, then initialiseRewrite), trains it with Adam on the MSE to the original's output over
    /// the training part of `inputs` ([N, C, H, W], the tensor entering the layer, N >= 2), and
    /// scores it on the held-out part. Throws std::invalid_argument for inputs that do not fit.
    LayerDistillationResult distil(const OriginalLayer& original, const RewriteCandidate& candidate,
                                   const at::Tensor& inputs, const CalibrationRecipe& calibration);

    /// Indices of the held-out and training calibration samples for `count` samples: a seeded
    /// permutation, held-out first. Disjoint, together every sample.
    std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>> split(std::int64_t count) const;

    /// The candidate's module with the weights a distillation left (`result.weightsPath`).
    std::shared_ptr<models::NodeModule> loadDistilled(const RewriteCandidate& candidate, const core::TensorShape& in,
                                                      const LayerDistillationResult& result) const;

    /// Distillations this object actually trained (cache hits do not count).
    int distillationsTrained() const { return m_trained; }
    const LayerDistillationSettings& settings() const { return m_settings; }
    const std::string& cacheFolder() const { return m_cacheFolder; }

private:
    LayerDistillationSettings m_settings;
    std::string m_cacheFolder;
    int m_trained = 0;
};

} // namespace edgenas::search
