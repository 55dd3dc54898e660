#pragma once

// Torch-free: the HADAS search reaches the weight-sharing supernet, exit heads and fidelity study
// through this header only.

#include "exit_table.h"

#include "core/architecture.h"
#include "data/dataset.h"
#include "models/trained_model.h"
#include "search/method_descriptor.h"
#include "spaces/attentive_space.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>

#include <nlohmann/json_fwd.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace edgenas::models {
class ExitHeads;
class SupernetModel;
}

namespace edgenas::search {

/// Everything that decides HADAS's supernet, its evaluation, its exit heads and its fidelity study.
/// Defaults: the one-time cost on 2 cores (20,000 images, 5 epochs) for the reduced layout.
/// JSON keys are the snake_case names below (e.g. "train_subset"); see schema().
struct HadasSupernetSettings {
    // The data split. The supernet never sees a validation image: HADAS's validation split is the
    // one these two settings give (not the run seed's), so one supernet serves every run seed.
    double validationFraction = 1 / 6.0;  ///< of the loaded train part, as models::TrainConfig
    std::uint64_t splitSeed = 1;          ///< split and subsets, as models::TrainConfig::seed

    // Sandwich-rule training (largest + smallest + random subnets per step).
    int trainSubset = 20000;   ///< images of the training split; 0 = all of it
    int epochs = 5;
    int batchSize = 128;
    int randomSubnets = 2;
    double learningRate = 0.1;  ///< peak, cosine decay; SGD Nesterov momentum 0.9
    double weightDecay = 5e-5;  ///< not on BN weights or biases
    std::uint64_t seed = 1;     ///< initial weights, shuffling, random subnets, recalibration batches

    // Evaluating a subnet with inherited weights.
    int calibrationBatches = 16;    ///< BN recalibration: cumulative average over this many batches
    int calibrationBatchSize = 128; ///< of the training subset
    int validationSubset = 0;       ///< images of the validation split scored; 0 = all of it

    // Early-exit heads (trained per backbone, backbone frozen).
    int headWidth = 32;             ///< H of the narrow head; exitTables() may override per call
    int headEpochs = 5;
    int headTrainSubset = 10000;    ///< of the training subset; 0 = the whole training subset
    double headLearningRate = 0.05;
    int headFeatureMemoryMiB = 1536;  ///< cap on the cached block outputs (16-bit); cuts the subset

    // Fidelity: Kendall tau of inherited vs stand-alone-trained validation accuracy.
    int fidelitySubnets = 10;
    int fidelityEpochs = 2;          ///< stand-alone training (models::Trainer) on the training subset
    int fidelityBatchSize = 64;
    double fidelityLearningRate = 0.05;
    std::uint64_t fidelitySeed = 1;  ///< which subnets (spread over the MACs range)

    int threads = 0;  ///< LibTorch threads set by obtain(); 0 = leave the process's count

    /// The settings as described above; every key with its range and default.
    static const std::vector<SettingDescriptor>& schema();
    /// Strict parse of a JSON object (missing keys keep their defaults): unknown keys and values out
    /// of range throw core::InputError naming the key ("settings.train_subset must be ...").
    static HadasSupernetSettings fromJson(const std::string& text);
    std::string toJson() const;
    /// Throws core::InputError naming the first key whose value is out of range.
    void validate() const;
};

/// One subnet of the fidelity study.
struct FidelitySubnet {
    spaces::AttentiveBackbone backbone;
    double macs = 0.0;                 ///< counted
    double inheritedAccuracy = 0.0;    ///< supernet weights + BN recalibration, validation split (0..1)
    double standaloneAccuracy = 0.0;   ///< trained from scratch with models::Trainer (0..1)
};

/// How well the supernet ranks subnets like stand-alone training does.
struct FidelityReport {
    std::vector<FidelitySubnet> subnets;  ///< ascending MACs
    double kendallTau = 0.0;              ///< tau-b, inherited vs stand-alone
    double tauLow = 0.0, tauHigh = 0.0;   ///< 95 % bootstrap interval (2,000 resamples, seed 1)
    double inheritedSd = 0.0;             ///< spread of inherited accuracies (population sd, 0..1)
    double standaloneSd = 0.0;
    bool fromCache = false;
};

/// Where the supernet's training stands, for progress bars: phase is "supernet", "exit heads",
/// "fidelity" (step = subnet, steps = subnets) or "calibration".
struct HadasSupernetProgress {
    std::string phase;
    int epoch = 0;
    int epochs = 0;
    std::size_t step = 0;
    std::size_t steps = 0;
    double loss = 0.0;
};

/// HADAS's weight-sharing supernet over an AttentiveSpace, trained once per (layout, data set,
/// settings, code version) with the sandwich rule and kept in the artefact cache; subnets
/// inherit its weights and are scored after BN recalibration. Also trains the early-exit heads of a
/// backbone (cached) and fills its exit tables, and runs the fidelity study (cached). Use from one
/// thread at a time.
class HadasSupernet {
public:
    using Progress = std::function<void(const HadasSupernetProgress&)>;
    using Cancel = std::function<bool()>;

    /// Bumped whenever the module, its initialisation or its training changes the weights.
    static constexpr int kCodeVersion = 1;

    /// The cached supernet (a second or two), or trains it: with progress kept after every epoch in
    /// the cache folder, so a killed or cancelled training resumes at its last finished epoch.
    /// `trainSet` is the data set's loaded train part (split here into training/validation),
    /// `testSet` its test part (may be null: test tables are then empty). `cacheFolder` empty =
    /// core::ArtefactCache::defaultFolder per kind. Throws core::Cancelled when `cancel` says so,
    /// core::InputError for bad settings, data that does not fit the space, or an unwritable folder.
    static std::unique_ptr<HadasSupernet> obtain(const spaces::AttentiveSpace& space,
                                                 std::shared_ptr<const data::Dataset> trainSet,
                                                 std::shared_ptr<const data::Dataset> testSet,
                                                 const HadasSupernetSettings& settings,
                                                 const std::string& cacheFolder = {}, const Progress& progress = {},
                                                 const Cancel& cancel = {});
    /// True when obtain() would load instead of train.
    static bool isCached(const spaces::AttentiveSpace& space, const data::Dataset& trainSet,
                         const HadasSupernetSettings& settings, const std::string& cacheFolder = {});
    /// The artefact-cache key obtain() uses ("<layout>-<data set>-e<epochs>-n<subset>-<digest>").
    static std::string keyFor(const spaces::AttentiveSpace& space, const data::Dataset& trainSet,
                              const HadasSupernetSettings& settings);

    ~HadasSupernet();
    HadasSupernet(const HadasSupernet&) = delete;
    HadasSupernet& operator=(const HadasSupernet&) = delete;

    std::string key() const { return m_key; }
    bool fromCache() const { return m_fromCache; }
    const HadasSupernetSettings& settings() const { return m_settings; }
    const spaces::AttentiveSpace& space() const;
    /// Per-epoch mean sandwich loss and measured seconds per epoch of the training that made the
    /// weights (read back from the cache entry when loaded).
    const std::vector<double>& epochLosses() const { return m_epochLosses; }
    double secondsPerEpoch() const { return m_secondsPerEpoch; }

    /// Sample indices into the train part: the supernet's training subset and the validation split
    /// scored (after validationSubset); ascending.
    const std::vector<int>& trainIndices() const { return m_trainIndices; }
    const std::vector<int>& validationIndices() const { return m_validationIndices; }

    /// Top-1 (0..1) of a backbone with inherited weights after BN recalibration, on the validation
    /// split (provenance: Trained, supernet). Deterministic; remembered per backbone.
    double validationAccuracy(const spaces::AttentiveBackbone& backbone, const Cancel& cancel = {});
    /// The same on the whole test part; -1 without a test set.
    double testAccuracy(const spaces::AttentiveBackbone& backbone, const Cancel& cancel = {});

    /// Exit tables of a backbone with heads at `exitBlocks` (flat block indices, any order; head b
    /// reads block b's output): heads of width `headWidth` (0 = settings().headWidth) trained on
    /// the frozen backbone (CE + distillation from the final head), a temperature per head
    /// (and for the final head) fitted on the validation split, then {validation table, test
    /// table}; samples in validationIndices() order and in test-set order. Heads and tables are
    /// cached ("exit-heads", "exit-table"), so a resumed run does not train them again.
    std::pair<ExitTable, ExitTable> exitTables(const spaces::AttentiveBackbone& backbone,
                                               const std::vector<int>& exitBlocks, int headWidth = 0,
                                               const Progress& progress = {}, const Cancel& cancel = {});

    /// A dynamic model ready for export (TorchScript): `architecture` is space().build(backbone)
    /// with narrow EarlyExit nodes (outChannels = the head width) added, each reading the output
    /// node of one of `trainedBlocks` (space().blockOutputNodes). Backbone weights are inherited
    /// (BN recalibrated), head weights those exitTables(backbone, trainedBlocks, headWidth)
    /// trained (loaded from the cache, or trained now). Its input convention is the data set's.
    /// Throws core::InputError for an exit node that reads no trained block.
    models::TrainedModel dynamicModel(const spaces::AttentiveBackbone& backbone, const std::vector<int>& trainedBlocks,
                                      int headWidth, const core::Architecture& architecture,
                                      const Progress& progress = {}, const Cancel& cancel = {});

    /// The fidelity study (cached, kind "supernet-fidelity-report"): settings().fidelitySubnets backbones
    /// spread over the MACs range (the smallest and the largest included), each scored with inherited
    /// weights and trained stand-alone with models::Trainer on the same training subset.
    FidelityReport fidelity(const Progress& progress = {}, const Cancel& cancel = {});

    /// The supernet itself, for code that links LibTorch (export of a subnet, tests).
    models::SupernetModel& model() { return *m_model; }

private:
    HadasSupernet() = default;
    std::string cacheFolderFor(const std::string& kind) const;
    void recalibrate(const spaces::AttentiveBackbone& backbone, const Cancel& cancel);
    nlohmann::json headRecipe(const spaces::AttentiveBackbone& backbone, const std::vector<int>& blocks,
                              int width) const;
    /// The heads from the cache, or trained now (the supernet recalibrated for the backbone) and cached.
    std::unique_ptr<models::ExitHeads> obtainHeads(const spaces::AttentiveBackbone& backbone,
                                                   const std::vector<int>& blocks, int width, const Progress& progress,
                                                   const Cancel& cancel);

    std::unique_ptr<models::SupernetModel> m_model;
    std::shared_ptr<const data::Dataset> m_trainSet, m_testSet;
    HadasSupernetSettings m_settings;
    std::string m_cacheFolder;
    std::string m_key;
    bool m_fromCache = false;
    std::vector<double> m_epochLosses;
    double m_secondsPerEpoch = 0.0;
    std::vector<int> m_trainIndices, m_validationIndices;
    std::map<std::string, double> m_validationMemo, m_testMemo;  ///< by genome text
};

} // namespace edgenas::search
