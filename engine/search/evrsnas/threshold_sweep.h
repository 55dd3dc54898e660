#pragma once

#include "evrsnas_search.h"

#include "search/run_config.h"
#include "search/search_control.h"
#include "search/search_observer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace edgenas::search {

/// One threshold of a sweep: its own stored run and what it returned.
struct SweepPoint {
    double quantile = 0.0;
    double threshold = 0.0;
    std::int64_t runId = -1;
    std::string status;
    EvrsnasOutcome outcome;
};

/// Runs HW-EvRSNAS once per threshold, the thresholds at quantiles of Psi over the space (notes
/// 1.6: nine, 10 % ... 90 %). Each threshold is a run of its own in the store, named after it, so
/// the chosen architectures together form the accuracy-cost front, which is also stored as a run of
/// its own (storeSweepFront); the reference model is trained (at most) once and shared through its
/// cache.
class ThresholdSweep {
public:
    ThresholdSweep(std::string databasePath, SearchControl& control, SearchObserver& observer);

    /// Nine quantiles 0.1, 0.2, ..., 0.9.
    static std::vector<double> defaultQuantiles();

    /// `base.method` must be "evrsnas"; its bound on the cost metric, if any, is replaced per
    /// threshold. Stops early (remaining points absent) when a stop is requested. Throws
    /// core::InputError for a bad config or quantile.
    std::vector<SweepPoint> run(const RunConfig& base, const std::vector<double>& quantiles);

    /// The run holding the chosen architectures of the last run() (storeSweepFront), -1 if none.
    std::int64_t frontRunId() const { return m_frontRunId; }
    /// Where the thresholds' cost figures came from (CostDistribution::source) in the last run().
    const std::string& costSource() const { return m_costSource; }

private:
    std::string m_path;
    SearchControl& m_control;
    SearchObserver& m_observer;
    std::int64_t m_frontRunId = -1;
    std::string m_costSource;
};

} // namespace edgenas::search
