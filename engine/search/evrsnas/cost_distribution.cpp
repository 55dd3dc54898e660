#include "cost_distribution.h"

#include "search/default_evaluators.h"

#include "core/errors.h"
#include "core/rng.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace edgenas::search {

namespace {
constexpr int kMeasuredSamples = 200;
} // namespace

CostDistribution CostDistribution::sample(const spaces::SearchSpace& space, CandidateEvaluator& evaluator,
                                          const std::string& metric, int samples, std::uint64_t seed,
                                          const CancelCheck& cancel) {
    if (metric != "latency_ms" && metric != "energy_mj")
        throw core::InputError("cost metric must be latency_ms or energy_mj, got '" + metric + "'");
    if (samples < 1)
        throw core::InputError("the cost distribution needs at least one sample");
    // Its own stream: sampling the distribution must not shift the search's random sequence.
    core::Rng rng = core::Rng::forStream(seed, 0xc057);
    CostDistribution d;
    std::vector<core::Provenance> provenances;
    for (int i = 0; i < samples; ++i) {
        // Timing a network here costs ~0.1-0.3 s, against microseconds for a table or the model:
        // 1,000 would hold a run up for minutes. The 10-90 % quantiles of 200 are within a few
        // percent of those of 1,000, well inside the timing noise itself.
        if (i == kMeasuredSamples && !provenances.empty() && provenances.front() == core::Provenance::Measured)
            break;
        if (cancel && cancel())
            throw core::Cancelled();
        const core::Architecture arch = space.decode(space.sample(rng));
        bool found = false;
        for (const core::Metric& m : evaluator.evaluate(arch, cancel))
            if (m.name == metric) {
                d.m_values.push_back(m.value);
                provenances.push_back(m.provenance);
                found = true;
            }
        if (!found)
            throw core::InputError("the cost evaluator gave no " + metric);
    }
    std::sort(d.m_values.begin(), d.m_values.end());
    d.m_source = costSourceName(provenances);
    return d;
}

CostDistribution CostDistribution::forRun(const RunConfig& config, const spaces::SearchSpace& space,
                                          const std::string& metric, int samples, const CancelCheck& cancel) {
    DefaultEvaluators evaluators(config);
    return sample(space, evaluators.evaluatorFor(metric), metric, samples, config.seed, cancel);
}

double CostDistribution::quantile(double q) const {
    if (m_values.empty())
        throw core::InputError("quantile of an empty cost distribution");
    if (!(q >= 0.0 && q <= 1.0))
        throw core::InputError("a quantile must be in [0, 1]");
    const double at = q * double(m_values.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(at));
    const std::size_t hi = std::min(lo + 1, m_values.size() - 1);
    return m_values[lo] + (at - double(lo)) * (m_values[hi] - m_values[lo]);
}

std::string costSourceName(const std::vector<core::Provenance>& provenances) {
    if (provenances.empty())
        return "none";
    std::map<core::Provenance, int> counts;
    for (core::Provenance p : provenances)
        ++counts[p];
    if (counts.size() == 1)
        return std::string(core::toString(counts.begin()->first));
    std::vector<std::pair<int, core::Provenance>> byCount;
    for (const auto& [p, n] : counts)
        byCount.emplace_back(n, p);
    std::stable_sort(byCount.begin(), byCount.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string out;
    for (const auto& [n, p] : byCount) {
        const long percent = std::lround(100.0 * n / double(provenances.size()));
        out += (out.empty() ? "" : ", ") + std::string(core::toString(p)) + " " + std::to_string(percent) + " %";
    }
    return out;
}

} // namespace edgenas::search
