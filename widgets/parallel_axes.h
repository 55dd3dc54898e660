#pragma once

// Private to widgets/: the axes of ParallelCoordinatesView.

#include "metric_bound.h"

#include <QColor>
#include <QFont>
#include <QRectF>
#include <QStringList>

#include <vector>

class QPainter;
class QPalette;

namespace edgenas::widgets {

class CandidateColumns;

/// The axes of the parallel-coordinates view, one per metric: the values each spans (widened to
/// a bound near them), where a value lies on it (the better end at the top, whichever way the
/// metric is better), and their drawing: line, ticks, label and direction, the infeasible
/// stretch beyond a bound, and the legend.
class ParallelAxes {
public:
    /// An axis: its metric, the values it spans and which end is better.
    struct Axis {
        QString metric;
        double lo = 0.0;
        double hi = 1.0;
        bool maximised = false;
    };

    /// Orange, as the Pareto plot's selection.
    static QColor selectionColour() { return {232, 113, 10}; }

    /// Takes the axes again from the candidates' figures; `font` sizes the labels.
    void update(const QStringList& metrics, const CandidateColumns& candidates, const MetricBounds& bounds,
                const QFont& font);
    int count() const { return static_cast<int>(m_axes.size()); }
    const Axis& at(int axis) const { return m_axes[static_cast<std::size_t>(axis)]; }

    /// Where the axes stand in a view of `size`, leaving room for labels and legend.
    QRectF area(QSize size) const;
    double xOf(int axis, QSize size) const;
    /// y of `value` on `axis`; the better end is at the top.
    double yOf(int axis, double value, QSize size) const;
    double valueAt(int axis, double y, QSize size) const;

    void paint(QPainter& painter, QSize size, const QPalette& palette, const CandidateColumns& candidates,
               const MetricBounds& bounds) const;

private:
    std::vector<Axis> m_axes;
    QFont m_font;
};

} // namespace edgenas::widgets
