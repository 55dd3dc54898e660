#include "parallel_axes.h"

#include "candidate_columns.h"
#include "colour_alpha.h"
#include "metric_naming.h"
#include "parallel_coordinates_view.h"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgenas::widgets {

QRectF ParallelAxes::area(QSize size) const {
    // Room above for two lines of axis labels, below for the values' end and the legend, at the
    // left for a bound's label beside the first axis and at the right for the last one's ticks.
    const QFontMetrics metrics(m_font);
    const double line = metrics.height();
    const double left = 16.0 + metrics.horizontalAdvance(QStringLiteral("≥ 0.0000"));
    return QRectF(QPointF(left, 2.6 * line + 8.0), QPointF(size.width() - 78.0, size.height() - 1.8 * line - 8.0));
}

void ParallelAxes::update(const QStringList& metrics, const CandidateColumns& candidates, const MetricBounds& bounds,
                          const QFont& font) {
    m_font = font;
    m_axes.clear();
    for (const QString& metric : metrics) {
        Axis axis;
        axis.metric = metric;
        axis.maximised = isMaximisedMetric(metric);
        double lo = std::numeric_limits<double>::infinity();
        double hi = -lo;
        if (const MetricColumn* column = candidates.column(metric))
            for (double v : column->values)
                if (std::isfinite(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
        if (lo > hi)
            lo = 0.0, hi = 1.0;
        // A bound near the values widens the axis so it shows where it cuts.
        if (const MetricBound* b = boundOn(bounds, metric)) {
            const double span = std::max(hi - lo, std::abs(hi) * 0.1);
            for (const std::optional<double>& at : {b->lower, b->upper})
                if (at && *at >= lo - span && *at <= hi + span) {
                    lo = std::min(lo, *at);
                    hi = std::max(hi, *at);
                }
        }
        const double pad = hi > lo ? (hi - lo) * 0.04 : std::max(std::abs(hi) * 0.05, 1e-9);
        axis.lo = lo - pad;
        axis.hi = hi + pad;
        m_axes.push_back(axis);
    }
}

double ParallelAxes::xOf(int axis, QSize size) const {
    const QRectF area = this->area(size);
    const int n = count();
    if (n <= 1)
        return area.center().x();
    return area.left() + area.width() * axis / (n - 1);
}

double ParallelAxes::yOf(int axis, double value, QSize size) const {
    const Axis& a = m_axes[static_cast<std::size_t>(axis)];
    const QRectF area = this->area(size);
    const double t = (value - a.lo) / (a.hi - a.lo);  // 0 at the low value, 1 at the high one
    return a.maximised ? area.bottom() - t * area.height() : area.top() + t * area.height();
}

double ParallelAxes::valueAt(int axis, double y, QSize size) const {
    const Axis& a = m_axes[static_cast<std::size_t>(axis)];
    const QRectF area = this->area(size);
    const double t = a.maximised ? (area.bottom() - y) / area.height() : (y - area.top()) / area.height();
    return a.lo + t * (a.hi - a.lo);
}

void ParallelAxes::paint(QPainter& painter, QSize size, const QPalette& pal, const CandidateColumns& candidates,
                         const MetricBounds& bounds) const {
    const QColor text = pal.color(QPalette::Text);
    const bool dark = pal.color(QPalette::Base).lightness() < 128;
    const QColor red = dark ? QColor(255, 110, 100) : QColor(200, 40, 40);
    const QRectF area = this->area(size);
    const QFontMetrics fm(m_font);
    QFont bold = m_font;
    bold.setBold(true);
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (int i = 0; i < count(); ++i) {
        const Axis& a = m_axes[static_cast<std::size_t>(i)];
        const double x = xOf(i, size);
        // The infeasible stretch of the axis, beyond a bound, as a red band with a dashed edge.
        if (const MetricBound* b = boundOn(bounds, a.metric)) {
            for (const bool upper : {true, false}) {
                const std::optional<double> at = upper ? b->upper : b->lower;
                if (!at)
                    continue;
                const double edge = std::clamp(yOf(i, *at, size), area.top(), area.bottom());
                // Values beyond an upper bound lie towards the high end, below a lower one the low.
                const bool towardsTop = upper == a.maximised;
                const QRectF band(QPointF(x - 7.0, towardsTop ? area.top() : edge),
                                  QPointF(x + 7.0, towardsTop ? edge : area.bottom()));
                painter.fillRect(band, withAlpha(red, dark ? 70 : 50));
                painter.setPen(QPen(red, 1.6, Qt::DashLine));
                painter.drawLine(QPointF(x - 11.0, edge), QPointF(x + 11.0, edge));
                painter.setPen(red);
                const QString text = (upper ? QStringLiteral("≤ %1") : QStringLiteral("≥ %1"))
                                         .arg(formatMetricValue(a.metric, *at));
                // Left of the axis (its ticks are on the right), on the infeasible side of the line.
                const double left = std::max(2.0, x - 13.0 - fm.horizontalAdvance(text));
                painter.drawText(QPointF(left, edge + (towardsTop ? -4.0 : fm.ascent() + 2.0)), text);
            }
        }
        painter.setPen(QPen(withAlpha(text, 200), 1.4));
        painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
        // Ticks: up to five values as the height allows, the better end at the top.
        painter.setFont(m_font);
        const int intervals = std::clamp(static_cast<int>(area.height() / (2.2 * fm.height())), 1, 4);
        for (int t = 0; t <= intervals; ++t) {
            const double value = a.lo + (a.hi - a.lo) * t / intervals;
            const double y = yOf(i, value, size);
            painter.setPen(QPen(withAlpha(text, 170), 1));
            painter.drawLine(QPointF(x - 3.0, y), QPointF(x + 3.0, y));
            // On a backing of the background, so the lines crossing behind do not hide the value.
            const QString tick = formatMetricValue(a.metric, value);
            const QPointF at(x + 5.0, y + fm.ascent() / 2.0 - 1.0);
            painter.fillRect(QRectF(at.x() - 1.0, at.y() - fm.ascent(), fm.horizontalAdvance(tick) + 2.0, fm.height()),
                             withAlpha(pal.color(QPalette::Base), 200));
            painter.setPen(withAlpha(text, 220));
            painter.drawText(at, tick);
        }
        // Label and direction above the axis, centred on it but kept inside the widget.
        const MetricColumn* column = candidates.column(a.metric);
        const QString label = metricLabelWithUnit(a.metric, column ? column->unit : QString());
        const QString direction = a.maximised ? ParallelCoordinatesView::tr("▲ higher is better")
                                              : ParallelCoordinatesView::tr("▲ lower is better");
        const auto centred = [&](const QString& s, const QFontMetrics& m) {
            const double w = m.horizontalAdvance(s);
            return std::clamp(x - w / 2.0, 2.0, size.width() - w - 2.0);
        };
        painter.setFont(bold);
        painter.setPen(text);
        const QFontMetrics boldMetrics(bold);
        painter.drawText(QPointF(centred(label, boldMetrics), fm.ascent() + 3.0), label);
        painter.setFont(m_font);
        painter.setPen(withAlpha(text, 190));
        painter.drawText(QPointF(centred(direction, fm), fm.height() + fm.ascent() + 4.0), direction);
    }
    // Legend along the bottom.
    const double y = size.height() - fm.descent() - 4.0;
    double x = area.left();
    const auto entry = [&](const QPen& pen, const QString& name) {
        painter.setPen(pen);
        painter.drawLine(QPointF(x, y - fm.ascent() / 2.5), QPointF(x + 18.0, y - fm.ascent() / 2.5));
        painter.setPen(text);
        painter.drawText(QPointF(x + 22.0, y), name);
        x += 30.0 + fm.horizontalAdvance(name);
    };
    entry(QPen(withAlpha(text, 110), 1.0), ParallelCoordinatesView::tr("candidates"));
    entry(QPen(pal.color(QPalette::Highlight), 2.0), ParallelCoordinatesView::tr("front"));
    entry(QPen(selectionColour(), 2.6), ParallelCoordinatesView::tr("selected"));
    if (!bounds.empty())
        entry(QPen(red, 1.6, Qt::DashLine), ParallelCoordinatesView::tr("bound"));
}

} // namespace edgenas::widgets
