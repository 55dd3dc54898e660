#pragma once

// Measures per-operator latency tables on the machine it runs on (library edgenas_probe, which
// links LibTorch through edgenas_models; this header is torch-free).

#include "core/architecture.h"
#include "latency_table.h"
#include "operator_signature.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace edgenas::spaces {
class SearchSpace;
}

namespace edgenas::cost {

struct ProbeConfig {
    int warmup = 10;    ///< untimed forwards per network (GOS: 10)
    int repeats = 50;   ///< timed forwards per network (GOS: 50)
    /// Keep the median of the repeats (GOS), or the minimum: on a machine shared with other work
    /// the fastest run is the one least disturbed, and the median of a long forward is inflated
    /// more than that of a short probe.
    bool useMinimum = false;
    int batchSize = 1;
    std::uint64_t seed = 1;  ///< for sampling architectures from a space
    /// Store op-only times: each entry is t(input -> op -> tail) - t(input' -> tail), and the empty
    /// network's time goes into the table once as networkOverheadMs. Without this, a sum of entries
    /// counts the framework's per-call overhead once per node and overestimates small networks.
    bool subtractOverhead = true;
    /// Times an entry is measured before a time that is not positive (an operator faster than the
    /// noise between its network and the baseline, a disturbed run) is an error; every further
    /// attempt doubles the repeats. Entries are never clamped to make them positive.
    int maxAttempts = 5;
};

/// Times one network: the config's statistic (median or minimum) of `repeats` timed forwards, in
/// ms. The probe's only contact with the clock, so tests can give it figures of their choosing.
using NetworkTimer = std::function<double(const core::Architecture& network, int repeats)>;
/// models::measureLatency with the config's warm-up, batch size and statistic; asks `cancel`
/// between forwards.
NetworkTimer hostNetworkTimer(const ProbeConfig& config, const std::function<bool()>& cancel = {});

/// True for operators LibTorch runs as no kernel at all (an Identity with one input returns its
/// input): their entry is 0 without a measurement, which could only time the noise.
bool runsNoKernel(const OperatorSignature& signature);

/// done of total measurements, and what is measured now (a signature key or "baseline ..."; a
/// time that was not positive and is measured again starts with kMeasuredAgain).
using ProbeProgress = std::function<void(int done, int total, const std::string& what)>;
inline const std::string kMeasuredAgain = "again: ";

/// The two networks that time one operator. LibTorch models must end in numClasses x 1 x 1, so a
/// spatial output gets a global-pool tail, and the baseline (input of the operator's output shape
/// -> the same tail) cancels the tail and the per-call overhead. An operator whose output is
/// already a vector needs no tail; its baseline is the empty network. EarlyExit (never run by a
/// plain forward) is timed as the nodes it consists of: [1x1 conv + BN + activation for a narrow
/// head,] global pool + linear layer. Inputs of different
/// shapes (a concat of unequal widths) are made by Zero nodes whose small cost stays in the entry.
struct ProbeNetworks {
    core::Architecture withOperator;
    core::Architecture baseline;
};
ProbeNetworks probeNetworks(const OperatorSignature& signature);

/// The smallest network LibTorch can run (input 1x1x1, no operators): its time is the per-call
/// overhead.
core::Architecture emptyNetwork();

/// Distinct signatures of some architectures, in order of first appearance.
std::vector<OperatorSignature> distinctSignatures(const std::vector<core::Architecture>& architectures);

/// The 1-minute load average divided by the hardware threads, or -1 where /proc/loadavg is
/// missing. Above ~1, other processes compete for the cores: wall-clock timings inflate (long
/// forwards more than short probes) and OpenMP teams can stall for whole scheduler slices.
double loadPerCore();

/// `samples` architectures drawn from a space with Rng(seed), decoded.
std::vector<core::Architecture> sampleArchitectures(const spaces::SearchSpace& space, int samples,
                                                    std::uint64_t seed);

/// Measures every signature with models::measureLatency (median or minimum) under the thread count set by
/// models::setThreadCount; the table's conditions record device "host", threads, batch, warm-up,
/// repeats, the machine and the runtime. A network time that is not a positive number, or an
/// operator's time (its network minus the baseline) that is not positive, is measured again (op
/// and baseline both, with doubled repeats) up to config.maxAttempts times; if it stays so,
/// core::MeasurementError names the operator and the figures. Throws core::Cancelled when
/// `cancel` returns true, core::InputError for a bad config.
LatencyTable probeSignatures(const std::vector<OperatorSignature>& signatures, const ProbeConfig& config,
                             const ProbeProgress& progress = {}, const std::function<bool()>& cancel = {});
/// The same with the clock replaced by `timer`.
LatencyTable probeSignatures(const std::vector<OperatorSignature>& signatures, const ProbeConfig& config,
                             const NetworkTimer& timer, const ProbeProgress& progress = {});
/// Every distinct signature occurring in the architectures.
LatencyTable probeArchitectures(const std::vector<core::Architecture>& architectures, const ProbeConfig& config,
                                const ProbeProgress& progress = {}, const std::function<bool()>& cancel = {});
/// Every distinct signature occurring in `samples` random architectures of a space.
LatencyTable probeLatencyTable(const spaces::SearchSpace& space, int samples, const ProbeConfig& config,
                               const ProbeProgress& progress = {}, const std::function<bool()>& cancel = {});

} // namespace edgenas::cost
