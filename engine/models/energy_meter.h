#pragma once

#include "core/architecture.h"
#include "cost/package_energy_counter.h"

#include <functional>
#include <string>

namespace edgenas::models {

struct EnergyConfig {
    int batchSize = 1;
    int warmup = 10;          ///< untimed forwards first, as for latency
    /// Length of one window of back-to-back forwards. The package counter moves about once a
    /// millisecond, often slower than one forward, so only long windows resolve per-inference
    /// energy; below 200 ms the counter's steps are a visible share of the figure.
    double windowMs = 200.0;
    int windows = 3;          ///< the median window's figures are reported
    double idleMs = 200.0;    ///< the counter over a window with nothing run, subtracted
    int maxAttempts = 3;      ///< measurements before an energy above idle that is not positive is an error
};

/// Package energy of one forward pass on this host, measured with the powercap counter.
struct EnergyStats {
    double energyMj = 0.0;        ///< per inference, above idle (median window)
    double averageWatts = 0.0;    ///< package power above idle while inferring: energyMj / msPerInference
    double idleWatts = 0.0;       ///< package power with nothing run
    double msPerInference = 0.0;  ///< wall time per forward in that window
    double windowMs = 0.0;        ///< the shortest window measured (>= config.windowMs)
    int windows = 0;
    int inferences = 0;           ///< forwards in all windows
    std::string counter;          ///< the zones read, "package-0 (intel-rapl:0)"
};

/// Builds the network with random weights (as measureLatency does), reads the package counter
/// over an idle window, then over `windows` windows of back-to-back inference forwards, and
/// reports the energy per forward above idle power. Other work on the machine during a window
/// lands in the figure: run it on a quiet machine. Throws core::MeasurementError when the counter
/// cannot be read or the energy above idle stays non-positive after config.maxAttempts tries,
/// core::InputError for a bad config, core::ArchitectureError for invalid IR and core::Cancelled
/// when `cancel` returns true (asked between forwards).
EnergyStats measureEnergy(const core::Architecture& architecture, const cost::PackageEnergyCounter& counter,
                          const EnergyConfig& config = {}, const std::function<bool()>& cancel = {});

} // namespace edgenas::models
