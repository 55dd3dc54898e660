#include "plot_axis_mapping.h"

#include "candidate_columns.h"
#include "metric_naming.h"
#include "pareto_plot.h"

#include <algorithm>
#include <cmath>

namespace edgenas::widgets {

std::pair<QString, QString> defaultAxes(const std::vector<MetricColumn>& columns) {
    QString y, x;
    for (const MetricColumn& column : columns)
        if (y.isEmpty() && isMaximisedMetric(column.name))
            y = column.name;
    for (const MetricColumn& column : columns)
        if (x.isEmpty() && !isMaximisedMetric(column.name) && column.name != y)
            x = column.name;
    if (y.isEmpty())
        y = columns.front().name;
    if (x.isEmpty())
        x = columns.size() > 1 && columns[1].name != y ? columns[1].name : columns.front().name;
    return {x, y};
}

QString axisLabel(const QString& metric, const MetricColumn* column) {
    const QString unit = column ? column->unit : QString();
    const QString source = column ? provenanceSummary(column->provenancesSeen) : QString();
    const QString direction =
        isMaximisedMetric(metric) ? ParetoPlot::tr("higher is better") : ParetoPlot::tr("lower is better");
    return source.isEmpty() ? QStringLiteral("%1  (%2)").arg(metricLabelWithUnit(metric, unit), direction)
                            : QStringLiteral("%1 · %2  (%3)").arg(metricLabelWithUnit(metric, unit), source, direction);
}

void setScaleType(QCPAxis* axis, bool logarithmic) {
    if (logarithmic) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        axis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    } else {
        axis->setScaleType(QCPAxis::stLinear);
        axis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }
    axis->setNumberFormat(QStringLiteral("gb"));
}

QCPRange paddedRange(double lo, double hi, bool logarithmic) {
    if (logarithmic) {
        const double factor = hi > lo ? std::pow(hi / lo, 0.05) : 2.0;
        return QCPRange(lo / factor, hi * factor);
    }
    const double pad = hi > lo ? (hi - lo) * 0.05 : std::max(std::abs(hi) * 0.05, 1e-9);
    return QCPRange(lo - pad, hi + pad);
}

} // namespace edgenas::widgets
