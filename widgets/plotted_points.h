#pragma once

#include "point_cloud.h"

#include "moo/front_2d.h"

#include <optional>
#include <vector>

namespace edgenas::widgets {

class CandidateColumns;
struct MetricColumn;

/// What the Pareto plot draws on its current axes: every candidate with finite figures on both
/// (positive ones on a log axis) as a point, sorted by x, and the non-dominated front of those
/// within the bound. Candidates that arrive are merged in; new axes, scales or a new bound
/// rebuild everything.
class PlottedPoints {
public:
    /// A bound on any metric, with the column it applies to.
    struct ColumnBound {
        const MetricColumn* column = nullptr;
        std::optional<double> lower;
        std::optional<double> upper;
    };

    /// The axes the points are taken on.
    struct Axes {
        const MetricColumn* x = nullptr;  ///< null while no candidate has the metric
        const MetricColumn* y = nullptr;
        bool maximiseX = false;
        bool maximiseY = false;
        bool logX = false;
        bool logY = false;
        std::optional<double> bound;      ///< upper bound on x
        /// Bounds on any metric, on the axes or not: a candidate outside one is never on the front.
        std::vector<ColumnBound> bounds;
    };

    /// Everything is taken again at the next update (the axes, scales or bound changed).
    void invalidate() { m_needsRebuild = true; }
    void clear();
    /// Takes in the candidates `rowCount` rows hold now (all of them after invalidate()); false
    /// when nothing changed.
    bool update(const Axes& axes, int rowCount);

    /// Where candidate `row` is drawn on `axes`; false if it is not drawn.
    static bool pointFor(const Axes& axes, int row, PlotPoint& out);
    static bool feasible(const Axes& axes, double x) { return !axes.bound || x <= *axes.bound; }
    /// Whether the drawn point keeps to every bound (a missing figure is not held against it).
    static bool feasible(const Axes& axes, const PlotPoint& p);

    const std::vector<PlotPoint>& points() const { return m_points; }
    /// Minimisation form of (x, y) of the feasible points; entry ids are rows.
    const moo::Front2d& front() const { return m_front; }
    /// Rows [0, integratedRows()) are in points().
    int integratedRows() const { return m_integratedRows; }
    bool onFront(int row) const;

private:
    void insertFront(const Axes& axes, const PlotPoint& p);

    std::vector<PlotPoint> m_points;  ///< sorted by x
    int m_integratedRows = 0;
    bool m_needsRebuild = true;
    moo::Front2d m_front;
};

} // namespace edgenas::widgets
