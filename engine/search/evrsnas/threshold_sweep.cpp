#include "threshold_sweep.h"

#include "cost_distribution.h"
#include "sweep_front.h"

#include "search/run_database.h"
#include "search/run_space.h"
#include "search/search_runner.h"

#include "core/errors.h"
#include "store/run_reader.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace edgenas::search {

ThresholdSweep::ThresholdSweep(std::string databasePath, SearchControl& control, SearchObserver& observer)
    : m_path(std::move(databasePath)), m_control(control), m_observer(observer) {}

std::vector<double> ThresholdSweep::defaultQuantiles() {
    std::vector<double> q;
    for (int i = 1; i <= 9; ++i)
        q.push_back(i / 10.0);
    return q;
}

std::vector<SweepPoint> ThresholdSweep::run(const RunConfig& base, const std::vector<double>& quantiles) {
    if (base.method != "evrsnas")
        throw core::InputError("a threshold sweep runs the evrsnas method, not '" + base.method + "'");
    if (quantiles.empty())
        throw core::InputError("a threshold sweep needs at least one quantile");
    for (double q : quantiles)
        if (!(q > 0.0 && q < 1.0))
            throw core::InputError("sweep quantiles must lie strictly between 0 and 1");
    const EvrsnasSettings settings = evrsnasSettingsFromJson(base.methodSettingsJson);

    const auto space = makeRunSpace(base);
    // Thresholds in the units the penalty sees: the run's own evaluator (table, timed or modelled).
    const CostDistribution distribution = CostDistribution::forRun(
        base, *space, costMetric(settings), settings.quantileSamples, [this] { return m_control.stopRequested(); });
    m_costSource = distribution.source();

    std::vector<SweepPoint> points;
    for (double q : quantiles) {
        if (m_control.stopRequested())
            break;
        SweepPoint point;
        point.quantile = q;
        point.threshold = distribution.quantile(q);
        RunConfig config = base;
        config.constraints[settings.cost] = point.threshold;
        char name[96];
        std::snprintf(name, sizeof name, "evrsnas sweep %s q%.0f%% T=%.4g", base.space.c_str(), 100 * q,
                      point.threshold);
        SearchRunner runner(m_path, m_control, m_observer);
        const RunResult result = runner.start(config, name);
        point.runId = result.runId;
        point.status = result.status;
        const store::RunReader reader = openRunReader(m_path);
        if (const auto last = reader.lastGeneration(result.runId))
            if (auto outcome = evrsnasOutcomeFromState(nlohmann::json::parse(last->stateJson).at("method").dump()))
                point.outcome = *outcome;
        points.push_back(std::move(point));
        if (result.status != "finished")
            break;
    }
    // Also when stopped early: the thresholds done so far are a front worth seeing.
    m_frontRunId = storeSweepFront(m_path, base, points);
    return points;
}

} // namespace edgenas::search
