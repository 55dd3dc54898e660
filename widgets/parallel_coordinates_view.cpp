#include "parallel_coordinates_view.h"

#include "candidate_columns.h"
#include "colour_alpha.h"
#include "parallel_axes.h"

#include <QEvent>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QSet>
#include <QTimer>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace edgenas::widgets {

namespace {

constexpr int kRedrawIntervalMs = 40;
constexpr int kAxisGrip = 10;      // pixels either side of an axis where a drag brushes it
constexpr int kDragThreshold = 4;  // pixels a press moves before it is a drag, not a click
const QColor kSelectionColour = ParallelAxes::selectionColour();

double distanceToSegment(QPointF p, QPointF a, QPointF b) {
    const QPointF ab = b - a;
    const double length2 = QPointF::dotProduct(ab, ab);
    const double t = length2 > 0.0 ? std::clamp(QPointF::dotProduct(p - a, ab) / length2, 0.0, 1.0) : 0.0;
    const QPointF nearest = a + t * ab;
    return std::hypot(p.x() - nearest.x(), p.y() - nearest.y());
}

} // namespace

class ParallelCoordinatesView::Private {
public:
    explicit Private(ParallelCoordinatesView* owner) : q(owner) {}

    ParallelCoordinatesView* q;
    CandidateColumns candidates;
    QStringList metrics;
    MetricBounds bounds;
    QSet<qint64> front;
    QSet<qint64> selected;
    ParallelAxes axes;
    bool axesDirty = true;
    QImage background;  // the faint lines of every candidate, drawn once per change
    bool backgroundDirty = true;
    QTimer redrawTimer;

    // A press on an axis that moves becomes a brush over that axis.
    int brushAxis = -1;
    QPoint pressPos;
    QPoint dragPos;
    bool dragging = false;

    QRectF plotArea(QSize size) const { return axes.area(size); }
    void updateAxes() {
        if (axesDirty)
            axes.update(metrics, candidates, bounds, q->font());
        axesDirty = false;
    }
    double xOf(int axis, QSize size) const { return axes.xOf(axis, size); }
    double yOf(int axis, double value, QSize size) const { return axes.yOf(axis, value, size); }
    double valueAt(int axis, double y, QSize size) const { return axes.valueAt(axis, y, size); }
    bool lineOf(int row, QSize size, std::vector<QPointF>& points) const;
    bool feasible(int row) const;
    void invalidate();
    void paint(QPainter& painter, QSize size);
    void paintBackground(QSize size);
    void paintLines(QPainter& painter, QSize size, const QSet<qint64>& ids, const QPen& pen, bool dots) const;
    std::optional<int> rowAt(QPointF pos, QSize size, double radius) const;
    int axisAt(QPoint pos) const;
    void finishBrush(Qt::KeyboardModifiers modifiers);
    void changeSelection(const QSet<qint64>& next);
};

// NaN where the candidate lacks an axis' figure: the line breaks there.
bool ParallelCoordinatesView::Private::lineOf(int row, QSize size, std::vector<QPointF>& points) const {
    points.clear();
    bool any = false;
    for (int i = 0; i < axes.count(); ++i) {
        const MetricColumn* column = candidates.column(axes.at(i).metric);
        const double v = column ? column->values[static_cast<std::size_t>(row)] : std::nan("");
        if (std::isfinite(v)) {
            points.emplace_back(xOf(i, size), yOf(i, v, size));
            any = true;
        } else {
            points.emplace_back(std::nan(""), std::nan(""));
        }
    }
    return any;
}

bool ParallelCoordinatesView::Private::feasible(int row) const {
    for (const MetricBound& b : bounds)
        if (const MetricColumn* column = candidates.column(b.metric))
            if (!b.admits(column->values[static_cast<std::size_t>(row)]))
                return false;
    return true;
}

void ParallelCoordinatesView::Private::invalidate() {
    axesDirty = true;
    backgroundDirty = true;
    q->update();
}

void ParallelCoordinatesView::Private::paintBackground(QSize size) {
    const qreal ratio = q->devicePixelRatioF();
    background = QImage(size * ratio, QImage::Format_ARGB32_Premultiplied);
    background.setDevicePixelRatio(ratio);
    background.fill(Qt::transparent);
    QPainter painter(&background);
    const int n = candidates.rowCount();
    // Faint enough that many lines build up into density instead of a solid mass.
    const QColor text = q->palette().color(QPalette::Text);
    const int alpha = std::clamp(static_cast<int>(110.0 * std::sqrt(60.0 / std::max(n, 1))), 8, 110);
    painter.setRenderHint(QPainter::Antialiasing, n <= 3000);
    const QPen feasiblePen(withAlpha(text, alpha), 1.0);
    const QPen infeasiblePen(withAlpha(text, std::max(6, alpha / 3)), 1.0, Qt::DashLine);
    std::vector<QPointF> points;
    for (int row = 0; row < n; ++row) {
        if (front.contains(candidates.idAt(row)) || !lineOf(row, size, points))
            continue;
        painter.setPen(feasible(row) ? feasiblePen : infeasiblePen);
        for (std::size_t i = 1; i < points.size(); ++i)
            if (!std::isnan(points[i - 1].x()) && !std::isnan(points[i].x()))
                painter.drawLine(points[i - 1], points[i]);
    }
    backgroundDirty = false;
}

void ParallelCoordinatesView::Private::paintLines(QPainter& painter, QSize size, const QSet<qint64>& ids,
                                                  const QPen& pen, bool dots) const {
    painter.setRenderHint(QPainter::Antialiasing, true);
    std::vector<QPointF> points;
    for (qint64 id : ids) {
        const int row = candidates.rowOf(id);
        if (row < 0 || !lineOf(row, size, points))
            continue;
        painter.setPen(pen);
        for (std::size_t i = 1; i < points.size(); ++i)
            if (!std::isnan(points[i - 1].x()) && !std::isnan(points[i].x()))
                painter.drawLine(points[i - 1], points[i]);
        if (!dots)
            continue;
        painter.setBrush(pen.color());
        for (const QPointF& p : points)
            if (!std::isnan(p.x()))
                painter.drawEllipse(p, 3.2, 3.2);
        painter.setBrush(Qt::NoBrush);
    }
}

void ParallelCoordinatesView::Private::paint(QPainter& painter, QSize size) {
    painter.fillRect(QRect(QPoint(0, 0), size), q->palette().color(QPalette::Base));
    updateAxes();
    if (axes.count() == 0) {
        painter.setPen(q->palette().color(QPalette::PlaceholderText));
        painter.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter,
                         ParallelCoordinatesView::tr("Runs with three or more objectives are shown here, "
                                                     "one axis per objective."));
        return;
    }
    if (backgroundDirty || background.size() != size * q->devicePixelRatioF())
        paintBackground(size);
    painter.drawImage(QPointF(0, 0), background);
    paintLines(painter, size, front, QPen(q->palette().color(QPalette::Highlight), 2.0), false);
    paintLines(painter, size, selected, QPen(kSelectionColour, 2.6), true);
    axes.paint(painter, size, q->palette(), candidates, bounds);  // over the lines, so every value stays readable
    if (dragging && brushAxis >= 0) {
        const double x = xOf(brushAxis, size);
        const QRectF brush(QPointF(x - 9.0, std::min(pressPos.y(), dragPos.y())),
                           QPointF(x + 9.0, std::max(pressPos.y(), dragPos.y())));
        painter.setPen(QPen(kSelectionColour, 1.2));
        painter.setBrush(withAlpha(kSelectionColour, 50));
        painter.drawRect(brush);
        painter.setBrush(Qt::NoBrush);
    }
}

std::optional<int> ParallelCoordinatesView::Private::rowAt(QPointF pos, QSize size, double radius) const {
    std::optional<int> best;
    double bestDistance = radius;
    std::vector<QPointF> points;
    for (int row = 0; row < candidates.rowCount(); ++row) {
        if (!lineOf(row, size, points))
            continue;
        for (std::size_t i = 1; i < points.size(); ++i) {
            if (std::isnan(points[i - 1].x()) || std::isnan(points[i].x()))
                continue;
            if (pos.x() < points[i - 1].x() - radius || pos.x() > points[i].x() + radius)
                continue;
            const double distance = distanceToSegment(pos, points[i - 1], points[i]);
            // Front members and selected lines win ties: they are drawn on top.
            const bool onTop = front.contains(candidates.idAt(row)) || selected.contains(candidates.idAt(row));
            if (distance < bestDistance || (distance == bestDistance && onTop)) {
                bestDistance = distance;
                best = row;
            }
        }
    }
    return best;
}

int ParallelCoordinatesView::Private::axisAt(QPoint pos) const {
    const QRectF area = plotArea(q->size());
    if (pos.y() < area.top() - kAxisGrip || pos.y() > area.bottom() + kAxisGrip)
        return -1;
    for (int i = 0; i < axes.count(); ++i)
        if (std::abs(pos.x() - xOf(i, q->size())) <= kAxisGrip)
            return i;
    return -1;
}

void ParallelCoordinatesView::Private::finishBrush(Qt::KeyboardModifiers modifiers) {
    const double a = valueAt(brushAxis, pressPos.y(), q->size());
    const double b = valueAt(brushAxis, dragPos.y(), q->size());
    const double lo = std::min(a, b), hi = std::max(a, b);
    QSet<qint64> next = modifiers & (Qt::ShiftModifier | Qt::ControlModifier) ? selected : QSet<qint64>{};
    if (const MetricColumn* column = candidates.column(axes.at(brushAxis).metric))
        for (int row = 0; row < candidates.rowCount(); ++row) {
            const double v = column->values[static_cast<std::size_t>(row)];
            if (std::isfinite(v) && v >= lo && v <= hi)
                next.insert(candidates.idAt(row));
        }
    changeSelection(next);
}

void ParallelCoordinatesView::Private::changeSelection(const QSet<qint64>& next) {
    if (next == selected)
        return;
    selected = next;
    q->update();
    emit q->selectionChanged(q->selectedIds());
}

ParallelCoordinatesView::ParallelCoordinatesView(QWidget* parent)
    : QWidget(parent), d(std::make_unique<Private>(this)) {
    setObjectName(QStringLiteral("parallelCoordinates"));
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    d->redrawTimer.setSingleShot(true);
    d->redrawTimer.setInterval(kRedrawIntervalMs);
    connect(&d->redrawTimer, &QTimer::timeout, this, [this] { d->invalidate(); });
}

ParallelCoordinatesView::~ParallelCoordinatesView() = default;

void ParallelCoordinatesView::setMetrics(const QStringList& metrics) {
    if (metrics == d->metrics)
        return;
    d->metrics = metrics;
    d->invalidate();
}

QStringList ParallelCoordinatesView::metrics() const { return d->metrics; }

void ParallelCoordinatesView::setBounds(const MetricBounds& bounds) {
    d->bounds = bounds;
    d->invalidate();
}

void ParallelCoordinatesView::clear() {
    d->redrawTimer.stop();
    d->candidates.clear();
    d->front.clear();
    d->selected.clear();
    d->invalidate();
}

void ParallelCoordinatesView::addCandidates(const std::vector<core::Candidate>& candidates) {
    if (candidates.empty())
        return;
    d->candidates.add(candidates);
    d->axesDirty = true;  // cheap, and queries answer for the figures just added
    if (!d->redrawTimer.isActive())
        d->redrawTimer.start();
}

int ParallelCoordinatesView::candidateCount() const { return d->candidates.rowCount(); }

void ParallelCoordinatesView::setFrontIds(const QList<qint64>& ids) {
    const QSet<qint64> next(ids.begin(), ids.end());
    if (next == d->front)
        return;
    d->front = next;
    d->backgroundDirty = true;  // front members leave the faint layer
    update();
}

QList<qint64> ParallelCoordinatesView::frontIds() const {
    QList<qint64> out(d->front.begin(), d->front.end());
    std::sort(out.begin(), out.end());
    return out;
}

void ParallelCoordinatesView::setSelectedIds(const QList<qint64>& ids) {
    const QSet<qint64> next(ids.begin(), ids.end());
    if (next == d->selected)
        return;
    d->selected = next;
    update();
}

QList<qint64> ParallelCoordinatesView::selectedIds() const {
    QList<qint64> out(d->selected.begin(), d->selected.end());
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<QPointF> ParallelCoordinatesView::pointOf(qint64 id, int axis) const {
    d->updateAxes();
    const int row = d->candidates.rowOf(id);
    if (row < 0 || axis < 0 || axis >= d->axes.count())
        return std::nullopt;
    const MetricColumn* column = d->candidates.column(d->axes.at(axis).metric);
    const double v = column ? column->values[static_cast<std::size_t>(row)] : std::nan("");
    if (!std::isfinite(v))
        return std::nullopt;
    return QPointF(d->xOf(axis, size()), d->yOf(axis, v, size()));
}

QLineF ParallelCoordinatesView::axisLine(int axis) const {
    d->updateAxes();
    const QRectF area = d->plotArea(size());
    const double x = d->xOf(axis, size());
    return QLineF(x, area.top(), x, area.bottom());
}

std::optional<qint64> ParallelCoordinatesView::idAt(QPoint pos, int radius) const {
    d->updateAxes();
    const std::optional<int> row = d->rowAt(pos, size(), radius);
    if (!row)
        return std::nullopt;
    return d->candidates.idAt(*row);
}

QSize ParallelCoordinatesView::minimumSizeHint() const {
    const int axes = std::max<int>(3, int(metrics().size()));
    return {std::max(300, 115 * axes + 30), 180};
}

QSize ParallelCoordinatesView::sizeHint() const {
    const int axes = std::max<int>(3, int(metrics().size()));
    return {std::max(minimumSizeHint().width(), 130 * axes + 40), 300};
}

QImage ParallelCoordinatesView::renderImage(QSize size) const {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    d->backgroundDirty = true;
    d->paint(painter, size);
    d->backgroundDirty = true;  // the cache was drawn at the image's size
    return image;
}

void ParallelCoordinatesView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    d->paint(painter, size());
}

void ParallelCoordinatesView::resizeEvent(QResizeEvent* event) {
    d->backgroundDirty = true;
    QWidget::resizeEvent(event);
}

void ParallelCoordinatesView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        d->invalidate();
    QWidget::changeEvent(event);
}

bool ParallelCoordinatesView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        d->updateAxes();
        if (const std::optional<int> row = d->rowAt(help->pos(), size(), 6.0)) {
            const qint64 id = d->candidates.idAt(*row);
            QToolTip::showText(help->globalPos(),
                               d->candidates.tooltip(*row, QString(), QString(), d->front.contains(id), !d->feasible(*row)),
                               this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

void ParallelCoordinatesView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    d->updateAxes();
    d->pressPos = d->dragPos = event->position().toPoint();
    d->brushAxis = d->axisAt(d->pressPos);
    d->dragging = false;
}

void ParallelCoordinatesView::mouseMoveEvent(QMouseEvent* event) {
    if (!(event->buttons() & Qt::LeftButton) || d->brushAxis < 0)
        return QWidget::mouseMoveEvent(event);
    d->dragPos = event->position().toPoint();
    if (std::abs(d->dragPos.y() - d->pressPos.y()) >= kDragThreshold)
        d->dragging = true;
    update();
}

void ParallelCoordinatesView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return QWidget::mouseReleaseEvent(event);
    d->dragPos = event->position().toPoint();
    if (d->dragging && d->brushAxis >= 0) {
        d->dragging = false;
        d->finishBrush(event->modifiers());
        d->brushAxis = -1;
        update();
        return;
    }
    d->dragging = false;
    d->brushAxis = -1;
    // A click: the nearest line, added to or taken out of the selection with ctrl/shift.
    const std::optional<qint64> id = idAt(d->pressPos);
    const bool add = event->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier);
    QSet<qint64> next = add ? d->selected : QSet<qint64>{};
    if (id) {
        if (add && d->selected.contains(*id))
            next.remove(*id);
        else
            next.insert(*id);
    }
    d->changeSelection(next);
}

void ParallelCoordinatesView::mouseDoubleClickEvent(QMouseEvent* event) {
    if (const std::optional<qint64> id = idAt(event->position().toPoint()))
        emit candidateActivated(*id);
}

} // namespace edgenas::widgets
