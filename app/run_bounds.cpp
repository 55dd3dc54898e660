#include "run_bounds.h"

#include "objective_naming.h"

namespace edgenas::app {

widgets::MetricBounds metricBoundsOf(const search::RunConfig& config) {
    widgets::MetricBounds bounds;
    const auto entryFor = [&bounds](const std::string& objective) -> widgets::MetricBound& {
        const QString metric = metricOfObjective(objective);
        for (widgets::MetricBound& b : bounds)
            if (b.metric == metric)
                return b;
        bounds.push_back({metric, std::nullopt, std::nullopt});
        return bounds.back();
    };
    for (const auto& [name, value] : config.constraints)
        entryFor(name).upper = value;
    for (const auto& [name, value] : config.lowerBounds)
        entryFor(name).lower = value;
    return bounds;
}

QStringList objectiveMetricsOf(const search::RunConfig& config) {
    QStringList metrics;
    for (const std::string& objective : config.objectives)
        metrics << metricOfObjective(objective);
    return metrics;
}

} // namespace edgenas::app
