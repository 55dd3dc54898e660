#pragma once

// Private to widgets/ (includes QCustomPlot): the Pareto plot's bounds and how its axes show them.

#include "bound_shading.h"
#include "metric_bound.h"

#include <array>
#include <memory>
#include <optional>

namespace edgenas::widgets {

class CandidateColumns;

/// Lower and upper bounds on any metrics, and the four bound shadings of the plot's axes (x
/// upper, x lower, y upper, y lower) for the bounds on the metrics shown. The x upper shading
/// is made at once; the others when a bound first needs them, so a plot without bounds carries
/// no items for them.
class PlotBounds {
public:
    /// The shadings' lines and labels go on `overlayLayer` of `plot`.
    PlotBounds(QCustomPlot* plot, const QString& overlayLayer);
    ~PlotBounds();
    PlotBounds(const PlotBounds&) = delete;
    PlotBounds& operator=(const PlotBounds&) = delete;

    /// Keeps the bounds with at least one finite end; non-finite ends are dropped.
    void set(const MetricBounds& bounds);
    const MetricBounds& all() const { return m_bounds; }
    /// The bounds with the upper end on `metric` replaced by `upper` (none: taken away).
    MetricBounds withUpper(const QString& metric, std::optional<double> upper) const;
    /// The upper bound on the x metric last shown (the plot's "constraint").
    std::optional<double> upperOnX() const { return m_upperOnX; }

    /// Shows the bounds on `xMetric` and `yMetric`, labelled with the metrics' units in `columns`.
    void show(const QString& xMetric, const QString& yMetric, bool logX, bool logY, const CandidateColumns& columns);
    /// Puts each label on the side of its line with room; call when an axis range changes.
    void placeLabels(bool logX, bool logY);
    void applyPalette(bool dark, const QFont& font);
    /// Widens a data range to take in the bounds on `xMetric` and `yMetric` near it, so the user
    /// sees where they cut.
    void includeNear(const QString& xMetric, const QString& yMetric, double& xMin, double& xMax, double& yMin,
                     double& yMax, bool logX, bool logY) const;

private:
    enum Shading { XUpper, XLower, YUpper, YLower };
    void showOn(Shading which, const QString& metric, bool logarithmic, const CandidateColumns& columns);

    QCustomPlot* m_plot;
    QString m_overlayLayer;
    MetricBounds m_bounds;
    std::optional<double> m_upperOnX;
    std::array<std::unique_ptr<BoundShading>, 4> m_shadings;
    bool m_dark = false;
    QFont m_font;
};

} // namespace edgenas::widgets
