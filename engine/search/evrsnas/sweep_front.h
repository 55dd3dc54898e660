#pragma once

#include "threshold_sweep.h"

#include "search/run_config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace edgenas::search {

/// Stores what a threshold sweep chose as one run of its own (method "evrsnas-sweep"): one
/// candidate per threshold, the architecture HW-EvRSNAS returned there with its cost, proxy score,
/// threshold and, when final training ran, its trained accuracy. The workbench and `edgenas show`
/// then draw the sweep's accuracy-cost front like any run's. Points without a returned
/// architecture are skipped. Returns the new run's id, or -1 when no point had an architecture.
std::int64_t storeSweepFront(const std::string& databasePath, const RunConfig& base,
                             const std::vector<SweepPoint>& points);

} // namespace edgenas::search
