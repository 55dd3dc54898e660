#pragma once

// Private to widgets/ (includes QCustomPlot): how a plot shows an upper bound on its x metric.

#include <qcustomplot.h>

#include <optional>

namespace edgenas::widgets {

/// An upper bound on a plot's x metric: a dashed line at the bound, the infeasible side
/// shaded (beneath the points) and a label naming the bound at the top of the line, on
/// whichever side has room.
class BoundShading {
public:
    /// Adds the items to `plot`: the shading on a layer of its own above the grid, the line and
    /// label on `overlayLayer`.
    BoundShading(QCustomPlot* plot, const QString& overlayLayer);

    void applyPalette(bool dark, const QFont& font);
    /// Shows `bound` with `label`, or hides the items when there is none (or it is not positive
    /// on a log axis).
    void show(std::optional<double> bound, bool logX, const QString& label);
    /// Puts the label on the side of the line with room; call when the x range changes.
    void placeLabel(bool logX);

private:
    QCustomPlot* m_plot;
    std::optional<double> m_bound;
    QCPItemStraightLine* m_line = nullptr;
    QCPItemRect* m_infeasible = nullptr;
    QCPItemText* m_label = nullptr;
};

} // namespace edgenas::widgets
