#pragma once

// Private to widgets/ (includes QCustomPlot): how the Pareto plot maps metrics onto its axes.

#include <qcustomplot.h>

#include <QString>

#include <utility>
#include <vector>

namespace edgenas::widgets {

struct MetricColumn;

/// Axes for candidates whose metrics are `columns` when none were chosen: the first maximised
/// metric up, the first minimised one across. (x, y); `columns` must not be empty.
std::pair<QString, QString> defaultAxes(const std::vector<MetricColumn>& columns);
/// "Latency [ms] · modelled  (lower is better)": label, unit, provenance of the figures seen
/// (`column` null before any) and which way is better.
QString axisLabel(const QString& metric, const MetricColumn* column);
/// Linear or logarithmic scale with matching ticks.
void setScaleType(QCPAxis* axis, bool logarithmic);
/// [lo, hi] with 5 % room on each side (a factor on a log axis); a single value gets room too.
QCPRange paddedRange(double lo, double hi, bool logarithmic);

} // namespace edgenas::widgets
