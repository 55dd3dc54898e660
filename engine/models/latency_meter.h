#pragma once

#include "core/architecture.h"

#include <functional>

namespace edgenas::models {

struct LatencyConfig {
    int batchSize = 1;
    int warmup = 10;   ///< untimed forwards first (allocator, oneDNN primitive caches)
    int repeats = 50;  ///< timed forwards
};

/// Wall-clock time of one forward pass on this host, in milliseconds.
struct LatencyStats {
    double medianMs = 0.0;
    double p90Ms = 0.0;  ///< nearest-rank 90th percentile
    double meanMs = 0.0;
    double minMs = 0.0;
    int repeats = 0;
    int threads = 0;     ///< LibTorch intra-op threads used
    int batchSize = 0;
};

/// Builds the network with random weights and times inference forwards (eval mode, no autograd)
/// on random input, on the calling thread with the count set by setThreadCount. Throws core::ArchitectureError for invalid IR,
/// core::InputError for a config with batchSize or repeats < 1 or warmup < 0, and core::Cancelled
/// when `cancel` returns true (asked between forwards).
LatencyStats measureLatency(const core::Architecture& architecture, const LatencyConfig& config = {},
                            const std::function<bool()>& cancel = {});

} // namespace edgenas::models
