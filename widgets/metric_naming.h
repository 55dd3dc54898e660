#pragma once

#include "core/candidate.h"

#include <QString>

namespace edgenas::widgets {

// How the views name and judge metrics. Any metric name works; the known ones get a readable
// label. These are free functions because the plot, the table and the compare view must agree.

/// Whether higher is better, from the metric's descriptor (core::MetricCatalog); unknown metrics
/// are minimised, as costs are.
bool isMaximisedMetric(const QString& name);

/// The metric's translated label from its descriptor, e.g. "latency_ms" -> "Latency"; unknown
/// names are returned as they are.
QString metricLabel(const QString& name);

/// The label with its unit, e.g. "Latency [ms]"; no brackets when the unit is empty.
QString metricLabelWithUnit(const QString& name, const QString& unit);

/// A value formatted for people: counts with digit grouping, others with 4 significant digits.
QString formatMetricValue(const QString& name, double value);

/// The translated name of a provenance ("measured", "table", ...).
QString provenanceLabel(core::Provenance provenance);

/// Bit of a provenance in a mask of the provenances seen in one metric column.
constexpr unsigned provenanceBit(core::Provenance provenance) { return 1u << static_cast<unsigned>(provenance); }

/// What a column's figures are, for its header or axis: "" for none, "measured" when all agree,
/// "mixed: measured, modelled" when they do not, so a modelled column never reads as measured.
QString provenanceSummary(unsigned provenanceMask);

/// The translated name of a candidate status ("evaluated", "pending", "failed", "injected").
QString statusLabel(const QString& status);

} // namespace edgenas::widgets
