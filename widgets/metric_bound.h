#pragma once

#include <QString>

#include <cmath>
#include <optional>
#include <vector>

namespace edgenas::widgets {

/// A lower and/or upper bound on one metric (a run's constraints): values outside are
/// infeasible. The plot and the parallel-coordinates view shade what lies outside.
struct MetricBound {
    QString metric;               ///< stored metric name: "latency_ms", "accuracy"
    std::optional<double> lower;  ///< at least this
    std::optional<double> upper;  ///< at most this

    /// Whether `value` keeps to the bound; a missing figure (NaN) is not held against it.
    bool admits(double value) const {
        if (std::isnan(value))
            return true;
        return (!lower || value >= *lower) && (!upper || value <= *upper);
    }
};

using MetricBounds = std::vector<MetricBound>;

/// The bound on `metric` in `bounds`, null if there is none.
inline const MetricBound* boundOn(const MetricBounds& bounds, const QString& metric) {
    for (const MetricBound& b : bounds)
        if (b.metric == metric)
            return &b;
    return nullptr;
}

} // namespace edgenas::widgets
