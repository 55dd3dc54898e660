#include "plot_bounds.h"

#include "candidate_columns.h"
#include "metric_naming.h"
#include "pareto_plot.h"

#include <algorithm>
#include <cmath>

namespace edgenas::widgets {

namespace {

QString boundLabel(const QString& metric, double value, bool upper, const CandidateColumns& columns) {
    const MetricColumn* column = columns.column(metric);
    // In ParetoPlot's translation context, where the texts were first translated.
    return (upper ? ParetoPlot::tr("%1 ≤ %2 %3 · infeasible beyond") : ParetoPlot::tr("%1 ≥ %2 %3 · infeasible below"))
        .arg(metricLabel(metric), formatMetricValue(metric, value), column ? column->unit : QString());
}

// Widens [lo, hi] to `at` when it lies within a span of the range.
void includeNearRange(double& lo, double& hi, std::optional<double> at, bool logarithmic) {
    const double span = std::max(hi - lo, std::abs(hi) * 0.1);
    if (at && (!logarithmic || *at > 0.0) && *at >= lo - span && *at <= hi + span) {
        lo = std::min(lo, *at);
        hi = std::max(hi, *at);
    }
}

} // namespace

PlotBounds::PlotBounds(QCustomPlot* plot, const QString& overlayLayer) : m_plot(plot), m_overlayLayer(overlayLayer) {
    m_shadings[XUpper] = std::make_unique<BoundShading>(plot, overlayLayer);
}

PlotBounds::~PlotBounds() = default;  // the plot owns the shadings' items

void PlotBounds::set(const MetricBounds& bounds) {
    MetricBounds next;
    for (MetricBound b : bounds) {
        if (b.lower && !std::isfinite(*b.lower))
            b.lower.reset();
        if (b.upper && !std::isfinite(*b.upper))
            b.upper.reset();
        if (b.lower || b.upper)
            next.push_back(b);
    }
    m_bounds = next;
}

MetricBounds PlotBounds::withUpper(const QString& metric, std::optional<double> upper) const {
    MetricBounds next = m_bounds;
    auto on = std::find_if(next.begin(), next.end(), [&metric](const MetricBound& b) { return b.metric == metric; });
    if (on == next.end())
        on = next.insert(next.end(), MetricBound{metric, std::nullopt, std::nullopt});
    on->upper = upper;
    if (!on->lower && !on->upper)
        next.erase(on);
    return next;
}

void PlotBounds::show(const QString& xMetric, const QString& yMetric, bool logX, bool logY,
                      const CandidateColumns& columns) {
    const MetricBound* onX = boundOn(m_bounds, xMetric);
    m_upperOnX = onX ? onX->upper : std::nullopt;
    showOn(XLower, xMetric, logX, columns);
    showOn(YUpper, yMetric, logY, columns);
    showOn(YLower, yMetric, logY, columns);
    showOn(XUpper, xMetric, logX, columns);
}

void PlotBounds::showOn(Shading which, const QString& metric, bool logarithmic, const CandidateColumns& columns) {
    const MetricBound* onAxis = boundOn(m_bounds, metric);
    const bool upper = which == XUpper || which == YUpper;
    const std::optional<double> value = !onAxis ? std::nullopt : upper ? onAxis->upper : onAxis->lower;
    std::unique_ptr<BoundShading>& shading = m_shadings[which];
    if (!shading) {
        if (!value)
            return;
        QCPAxis* axis = which == XLower ? m_plot->xAxis : m_plot->yAxis;
        shading = std::make_unique<BoundShading>(m_plot, m_overlayLayer, axis,
                                                 upper ? BoundShading::Side::Upper : BoundShading::Side::Lower);
        shading->applyPalette(m_dark, m_font);
    }
    shading->show(value, logarithmic, value ? boundLabel(metric, *value, upper, columns) : QString());
}

void PlotBounds::placeLabels(bool logX, bool logY) {
    for (int which : {XUpper, XLower, YUpper, YLower})
        if (m_shadings[which])
            m_shadings[which]->placeLabel(which == XUpper || which == XLower ? logX : logY);
}

void PlotBounds::applyPalette(bool dark, const QFont& font) {
    m_dark = dark;
    m_font = font;
    for (const auto& shading : m_shadings)
        if (shading)
            shading->applyPalette(dark, font);
}

void PlotBounds::includeNear(const QString& xMetric, const QString& yMetric, double& xMin, double& xMax, double& yMin,
                             double& yMax, bool logX, bool logY) const {
    const MetricBound* onX = boundOn(m_bounds, xMetric);
    const MetricBound* onY = boundOn(m_bounds, yMetric);
    includeNearRange(xMin, xMax, m_upperOnX, logX);
    includeNearRange(xMin, xMax, onX ? onX->lower : std::nullopt, logX);
    includeNearRange(yMin, yMax, onY ? onY->lower : std::nullopt, logY);
    includeNearRange(yMin, yMax, onY ? onY->upper : std::nullopt, logY);
}

} // namespace edgenas::widgets
