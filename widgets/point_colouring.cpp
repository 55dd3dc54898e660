#include "point_colouring.h"

#include "candidate_columns.h"
#include "metric_naming.h"
#include "plot_axis_mapping.h"
#include "point_cloud.h"

namespace edgenas::widgets {

PointColouring::PointColouring(QCustomPlot* plot, PointCloud* cloud) : m_cloud(cloud), m_axis(plot) {}

bool PointColouring::setMetric(const QString& metric) {
    if (metric == m_metric)
        return false;
    m_metric = metric;
    return true;
}

void PointColouring::update(const CandidateColumns& columns, QRgb neutral) {
    const MetricColumn* column = m_metric.isEmpty() ? nullptr : columns.column(m_metric);
    m_axis.show(column, isMaximisedMetric(m_metric), column ? axisLabel(m_metric, column) : QString());
    if (!column) {
        m_cloud->setRowColours({});
        return;
    }
    m_cloud->setRowColours([this, column, neutral](int row) {
        return m_axis.colourOf(column->values[static_cast<std::size_t>(row)], neutral);
    });
}

std::optional<QColor> PointColouring::colourOfRow(const CandidateColumns& columns, int row, QRgb neutral) const {
    const MetricColumn* column = m_metric.isEmpty() ? nullptr : columns.column(m_metric);
    if (row < 0 || !column)
        return std::nullopt;
    return QColor(m_axis.colourOf(column->values[static_cast<std::size_t>(row)], neutral));
}

void PointColouring::applyPalette(const QColor& text, const QColor& base, const QFont& font) {
    m_axis.applyPalette(text, base, font);
}

} // namespace edgenas::widgets
