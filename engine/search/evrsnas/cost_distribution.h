#pragma once

#include "search/candidate_evaluator.h"
#include "search/run_config.h"

#include "spaces/search_space.h"

#include <cstdint>
#include <string>
#include <vector>

namespace edgenas::search {

/// Psi (latency or energy on a device) over a search space, estimated from uniformly sampled
/// architectures with the evaluator the search itself uses (DefaultEvaluators of the run: the
/// device's latency table, else timed on the host, else the device model). Thresholds set at its
/// quantiles are then reachable and binding in the same units the penalty sees; quantiles of the
/// roofline model while the search measures or looks up would be neither.
class CostDistribution {
public:
    /// `metric` is "latency_ms" or "energy_mj". A cost timed on this machine (provenance measured)
    /// stops at 200 samples whatever `samples` says, since each one is a real measurement; see
    /// values().size(). Throws core::InputError for another metric or
    /// fewer than one sample, core::Cancelled when `cancel` says so.
    static CostDistribution sample(const spaces::SearchSpace& space, CandidateEvaluator& evaluator,
                                   const std::string& metric, int samples, std::uint64_t seed,
                                   const CancelCheck& cancel = {});
    /// The run's own cost source: DefaultEvaluators(config), sampled with config.seed.
    static CostDistribution forRun(const RunConfig& config, const spaces::SearchSpace& space,
                                   const std::string& metric, int samples, const CancelCheck& cancel = {});

    /// Linear interpolation between order statistics; q in [0, 1].
    double quantile(double q) const;
    /// Sorted ascending.
    const std::vector<double>& values() const { return m_values; }
    /// Where the values came from (costSourceName of their provenances): "table", "measured",
    /// "modelled", or a mix such as "table 90 %, modelled 10 %".
    const std::string& source() const { return m_source; }

private:
    std::vector<double> m_values;
    std::string m_source;
};

/// "table", "measured", "modelled" when every figure has that provenance; otherwise each
/// provenance with its share, largest first ("table 90 %, modelled 10 %"); "none" for no figures.
std::string costSourceName(const std::vector<core::Provenance>& provenances);

} // namespace edgenas::search
