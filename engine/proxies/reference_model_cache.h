#pragma once

#include "core/architecture.h"
#include "core/artefact_cache.h"
#include "data/dataset.h"
#include "models/trained_model.h"
#include "models/trainer.h"

#include <cstdint>
#include <string>

namespace edgenas::proxies {

/// A trained reference network and where it came from.
struct ReferenceModel {
    models::TrainedModel model;
    std::string weightsPath;
    double validationAccuracy = -1.0;  ///< on the training run's validation split; -1 for user weights
    /// On the data set's whole test split: measured after training (stored in the cache) or, for
    /// user-named weights, measured when loaded. -1 when no test split was given.
    double testAccuracy = -1.0;
    bool fromCache = false;            ///< loaded, not trained now
    std::string key;                   ///< cache key; empty for user-named weights
};

/// The reference models HW-EvRSNAS compares candidates with, trained once and kept in the artefact
/// cache (core::ArtefactCache) under the user's data folder, keyed by architecture hash, data set and every training setting that
/// changes the weights (recipe()), plus the code version, so every later run (and every threshold
/// of a sweep) loads them in a second and a changed setting never loads a stale model.
class ReferenceModelCache {
public:
    /// `folder` empty = defaultFolder().
    explicit ReferenceModelCache(std::string folder = {});
    const std::string& folder() const { return m_folder; }

    /// $XDG_DATA_HOME/edgenas/reference-models, else ~/.local/share/edgenas/reference-models.
    static std::string defaultFolder();

    /// A ResNet-20-like IR (He et al. 2016, CIFAR variant): stem conv3x3-BN-ReLU of `width`
    /// channels, three stages of `blocksPerStage` basic blocks at width, 2 width, 4 width (stride 2
    /// and a 1x1 projection shortcut at each stage change), global pooling and a linear layer.
    /// blocksPerStage 3 is ResNet-20. Fits 28x28 (Fashion-MNIST) and 32x32 (CIFAR) inputs.
    static core::Architecture resnetLike(core::TensorShape input, int numClasses, int width = 16,
                                         int blocksPerStage = 3);

    /// Bumped whenever model building, initialisation or training changes the weights a recipe
    /// gives; part of every key, so entries from older code are trained again.
    static constexpr int kCodeVersion = 2;

    /// Every training setting that changes the weights, with kCodeVersion and the LibTorch version,
    /// as JSON text (stored in the sidecar): optimiser, learning rate, momentum, weight decay,
    /// Nesterov, schedule, epochs, batch, subset, validation fraction, seed.
    static std::string recipe(const models::TrainConfig& train);
    /// The entry in the artefact cache: kind "reference-model", the recipe as its settings.
    static core::ArtefactRecipe artefactRecipe(const core::Architecture& architecture, const std::string& dataset,
                                               const models::TrainConfig& train);
    /// Cache key: "<hash>-<dataset>-e<epochs>-n<subset>-b<batch>-s<seed>-<digest of recipe()>".
    static std::string key(const core::Architecture& architecture, const std::string& dataset,
                           const models::TrainConfig& train);

    /// The cached model, or trains one with `train` on `trainSet`, measures it on `testSet` (if
    /// given) and caches it (weights plus a JSON sidecar with the recipe and both accuracies).
    /// Throws core::InputError for an unwritable folder.
    ReferenceModel obtain(const core::Architecture& architecture, const data::Dataset& trainSet,
                          const models::TrainConfig& train, const models::ProgressCallback& progress = {},
                          const models::CancelPredicate& cancel = {}, const data::Dataset* testSet = nullptr);
    /// True when obtain() would load instead of train.
    bool contains(const core::Architecture& architecture, const std::string& dataset,
                  const models::TrainConfig& train) const;

    /// A user-named reference: architecture JSON plus weights saved by TrainedModel::saveWeights,
    /// its accuracy measured on `testSet` (testAccuracy; -1 only when no test set is given).
    static ReferenceModel loadUserModel(const std::string& architecturePath, const std::string& weightsPath,
                                        const data::Dataset* testSet = nullptr,
                                        const models::CancelPredicate& cancel = {});

private:
    std::string m_folder;
};

} // namespace edgenas::proxies
