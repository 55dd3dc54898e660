#include "plotted_points.h"

#include "candidate_columns.h"

#include <algorithm>
#include <cmath>

namespace edgenas::widgets {

void PlottedPoints::clear() {
    m_points.clear();
    m_front.clear();
    m_integratedRows = 0;
    m_needsRebuild = true;
}

bool PlottedPoints::pointFor(const Axes& axes, int row, PlotPoint& out) {
    if (!axes.x || !axes.y)
        return false;
    const auto r = static_cast<std::size_t>(row);
    const double x = axes.x->values[r];
    const double y = axes.y->values[r];
    if (!std::isfinite(x) || !std::isfinite(y) || (axes.logX && x <= 0.0) || (axes.logY && y <= 0.0))
        return false;
    out = {x, y, row};
    return true;
}

bool PlottedPoints::feasible(const Axes& axes, const PlotPoint& p) {
    if (!feasible(axes, p.x))
        return false;
    for (const ColumnBound& b : axes.bounds) {
        const double v = b.column->values[static_cast<std::size_t>(p.row)];
        if (std::isfinite(v) && ((b.lower && v < *b.lower) || (b.upper && v > *b.upper)))
            return false;
    }
    return true;
}

void PlottedPoints::insertFront(const Axes& axes, const PlotPoint& p) {
    if (feasible(axes, p))
        m_front.insert(axes.maximiseX ? -p.x : p.x, axes.maximiseY ? -p.y : p.y, p.row);
}

bool PlottedPoints::update(const Axes& axes, int rowCount) {
    if (m_needsRebuild) {
        m_points.clear();
        m_points.reserve(static_cast<std::size_t>(rowCount));
        m_front.clear();
        PlotPoint p;
        for (int row = 0; row < rowCount; ++row)
            if (pointFor(axes, row, p))
                m_points.push_back(p);
        std::stable_sort(m_points.begin(), m_points.end(), byX);
        for (const PlotPoint& point : m_points)
            insertFront(axes, point);
    } else if (m_integratedRows < rowCount) {
        std::vector<PlotPoint> fresh;
        fresh.reserve(static_cast<std::size_t>(rowCount - m_integratedRows));
        PlotPoint p;
        for (int row = m_integratedRows; row < rowCount; ++row)
            if (pointFor(axes, row, p))
                fresh.push_back(p);
        std::stable_sort(fresh.begin(), fresh.end(), byX);
        for (const PlotPoint& point : fresh)
            insertFront(axes, point);
        const auto middle = static_cast<std::ptrdiff_t>(m_points.size());
        m_points.insert(m_points.end(), fresh.begin(), fresh.end());
        std::inplace_merge(m_points.begin(), m_points.begin() + middle, m_points.end(), byX);
    } else {
        return false;
    }
    m_integratedRows = rowCount;
    m_needsRebuild = false;
    return true;
}

bool PlottedPoints::onFront(int row) const {
    for (const auto& [key, entry] : m_front.points())
        if (entry.id == row)
            return true;
    return false;
}

} // namespace edgenas::widgets
