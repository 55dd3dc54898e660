#pragma once

#include "search/run_config.h"
#include "widgets/metric_bound.h"

#include <QStringList>

namespace edgenas::app {

/// A run's bounds as the views take them: its upper bounds (`constraints`) and lower bounds, by
/// the metric each names ("latency" -> "latency_ms"), one entry per metric.
widgets::MetricBounds metricBoundsOf(const search::RunConfig& config);

/// The metrics of a run's objectives, in the config's order ("latency" -> "latency_ms").
QStringList objectiveMetricsOf(const search::RunConfig& config);

} // namespace edgenas::app
