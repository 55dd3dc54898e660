#pragma once

#include "core/architecture.h"
#include "data/dataset.h"
#include "trained_model.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace edgenas::models {

/// How to train one candidate. Defaults: the short proxy training used during search.
struct TrainConfig {
    std::string optimizer = "sgd";  ///< "sgd" or "adam"
    double learningRate = 0.05;     ///< peak rate; for "adam" pass something like 1e-3
    double momentum = 0.9;          ///< SGD only
    double weightDecay = 5e-4;
    bool nesterov = true;           ///< SGD only
    int epochs = 1;
    int batchSize = 128;
    bool cosineSchedule = true;     ///< cosine decay from learningRate towards 0, stepped per batch
    std::size_t trainSubset = 0;       ///< 0 = all training samples after the validation split
    std::size_t validationSubset = 0;  ///< 0 = the whole validation split
    double validationFraction = 1 / 6.0;  ///< of the loaded train part (10,000 of Fashion-MNIST's 60,000)
    std::uint64_t seed = 1;        ///< split, subsets, shuffling and initial weights
};

/// Reported after every batch.
struct TrainProgress {
    int epoch = 0;            ///< 0-based
    int epochs = 0;
    std::size_t batch = 0;    ///< 0-based, within the epoch
    std::size_t batches = 0;  ///< per epoch
    double loss = 0.0;           ///< mean training loss of this epoch so far
    double accuracySoFar = 0.0;  ///< training accuracy of this epoch so far, 0..1
    double fraction = 0.0;       ///< of the whole run, 0..1
};

/// Accuracies are fractions in 0..1.
struct TrainResult {
    double trainLoss = 0.0;       ///< mean loss of the last epoch
    double trainAccuracy = 0.0;   ///< running accuracy of the last epoch
    double validationAccuracy = -1.0;  ///< -1 if the validation set is empty
    double testAccuracy = -1.0;        ///< -1 if no test set was given
    double seconds = 0.0;
    int epochs = 0;
    std::size_t trainSamples = 0;
    std::size_t validationSamples = 0;
};

using ProgressCallback = std::function<void(const TrainProgress&)>;
/// Asked between batches; returning true makes train() throw core::Cancelled.
using CancelPredicate = std::function<bool()>;

/// Trains an architecture from fresh weights. With one LibTorch thread the same seed gives
/// bit-identical results. Runs on the calling thread and adopts the count set by setThreadCount.
class Trainer {
public:
    explicit Trainer(TrainConfig config = {});

    const TrainConfig& config() const { return m_config; }
    void setProgressCallback(ProgressCallback callback) { m_progress = std::move(callback); }
    void setCancelPredicate(CancelPredicate cancel) { m_cancel = std::move(cancel); }

    /// Splits `trainSet` into train/validation, trains, then evaluates on the validation split
    /// and, if given, on the whole `testSet`. Throws core::InputError when the configuration or the
    /// data set does not fit the architecture, core::ArchitectureError for invalid IR and
    /// core::Cancelled when the cancel predicate says so.
    TrainResult train(const core::Architecture& architecture, const data::Dataset& trainSet,
                      const data::Dataset* testSet = nullptr);

    /// The model of the last successful train(); null before.
    TrainedModel* model() { return m_model ? &*m_model : nullptr; }
    /// Hands the last model over; the trainer no longer has one afterwards.
    std::optional<TrainedModel> takeModel() { return std::exchange(m_model, std::nullopt); }

private:
    TrainConfig m_config;
    ProgressCallback m_progress;
    CancelPredicate m_cancel;
    std::optional<TrainedModel> m_model;
};

/// Top-1 accuracy (0..1) of a model on the given samples (all of them if `indices` is empty), in
/// eval mode without gradients. Returns -1 for an empty selection; the cancel predicate is asked
/// between batches.
double evaluateAccuracy(const TrainedModel& model, const data::Dataset& dataset,
                        const std::vector<int>& indices = {}, int batchSize = 256,
                        const CancelPredicate& cancel = {});

} // namespace edgenas::models
