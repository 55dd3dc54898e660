#pragma once

// Private to widgets/ (includes QCustomPlot): the Pareto plot's colour metric applied to its cloud.

#include "colour_axis.h"

#include <QColor>
#include <QString>

#include <optional>

namespace edgenas::widgets {

class CandidateColumns;
class PointCloud;

/// Which metric colours the cloud's points, its colour scale, and the colour each point gets.
/// With no metric (the default) the cloud keeps its one colour and the plot has no scale.
class PointColouring {
public:
    PointColouring(QCustomPlot* plot, PointCloud* cloud);

    /// Returns whether the metric changed; call update() after.
    bool setMetric(const QString& metric);
    const QString& metric() const { return m_metric; }
    bool isOn() const { return !m_metric.isEmpty(); }

    /// Colours the cloud by the metric's values in `columns` (missing figures in `neutral`); the
    /// scale follows the values seen, so call again when figures or columns change.
    void update(const CandidateColumns& columns, QRgb neutral);
    /// The colour of `row`; nullopt without a colour metric or its figures.
    std::optional<QColor> colourOfRow(const CandidateColumns& columns, int row, QRgb neutral) const;
    void applyPalette(const QColor& text, const QColor& base, const QFont& font);

private:
    PointCloud* m_cloud;
    ColourAxis m_axis;
    QString m_metric;  // empty: points in one colour
};

} // namespace edgenas::widgets
