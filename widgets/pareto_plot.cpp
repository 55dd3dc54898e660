#include "pareto_plot.h"

#include "candidate_columns.h"
#include "front_highlights.h"
#include "metric_naming.h"
#include "pareto_axis_bar.h"
#include "pareto_canvas.h"
#include "plot_axis_mapping.h"
#include "plot_bounds.h"
#include "plot_mouse_gestures.h"
#include "plotted_points.h"
#include "point_cloud.h"
#include "point_colouring.h"
#include "run_overlay_layers.h"

#include <qcustomplot.h>

#include <QSet>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgenas::widgets {

namespace {

constexpr int kRedrawIntervalMs = 40;

} // namespace

class ParetoPlot::Private {
public:
    explicit Private(ParetoPlot* owner) : q(owner) {}

    ParetoPlot* q;
    QCustomPlot* plot = nullptr;
    PointCloud* cloud = nullptr;
    std::unique_ptr<FrontHighlights> highlights;  // the front line, the selection rings
    std::unique_ptr<PlotBounds> bounds;           // on any metric, shaded on the axes
    std::unique_ptr<RunOverlayLayers> overlays;   // compared runs' fronts
    std::unique_ptr<PointColouring> colouring;    // the colour metric
    ParetoAxisBar* axisBar = nullptr;
    QTimer redrawTimer;

    CandidateColumns candidates;  // everything received, row per candidate

    PlottedPoints plotted;          // what is drawn for the current axes

    QString xMetric = QStringLiteral("latency_ms");
    QString yMetric = QStringLiteral("accuracy");
    bool axesChosen = false;        // setAxes called: never pick axes automatically
    bool logX = false;
    bool logY = false;
    QSet<qint64> selected;
    QSet<qint64> runFront;          // the run's front over all its objectives (3 or more)
    bool userMovedView = false;     // the user zoomed or panned: stop fitting to new data

    void buildUi();
    void applyPalette();
    void addRows(const std::vector<core::Candidate>& added);
    void scheduleRedraw();
    void integrate();
    PlottedPoints::Axes axes() const;
    bool pointFor(int row, PlotPoint& out) const { return PlottedPoints::pointFor(axes(), row, out); }
    void updateFrontGraph() {
        highlights->showFront(plotted, axes());
        highlights->showRunFront(runFront, candidates, plotted, axes());
    }
    void updateSelectedGraph() { highlights->showSelected(selected, candidates, plotted, axes()); }
    void updateConstraintItems() { bounds->show(xMetric, yMetric, logX, logY, candidates); }
    void updateColours() { colouring->update(candidates, q->palette().color(QPalette::Text).rgb()); }
    void updateAxisLabels();
    void updateStats();
    void refreshMetricCombos();
    void fitView();
    void setLogScales(bool x, bool y);
    void chooseAxesIfNeeded();
    void applyScaleTypes();
    QString tooltipFor(int row) const;
    void handleClick(QPoint plotPos, Qt::KeyboardModifiers modifiers);
};

void ParetoPlot::Private::buildUi() {
    auto* layout = new QVBoxLayout(q);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    axisBar = new ParetoAxisBar(q);
    layout->addWidget(axisBar);

    plot = pareto_canvas::add(q, layout);

    cloud = new PointCloud(plot->xAxis, plot->yAxis, &plotted.points());
    cloud->setName(ParetoPlot::tr("Candidates"));
    cloud->setLayer(QStringLiteral("cloud"));

    highlights = std::make_unique<FrontHighlights>(plot, QStringLiteral("highlights"));
    bounds = std::make_unique<PlotBounds>(plot, QStringLiteral("highlights"));
    overlays = std::make_unique<RunOverlayLayers>(plot, QStringLiteral("highlights"));
    colouring = std::make_unique<PointColouring>(plot, cloud);

    redrawTimer.setSingleShot(true);
    redrawTimer.setInterval(kRedrawIntervalMs);
    QObject::connect(&redrawTimer, &QTimer::timeout, q, [this] {
        integrate();
        plot->replot(QCustomPlot::rpQueuedReplot);
    });

    QObject::connect(axisBar, &ParetoAxisBar::xMetricPicked, q, [this](const QString& x) { q->setAxes(x, yMetric); });
    QObject::connect(axisBar, &ParetoAxisBar::yMetricPicked, q, [this](const QString& y) { q->setAxes(xMetric, y); });
    QObject::connect(axisBar, &ParetoAxisBar::logXToggled, q, [this](bool on) { q->setLogScaleX(on); });
    QObject::connect(axisBar, &ParetoAxisBar::logYToggled, q, [this](bool on) { q->setLogScaleY(on); });
    QObject::connect(axisBar, &ParetoAxisBar::resetViewClicked, q, [this] { q->resetView(); });
    QObject::connect(axisBar, &ParetoAxisBar::colourMetricPicked, q, [this](const QString& c) { q->setColourMetric(c); });

    auto* gestures = new PlotMouseGestures(plot);
    QObject::connect(gestures, &PlotMouseGestures::hovering, q, [this](QPointF pos, QPoint globalPos) {
        if (const std::optional<int> row = cloud->nearestRow(pos, 8.0))
            QToolTip::showText(globalPos, tooltipFor(*row), plot);
        else
            QToolTip::hideText();
    });
    QObject::connect(gestures, &PlotMouseGestures::clicked, q, [this](QPoint pos, Qt::KeyboardModifiers modifiers) {
        handleClick(pos, modifiers);
    });
    QObject::connect(gestures, &PlotMouseGestures::doubleClicked, q, [this](QPointF pos) {
        if (const std::optional<int> row = cloud->nearestRow(pos, 8.0))
            emit q->candidateActivated(candidates.idAt(*row));
    });
    QObject::connect(gestures, &PlotMouseGestures::viewMoved, q, [this] { userMovedView = true; });
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis})
        QObject::connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), q,
                         [this](const QCPRange&) { bounds->placeLabels(logX, logY); });

    applyPalette();
    updateAxisLabels();
    updateConstraintItems();
    updateStats();
}

void ParetoPlot::Private::applyPalette() {
    const QPalette pal = q->palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    const bool dark = base.lightness() < 128;

    pareto_canvas::applyPalette(plot, q);

    // Faint, but dense regions still build up into a visible cloud.
    cloud->setColour(text, dark ? 0.30 : 0.24);

    highlights->applyPalette(base, pal.color(QPalette::Highlight));
    bounds->applyPalette(dark, q->font());
    colouring->applyPalette(text, base, q->font());
}

void ParetoPlot::Private::addRows(const std::vector<core::Candidate>& added) {
    const CandidateColumns::Added changes = candidates.add(added);
    if (changes.firstReplacedRow >= 0 && changes.firstReplacedRow < plotted.integratedRows())
        plotted.invalidate();
    if (changes.newMetrics) {
        refreshMetricCombos();
        updateColours();  // the colour metric may have arrived, and columns may have moved
    }
    else if (changes.provenanceChanged)
        updateAxisLabels();
}

void ParetoPlot::Private::scheduleRedraw() {
    if (!redrawTimer.isActive())
        redrawTimer.start();
}

PlottedPoints::Axes ParetoPlot::Private::axes() const {
    PlottedPoints::Axes a{candidates.column(xMetric), candidates.column(yMetric), isMaximisedMetric(xMetric),
                          isMaximisedMetric(yMetric), logX, logY, bounds->upperOnX(), {}};
    for (const MetricBound& b : bounds->all())
        if (const MetricColumn* column = candidates.column(b.metric))
            a.bounds.push_back({column, b.lower, b.upper});
    return a;
}

void ParetoPlot::Private::integrate() {
    redrawTimer.stop();
    chooseAxesIfNeeded();
    overlays->update(
        {xMetric, yMetric, isMaximisedMetric(xMetric), isMaximisedMetric(yMetric), logX, logY, bounds->upperOnX()});
    if (!plotted.update(axes(), candidates.rowCount()))
        return;
    updateFrontGraph();
    updateSelectedGraph();
    updateStats();
    if (colouring->isOn())
        updateColours();  // the range follows the values seen
    if (!userMovedView)
        fitView();
}

void ParetoPlot::Private::updateAxisLabels() {
    plot->xAxis->setLabel(axisLabel(xMetric, candidates.column(xMetric)));
    plot->yAxis->setLabel(axisLabel(yMetric, candidates.column(yMetric)));
    updateConstraintItems();
}

void ParetoPlot::Private::updateStats() {
    axisBar->showCounts(candidates.rowCount(), static_cast<qlonglong>(plotted.front().size()),
                        runFront.isEmpty() ? std::optional<qlonglong>() : std::optional<qlonglong>(runFront.size()));
}

void ParetoPlot::Private::refreshMetricCombos() {
    axisBar->showMetrics(candidates.columns(), xMetric, yMetric);
    updateAxisLabels();
}

void ParetoPlot::Private::chooseAxesIfNeeded() {
    const std::vector<MetricColumn>& columns = candidates.columns();
    if (axesChosen || columns.empty() || (candidates.has(xMetric) && candidates.has(yMetric)))
        return;
    // Nothing chosen and the defaults are absent: a maximised metric up, a minimised one across.
    const auto [x, y] = defaultAxes(columns);
    if (x == xMetric && y == yMetric)
        return;
    xMetric = x;
    yMetric = y;
    plotted.invalidate();
    refreshMetricCombos();
}

void ParetoPlot::Private::applyScaleTypes() {
    setScaleType(plot->xAxis, logX);
    setScaleType(plot->yAxis, logY);
}

void ParetoPlot::Private::setLogScales(bool x, bool y) {
    if (x == logX && y == logY)
        return;
    logX = x;
    logY = y;
    axisBar->showLogScale(logX, logY);
    applyScaleTypes();
    updateConstraintItems();
    plotted.invalidate();
    userMovedView = false;
    integrate();
    plot->replot(QCustomPlot::rpQueuedReplot);
    emit q->logScaleChanged(logX, logY);
}

void ParetoPlot::Private::fitView() {
    const std::vector<PlotPoint>& points = plotted.points();
    if (points.empty())
        return;
    double xMin = points.front().x;
    double xMax = points.back().x;
    double yMin = std::numeric_limits<double>::infinity();
    double yMax = -yMin;
    for (const PlotPoint& p : points) {
        yMin = std::min(yMin, p.y);
        yMax = std::max(yMax, p.y);
    }
    overlays->extendRange(xMin, xMax, yMin, yMax);
    bounds->includeNear(xMetric, yMetric, xMin, xMax, yMin, yMax, logX, logY);
    plot->xAxis->setRange(paddedRange(xMin, xMax, logX));
    plot->yAxis->setRange(paddedRange(yMin, yMax, logY));
}

QString ParetoPlot::Private::tooltipFor(int row) const {
    PlotPoint p;
    const bool violates = pointFor(row, p) && !PlottedPoints::feasible(axes(), p);
    return candidates.tooltip(row, xMetric, yMetric, plotted.onFront(row), violates);
}

void ParetoPlot::Private::handleClick(QPoint pos, Qt::KeyboardModifiers modifiers) {
    const std::optional<int> row = cloud->nearestRow(pos, 8.0);
    const bool add = modifiers & (Qt::ShiftModifier | Qt::ControlModifier);
    QSet<qint64> next = add ? selected : QSet<qint64>{};
    if (row) {
        const qint64 id = candidates.idAt(*row);
        if (add && selected.contains(id))
            next.remove(id);  // ctrl/shift-click on a selected point takes it out again
        else
            next.insert(id);
    }
    if (next == selected)
        return;
    selected = next;
    updateSelectedGraph();
    plot->layer(QStringLiteral("highlights"))->replot();
    emit q->selectionChanged(q->selectedIds());
}

ParetoPlot::ParetoPlot(QWidget* parent) : QWidget(parent), d(std::make_unique<Private>(this)) {
    d->buildUi();
    d->applyScaleTypes();
}

ParetoPlot::~ParetoPlot() = default;

void ParetoPlot::setAxes(const QString& xMetric, const QString& yMetric) {
    d->axesChosen = true;
    if (xMetric == d->xMetric && yMetric == d->yMetric)
        return;
    d->xMetric = xMetric;
    d->yMetric = yMetric;
    d->plotted.invalidate();
    d->userMovedView = false;
    d->refreshMetricCombos();
    d->integrate();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
    emit axesChanged(xMetric, yMetric);
}

QString ParetoPlot::xMetric() const { return d->xMetric; }
QString ParetoPlot::yMetric() const { return d->yMetric; }

QStringList ParetoPlot::metricNames() const {
    QStringList names;
    for (const MetricColumn& column : d->candidates.columns())
        names << column.name;
    return names;
}

void ParetoPlot::setLogScaleX(bool on) { d->setLogScales(on, d->logY); }

void ParetoPlot::setLogScaleY(bool on) { d->setLogScales(d->logX, on); }

bool ParetoPlot::logScaleX() const { return d->logX; }
bool ParetoPlot::logScaleY() const { return d->logY; }

void ParetoPlot::clear() {
    d->redrawTimer.stop();
    d->candidates.clear();
    d->plotted.clear();
    d->userMovedView = false;
    d->selected.clear();
    d->runFront.clear();
    d->highlights->clear();
    d->axisBar->clearMetrics();
    d->updateColours();  // the scale goes until the colour metric's figures arrive again
    d->updateStats();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

void ParetoPlot::addCandidates(const std::vector<core::Candidate>& candidates) {
    if (candidates.empty())
        return;
    d->addRows(candidates);
    d->scheduleRedraw();
}

void ParetoPlot::setConstraint(std::optional<double> bound) {
    if (bound && !std::isfinite(*bound))
        bound.reset();
    if (bound == d->bounds->upperOnX())
        return;
    setBounds(d->bounds->withUpper(d->xMetric, bound));
}

std::optional<double> ParetoPlot::constraint() const { return d->bounds->upperOnX(); }

void ParetoPlot::setBounds(const MetricBounds& bounds) {
    d->bounds->set(bounds);
    d->updateConstraintItems();
    d->plotted.invalidate();  // feasibility changes which points may be on the front
    d->integrate();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

const MetricBounds& ParetoPlot::bounds() const { return d->bounds->all(); }

void ParetoPlot::setColourMetric(const QString& metric) {
    if (!d->colouring->setMetric(metric))
        return;
    d->axisBar->showColourMetric(metric);
    d->updateColours();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
    emit colourMetricChanged(metric);
}

QString ParetoPlot::colourMetric() const { return d->colouring->metric(); }

std::optional<QColor> ParetoPlot::colourOfId(qint64 id) const {
    d->integrate();
    return d->colouring->colourOfRow(d->candidates, d->candidates.rowOf(id), palette().color(QPalette::Text).rgb());
}

void ParetoPlot::setRunFrontIds(const QList<qint64>& ids) {
    const QSet<qint64> next(ids.begin(), ids.end());
    if (next == d->runFront)
        return;
    d->runFront = next;
    d->updateFrontGraph();
    d->updateStats();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

int ParetoPlot::runFrontCount() const { return int(d->runFront.size()); }

void ParetoPlot::setSelectedIds(const QList<qint64>& ids) {
    const QSet<qint64> next(ids.begin(), ids.end());
    if (next == d->selected)
        return;
    d->selected = next;
    d->updateSelectedGraph();
    d->plot->layer(QStringLiteral("highlights"))->replot();
}

QList<qint64> ParetoPlot::selectedIds() const {
    QList<qint64> out(d->selected.begin(), d->selected.end());
    std::sort(out.begin(), out.end());
    return out;
}

QList<qint64> ParetoPlot::frontIds() const {
    d->integrate();
    QList<qint64> out;
    out.reserve(static_cast<qsizetype>(d->plotted.front().size()));
    for (const auto& [key, entry] : d->plotted.front().points())
        out.append(d->candidates.idAt(static_cast<int>(entry.id)));
    if (isMaximisedMetric(d->xMetric))
        std::reverse(out.begin(), out.end());
    return out;
}

int ParetoPlot::pointCount() const { return d->candidates.rowCount(); }

int ParetoPlot::plottedPointCount() const {
    d->integrate();
    return static_cast<int>(d->plotted.points().size());
}

QImage ParetoPlot::renderImage(QSize size) const {
    d->integrate();
    return d->plot->toPixmap(size.width(), size.height()).toImage();
}

std::optional<QPoint> ParetoPlot::pixelOfId(qint64 id) const {
    d->integrate();
    const int row = d->candidates.rowOf(id);
    PlotPoint p;
    if (row < 0 || !d->pointFor(row, p))
        return std::nullopt;
    const QPoint inPlot(qRound(d->plot->xAxis->coordToPixel(p.x)), qRound(d->plot->yAxis->coordToPixel(p.y)));
    if (!d->plot->axisRect()->rect().contains(inPlot))
        return std::nullopt;
    return d->plot->mapTo(this, inPlot);
}

std::optional<qint64> ParetoPlot::idAt(QPoint pos, int radius) const {
    d->integrate();
    const std::optional<int> row = d->cloud->nearestRow(d->plot->mapFrom(this, pos), radius);
    if (!row)
        return std::nullopt;
    return d->candidates.idAt(*row);
}

void ParetoPlot::setComparedRuns(const QString& shownRunLabel, std::vector<ComparedRun> runs) {
    d->overlays->set(std::move(runs));
    d->highlights->nameFront(d->overlays->count() > 0 ? shownRunLabel : ParetoPlot::tr("Pareto front"));
    d->integrate();
    if (!d->userMovedView)
        d->fitView();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

void ParetoPlot::clearComparedRuns() { setComparedRuns({}, {}); }

int ParetoPlot::comparedRunCount() const { return d->overlays->count(); }

QStringList ParetoPlot::comparedRunLabels() const { return d->overlays->labels(); }

QList<qint64> ParetoPlot::comparedFrontIds(int index) const {
    const std::vector<qint64> ids = d->overlays->frontIds(index);
    return QList<qint64>(ids.begin(), ids.end());
}

QStringList ParetoPlot::legendNames() const {
    QStringList names;
    for (int i = 0; i < d->plot->legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(d->plot->legend->item(i)))
            names << item->plottable()->name();
    return names;
}

void ParetoPlot::resetView() {
    d->userMovedView = false;
    d->integrate();
    d->fitView();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

void ParetoPlot::replotNow() {
    d->integrate();
    d->plot->replot(QCustomPlot::rpImmediateRefresh);
}

void ParetoPlot::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        d->applyPalette();
        d->plot->replot(QCustomPlot::rpQueuedReplot);
    }
    QWidget::changeEvent(event);
}

} // namespace edgenas::widgets
