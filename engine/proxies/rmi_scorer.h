#pragma once

#include "core/architecture.h"
#include "data/dataset.h"
#include "models/trained_model.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace edgenas::proxies {

/// How a candidate is scored against the reference (RMI-NAS / HW-EvRSNAS, research notes 1.3).
struct RmiSettings {
    /// K: SGD steps of the single-batch fit; 0 scores the network at initialisation (training-free).
    int steps = 150;
    /// beta in beta * RMI_loss + (1 - beta) * CE.
    double beta = 0.8;
    double learningRate = 0.1;
    double momentum = 0.9;
    double weightDecay = 5e-4;
    /// Stage pairs compared (fewer when a network has fewer stages).
    int pairs = 3;
};

/// One candidate's score. The score is the final mixed loss (lower is better); phi = 1 - loss / L
/// with L the number of pairs, so phi = 1 means "represents the batch exactly like the reference".
struct RmiScore {
    double loss = 0.0;          ///< beta * rmiLoss + (1 - beta) * crossEntropy after the fit
    double phi = 0.0;
    double rmiLoss = 0.0;       ///< sum over pairs of (1 - CKA)
    double crossEntropy = 0.0;
    int pairs = 0;
    std::vector<double> ckaInitial;  ///< per pair, before the first step
    std::vector<double> ckaFinal;    ///< per pair, after the last step
    std::vector<double> meanCkaTrace; ///< mean CKA over pairs at steps 0..K
    bool diverged = false;      ///< the fit produced a non-finite loss; the score is the worst one
    std::string error;          ///< scoreMany only: why this candidate could not be scored
};

using RmiCancel = std::function<bool()>;

/// Scores architectures by representation similarity to a reference network on one batch:
/// linear CKA between the reference's and the candidate's stage-end features (paired by
/// pairStages), after K SGD steps of the candidate on that batch. The reference features and
/// their Gram matrices are computed once here. score() is const and may run on several threads
/// at once (each call builds its own network); results depend only on (architecture, seed) and
/// the thread count of the calling thread.
class RmiScorer {
public:
    /// `batch` indexes `dataset` (the single training batch, n = batch.size() >= 2). Throws
    /// core::InputError when the reference does not fit the data set or has no spatial stage.
    RmiScorer(models::TrainedModel reference, const data::Dataset& dataset, const std::vector<int>& batch,
              RmiSettings settings = {});
    RmiScorer(RmiScorer&&) noexcept;
    RmiScorer& operator=(RmiScorer&&) noexcept;
    ~RmiScorer();

    /// Fresh weights from `seed`. Throws core::InputError if the candidate's input or class count
    /// differs from the reference's, core::ArchitectureError for invalid IR, core::Cancelled
    /// when `cancel` says so (asked between steps).
    RmiScore score(const core::Architecture& candidate, std::uint64_t seed, const RmiCancel& cancel = {}) const;

    /// Scores several candidates, with `workers` threads of one LibTorch thread each when workers > 1
    /// (on few cores that beats one candidate with several threads: the small per-layer ops of
    /// these networks do not parallelise well). Results in input order; a candidate that cannot be
    /// scored gets its error in RmiScore::error. Throws core::Cancelled after all workers stopped.
    std::vector<RmiScore> scoreMany(const std::vector<core::Architecture>& candidates,
                                    const std::vector<std::uint64_t>& seeds, int workers,
                                    const RmiCancel& cancel = {}) const;

    const RmiSettings& settings() const;
    int batchSize() const;
    const models::TrainedModel& reference() const;
    /// Stage-end node ids of the reference.
    const std::vector<int>& referenceStages() const;

    /// n distinct random sample indices of `dataset` for the batch, deterministic for a seed.
    static std::vector<int> chooseBatch(const data::Dataset& dataset, int n, std::uint64_t seed);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace edgenas::proxies
