#pragma once

// GOS's per-layer proxy (issue 15): a candidate is trained to reproduce the original layer's
// output on calibration inputs (block-wise distillation) and scored by its normalised
// reconstruction error on held-out calibration samples. Torch-free: the settings, the result
// and the cache recipe; the LibTorch work is layer_distiller.h (library edgenas_search_gos_weights).

#include "core/architecture.h"
#include "core/artefact_cache.h"

#include <cstdint>
#include <string>
#include <vector>

namespace edgenas::search {

/// Where the calibration inputs come from. They are keyed by this declaration, not by their
/// bytes, so a resumed run on the same model and data finds its results again: `model` must name
/// the trained model that produced them (e.g. its reference-model cache key).
struct CalibrationRecipe {
    std::string model;        ///< the trained model the layer inputs were captured from
    std::string dataset;      ///< the data set whose training split gave the images
    int samples = 512;        ///< images drawn from the training split
    std::uint64_t seed = 0;   ///< which images
};

/// Distillation settings; the defaults follow the research notes (§2.3 c: Adam, lr 1e-3, MSE on
/// activations) with the budget of about 100 steps.
struct LayerDistillationSettings {
    int steps = 100;                   ///< Adam updates at most
    double learningRate = 1e-3;
    int batchSize = 64;                ///< calibration samples per update (all training ones when fewer)
    double heldOutFraction = 0.25;     ///< of the calibration samples, never trained on, that score the candidate
    int checkInterval = 5;             ///< updates between checks of the training-split error
    int patience = 4;                  ///< checks without an improvement before stopping (20 updates)
    double minRelativeImprovement = 0.01;  ///< an improvement is a drop below best * (1 - this)
    double targetError = 1e-9;         ///< a training-split error at or below this stops at once
    std::uint64_t seed = 15;           ///< the random initialisation, the held-out split and the batches
};

/// One candidate's distillation. Figures: `heldOutError` and `initialError` are proxies
/// (normalised reconstruction error, |Y' - Y|^2 / |Y|^2 over the held-out samples); `seconds` is
/// measured (wall clock of the run that trained it, also when read from the cache).
struct LayerDistillationResult {
    double heldOutError = 0.0;    ///< after distillation
    double initialError = 0.0;    ///< the same figure before the first update
    int stepsRun = 0;             ///< Adam updates made
    bool stoppedEarly = false;    ///< stopped before `steps` (target reached, no improvement, nothing to train)
    double seconds = 0.0;
    int trainSamples = 0;
    int heldOutSamples = 0;
    bool fromCache = false;       ///< read from the artefact cache: nothing was trained by this call
    std::string weightsPath;      ///< the distilled candidate's weights (LibTorch archive) in the cache
    std::string cacheKey;
};

/// Bumped whenever the distillation changes what it computes, so stale cache entries are not read.
inline constexpr int kLayerDistillationVersion = 1;
inline constexpr const char* kLayerDistillationKind = "gos-layer-distillation";

/// The cache recipe of one distillation: the original layer (its program key, input shape and a
/// digest of its weights), the candidate (program key and the rules that chose its
/// initialisation), the calibration recipe, every setting, the code version.
core::ArtefactRecipe layerDistillationRecipe(const std::vector<core::Instruction>& originalProgram,
                                             const core::TensorShape& in, const std::string& weightsDigest,
                                             const std::string& candidateKey, const std::vector<std::string>& rules,
                                             const CalibrationRecipe& calibration,
                                             const LayerDistillationSettings& settings);

/// Throws std::invalid_argument naming the setting when one cannot be used.
void validate(const LayerDistillationSettings& settings);

} // namespace edgenas::search
