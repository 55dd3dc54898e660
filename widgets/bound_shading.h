#pragma once

// Private to widgets/ (includes QCustomPlot): how a plot shows a bound on one of its axes.

#include <qcustomplot.h>

#include <optional>

namespace edgenas::widgets {

/// A bound on one of a plot's axes: a dashed line at the bound, the infeasible side shaded
/// (beneath the points) and a label naming the bound at the line's end, on whichever side has
/// room. An upper bound on x shades the right, a lower bound the left; on y, above and below.
class BoundShading {
public:
    enum class Side { Upper, Lower };

    /// Adds the items to `plot`: the shading on a layer of its own above the grid, the line and
    /// label on `overlayLayer`. The bound is on `axis` (the plot's x axis when null).
    BoundShading(QCustomPlot* plot, const QString& overlayLayer, QCPAxis* axis = nullptr, Side side = Side::Upper);

    void applyPalette(bool dark, const QFont& font);
    /// Shows `bound` with `label`, or hides the items when there is none (or it is not positive
    /// on a log axis).
    void show(std::optional<double> bound, bool logarithmic, const QString& label);
    /// Puts the label on the side of the line with room; call when the axis range changes.
    void placeLabel(bool logarithmic);
    bool isShown() const { return m_line->visible(); }

private:
    bool horizontal() const { return m_axis->orientation() == Qt::Horizontal; }

    QCustomPlot* m_plot;
    QCPAxis* m_axis;
    Side m_side;
    std::optional<double> m_bound;
    QCPItemStraightLine* m_line = nullptr;
    QCPItemRect* m_infeasible = nullptr;
    QCPItemText* m_label = nullptr;
};

} // namespace edgenas::widgets
