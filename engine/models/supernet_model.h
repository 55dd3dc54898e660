#pragma once

#include "data/dataset.h"
#include "spaces/attentive_space.h"
#include "trained_model.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace edgenas::models {

class AttentiveSupernetImpl;  // attentive_supernet.h; only code that includes it can use the module

/// Sandwich-rule training of a weight-sharing supernet (Yu et al., BigNAS/AttentiveNAS): every
/// step trains the largest, the smallest and `randomSubnets` random backbones on the same batch,
/// gradients accumulated, then one optimiser step.
struct SandwichConfig {
    int epochs = 5;
    int batchSize = 128;
    int randomSubnets = 2;
    double learningRate = 0.1;  ///< peak; cosine decay towards 0, stepped per batch
    double momentum = 0.9;      ///< SGD with Nesterov momentum
    double weightDecay = 5e-5;  ///< not on BN weights or biases
    std::uint64_t seed = 1;     ///< initial weights, shuffling and the random subnets

    /// Throws core::InputError naming the first bad value.
    void validate() const;
};

/// Reported after every step.
struct SupernetProgress {
    int epoch = 0;  ///< 0-based
    int epochs = 0;
    std::size_t step = 0;  ///< 0-based, within the epoch
    std::size_t steps = 0;  ///< per epoch
    double loss = 0.0;  ///< mean loss of the step's subnets
};

struct SupernetTrainingSummary {
    int resumedFromEpoch = 0;   ///< epochs found finished in the checkpoint (0 = fresh start)
    int epochsRun = 0;          ///< epochs trained by this call
    double lastEpochLoss = -1;  ///< mean over the steps of the last epoch (-1: none run now)
    std::vector<double> epochLosses;  ///< per epoch run now
    double secondsPerEpoch = 0.0;     ///< measured, over the epochs run now
};

using SupernetProgressCallback = std::function<void(const SupernetProgress&)>;
/// Asked between steps and batches; returning true makes the call throw core::Cancelled.
using SupernetCancel = std::function<bool()>;

/// The torch-free handle of a weight-sharing supernet over an AttentiveSpace: training, saving,
/// BN recalibration and evaluation of subnets with inherited weights, and extraction of a subnet as
/// a GraphNetwork. Runs on the calling thread and adopts the count set by setThreadCount. Move-only.
class SupernetModel {
public:
    /// Fresh weights drawn from a generator seeded with `seed`. The space's input shape must be
    /// the data's (the supernet does not resize).
    SupernetModel(const spaces::AttentiveSpace& space, std::uint64_t seed);
    SupernetModel(SupernetModel&&) noexcept;
    SupernetModel& operator=(SupernetModel&&) noexcept;
    SupernetModel(const SupernetModel&) = delete;
    SupernetModel& operator=(const SupernetModel&) = delete;
    ~SupernetModel();

    /// Sandwich-rule training on dataset[trainIndices]. With a non-empty `checkpointPath`, the
    /// weights, optimiser state and finished epoch count are written there (atomically) after every
    /// epoch, and a checkpoint found there on entry is resumed from (all randomness is derived
    /// from (seed, epoch, step), so a resumed run gives the weights an uninterrupted one gives;
    /// bit-identical with one LibTorch thread). Throws core::Cancelled when `cancel` says so,
    /// core::InputError for bad settings or a checkpoint that does not fit.
    SupernetTrainingSummary train(const SandwichConfig& config, const data::Dataset& dataset,
                                  const std::vector<int>& trainIndices, const std::string& checkpointPath = {},
                                  const SupernetProgressCallback& progress = {}, const SupernetCancel& cancel = {});

    /// Writes / reads the weights and BN statistics (torch::save archive). Throw core::InputError
    /// naming the path.
    void save(const std::string& path) const;
    void load(const std::string& path);

    /// BN recalibration for one backbone: statistics reset, then the cumulative average over
    /// `batches` batches of `batchSize` samples drawn (deterministically for `seed`) from
    /// dataset[indices], in train mode without gradients. The module is left in eval mode.
    void recalibrate(const spaces::AttentiveBackbone& backbone, const data::Dataset& dataset,
                     const std::vector<int>& indices, int batches, int batchSize, std::uint64_t seed,
                     const SupernetCancel& cancel = {});
    /// Top-1 (0..1) of the backbone with the current statistics (call recalibrate first) on
    /// dataset[indices], in eval mode. -1 for an empty selection.
    double accuracy(const spaces::AttentiveBackbone& backbone, const data::Dataset& dataset,
                    const std::vector<int>& indices, const SupernetCancel& cancel = {});

    /// The backbone as a stand-alone network (space.build(backbone)) holding the inherited weights
    /// and current BN statistics; its output equals the supernet's for that backbone in eval mode.
    TrainedModel extract(const spaces::AttentiveBackbone& backbone) const;
    /// The same for `architecture` = space.build(backbone) with EarlyExit nodes added (a dynamic
    /// model); the heads keep fresh weights until ExitHeads::loadInto fills them.
    TrainedModel extract(const spaces::AttentiveBackbone& backbone, const core::Architecture& architecture) const;

    const spaces::AttentiveSpace& space() const { return *m_space; }
    /// The module itself, for code that includes attentive_supernet.h.
    std::shared_ptr<AttentiveSupernetImpl> module() const { return m_module; }

private:
    std::shared_ptr<const spaces::AttentiveSpace> m_space;
    std::shared_ptr<AttentiveSupernetImpl> m_module;
};

} // namespace edgenas::models
