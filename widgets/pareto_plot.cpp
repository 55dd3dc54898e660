#include "pareto_plot.h"

#include "bound_shading.h"
#include "candidate_columns.h"
#include "colour_axis.h"
#include "metric_naming.h"
#include "pareto_axis_bar.h"
#include "plot_axis_mapping.h"
#include "plot_mouse_gestures.h"
#include "plotted_points.h"
#include "point_cloud.h"
#include "run_overlay_layers.h"

#include <qcustomplot.h>

#include <QSet>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace edgenas::widgets {

namespace {

constexpr int kRedrawIntervalMs = 40;
QColor withAlpha(QColor colour, int alpha) {
    colour.setAlpha(alpha);
    return colour;
}

} // namespace

class ParetoPlot::Private {
public:
    explicit Private(ParetoPlot* owner) : q(owner) {}

    ParetoPlot* q;
    QCustomPlot* plot = nullptr;
    PointCloud* cloud = nullptr;
    QCPGraph* frontGraph = nullptr;
    QCPGraph* selectedGraph = nullptr;
    std::unique_ptr<BoundShading> boundShading;
    std::unique_ptr<RunOverlayLayers> overlays;  // compared runs' fronts
    // Bounds on the axes other than x's upper one (x lower, y upper, y lower), made when first shown.
    std::array<std::unique_ptr<BoundShading>, 3> moreShadings;
    std::unique_ptr<ColourAxis> colourAxis;
    ParetoAxisBar* axisBar = nullptr;
    QTimer redrawTimer;

    CandidateColumns candidates;  // everything received, row per candidate

    PlottedPoints plotted;          // what is drawn for the current axes

    QString xMetric = QStringLiteral("latency_ms");
    QString yMetric = QStringLiteral("accuracy");
    bool axesChosen = false;        // setAxes called: never pick axes automatically
    bool logX = false;
    bool logY = false;
    std::optional<double> bound;    // upper bound on x, from `bounds`
    MetricBounds bounds;            // on any metric
    QString colourMetric;           // empty: points in one colour
    QSet<qint64> selected;
    bool userMovedView = false;     // the user zoomed or panned: stop fitting to new data

    void buildUi();
    void applyPalette();
    void addRows(const std::vector<core::Candidate>& added);
    void scheduleRedraw();
    void integrate();
    PlottedPoints::Axes axes() const;
    bool pointFor(int row, PlotPoint& out) const { return PlottedPoints::pointFor(axes(), row, out); }
    void updateFrontGraph();
    void updateSelectedGraph();
    void updateConstraintItems();
    void showMoreShading(int index, QCPAxis* axis, BoundShading::Side side, const QString& metric, bool logarithmic);
    QString boundLabel(const QString& metric, double value, bool upper) const;
    void updateColours();
    void updateAxisLabels();
    void updateStats();
    void refreshMetricCombos();
    void fitView();
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

    plot = new QCustomPlot(q);
    plot->setObjectName(QStringLiteral("paretoCanvas"));
    plot->setMouseTracking(true);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setNoAntialiasingOnDrag(true);
    plot->setPlottingHints(QCP::phFastPolylines | QCP::phCacheLabels);
    plot->setMinimumSize(200, 150);
    layout->addWidget(plot, 1);

    // Layers with their own paint buffers: a selection or front change repaints only the
    // overlay, not the 100,000-point cloud beneath it.
    plot->addLayer(QStringLiteral("cloud"), plot->layer(QStringLiteral("main")), QCustomPlot::limBelow);
    plot->addLayer(QStringLiteral("highlights"), plot->layer(QStringLiteral("main")), QCustomPlot::limAbove);
    plot->layer(QStringLiteral("cloud"))->setMode(QCPLayer::lmBuffered);
    plot->layer(QStringLiteral("highlights"))->setMode(QCPLayer::lmBuffered);

    cloud = new PointCloud(plot->xAxis, plot->yAxis, &plotted.points());
    cloud->setName(ParetoPlot::tr("Candidates"));
    cloud->setLayer(QStringLiteral("cloud"));

    frontGraph = plot->addGraph();
    frontGraph->setName(ParetoPlot::tr("Pareto front"));
    frontGraph->setLineStyle(QCPGraph::lsStepLeft);

    selectedGraph = plot->addGraph();
    selectedGraph->setName(ParetoPlot::tr("Selected"));
    selectedGraph->setLineStyle(QCPGraph::lsNone);
    frontGraph->setLayer(QStringLiteral("highlights"));
    selectedGraph->setLayer(QStringLiteral("highlights"));

    boundShading = std::make_unique<BoundShading>(plot, QStringLiteral("highlights"));
    overlays = std::make_unique<RunOverlayLayers>(plot, QStringLiteral("highlights"));
    colourAxis = std::make_unique<ColourAxis>(plot);

    plot->legend->setVisible(true);
    plot->legend->setIconSize(14, 10);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);

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
    QObject::connect(plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), q,
                     [this](const QCPRange&) { boundShading->placeLabel(logX); });
    QObject::connect(plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), q, [this](const QCPRange&) {
        for (std::size_t i = 0; i < moreShadings.size(); ++i)
            if (moreShadings[i])
                moreShadings[i]->placeLabel(i == 0 ? logX : logY);
    });
    QObject::connect(plot->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), q, [this](const QCPRange&) {
        for (std::size_t i = 0; i < moreShadings.size(); ++i)
            if (moreShadings[i])
                moreShadings[i]->placeLabel(i == 0 ? logX : logY);
    });

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

    plot->setBackground(base);
    plot->axisRect()->setBackground(base);
    for (QCPAxis* axis : plot->axisRect()->axes()) {
        axis->setBasePen(QPen(withAlpha(text, 170), 1));
        axis->setTickPen(QPen(withAlpha(text, 170), 1));
        axis->setSubTickPen(QPen(withAlpha(text, 110), 1));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->grid()->setPen(QPen(withAlpha(text, dark ? 45 : 35), 1, Qt::DotLine));
        axis->grid()->setZeroLinePen(Qt::NoPen);
    }
    QFont labelFont = q->font();
    labelFont.setBold(true);
    plot->xAxis->setLabelFont(labelFont);
    plot->yAxis->setLabelFont(labelFont);
    plot->xAxis->setTickLabelFont(q->font());
    plot->yAxis->setTickLabelFont(q->font());

    // Faint, but dense regions still build up into a visible cloud.
    cloud->setColour(text, dark ? 0.30 : 0.24);

    const QColor highlight = pal.color(QPalette::Highlight);
    frontGraph->setPen(QPen(highlight, 2));
    // ssCircle, not ssDisc: a disc is filled with its pen colour, and the pen here is the
    // background ring that separates front points from the cloud.
    frontGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(base, 1.2), QBrush(highlight), 8));

    // Orange reads against blue highlights and against both light and dark backgrounds.
    const QColor selection(232, 113, 10);
    selectedGraph->setPen(Qt::NoPen);
    selectedGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(selection, 2.5), Qt::NoBrush, 13));

    boundShading->applyPalette(dark, q->font());
    for (const auto& shading : moreShadings)
        if (shading)
            shading->applyPalette(dark, q->font());
    colourAxis->applyPalette(text, base, q->font());

    plot->legend->setBrush(QBrush(withAlpha(base, 215)));
    plot->legend->setBorderPen(QPen(withAlpha(text, 90)));
    plot->legend->setTextColor(text);
    plot->legend->setFont(q->font());
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
                          isMaximisedMetric(yMetric), logX, logY, bound, {}};
    for (const MetricBound& b : bounds)
        if (const MetricColumn* column = candidates.column(b.metric))
            a.bounds.push_back({column, b.lower, b.upper});
    return a;
}

void ParetoPlot::Private::integrate() {
    redrawTimer.stop();
    chooseAxesIfNeeded();
    overlays->update({xMetric, yMetric, isMaximisedMetric(xMetric), isMaximisedMetric(yMetric), logX, logY, bound});
    if (!plotted.update(axes(), candidates.rowCount()))
        return;
    updateFrontGraph();
    updateSelectedGraph();
    updateStats();
    if (!colourMetric.isEmpty())
        updateColours();  // the range follows the values seen
    if (!userMovedView)
        fitView();
}

void ParetoPlot::Private::updateFrontGraph() {
    QVector<QCPGraphData> data;
    data.reserve(static_cast<int>(plotted.front().size()));
    for (const auto& [key, entry] : plotted.front().points()) {
        PlotPoint p;
        pointFor(static_cast<int>(entry.id), p);
        data.append(QCPGraphData(p.x, p.y));
    }
    frontGraph->data()->set(data, false);
}

void ParetoPlot::Private::updateSelectedGraph() {
    QVector<QCPGraphData> data;
    for (qint64 id : selected) {
        const int row = candidates.rowOf(id);
        PlotPoint p;
        if (row >= 0 && row < plotted.integratedRows() && pointFor(row, p))
            data.append(QCPGraphData(p.x, p.y));
    }
    selectedGraph->data()->set(data, false);
}

void ParetoPlot::Private::updateConstraintItems() {
    const MetricBound* onX = boundOn(bounds, xMetric);
    bound = onX ? onX->upper : std::nullopt;
    showMoreShading(0, plot->xAxis, BoundShading::Side::Lower, xMetric, logX);
    showMoreShading(1, plot->yAxis, BoundShading::Side::Upper, yMetric, logY);
    showMoreShading(2, plot->yAxis, BoundShading::Side::Lower, yMetric, logY);
    QString label;
    if (bound) {
        const MetricColumn* column = candidates.column(xMetric);
        label = ParetoPlot::tr("%1 ≤ %2 %3 · infeasible beyond")
                    .arg(metricLabel(xMetric), formatMetricValue(xMetric, *bound), column ? column->unit : QString());
    }
    boundShading->show(bound, logX, label);
}

void ParetoPlot::Private::showMoreShading(int index, QCPAxis* axis, BoundShading::Side side, const QString& metric,
                                          bool logarithmic) {
    const MetricBound* onAxis = boundOn(bounds, metric);
    const bool upper = side == BoundShading::Side::Upper;
    const std::optional<double> value = !onAxis ? std::nullopt : upper ? onAxis->upper : onAxis->lower;
    std::unique_ptr<BoundShading>& shading = moreShadings[static_cast<std::size_t>(index)];
    if (!shading) {
        if (!value)
            return;
        shading = std::make_unique<BoundShading>(plot, QStringLiteral("highlights"), axis, side);
        shading->applyPalette(q->palette().color(QPalette::Base).lightness() < 128, q->font());
    }
    shading->show(value, logarithmic, value ? boundLabel(metric, *value, upper) : QString());
}

QString ParetoPlot::Private::boundLabel(const QString& metric, double value, bool upper) const {
    const MetricColumn* column = candidates.column(metric);
    return (upper ? ParetoPlot::tr("%1 ≤ %2 %3 · infeasible beyond") : ParetoPlot::tr("%1 ≥ %2 %3 · infeasible below"))
        .arg(metricLabel(metric), formatMetricValue(metric, value), column ? column->unit : QString());
}

void ParetoPlot::Private::updateColours() {
    const MetricColumn* column = colourMetric.isEmpty() ? nullptr : candidates.column(colourMetric);
    colourAxis->show(column, isMaximisedMetric(colourMetric), column ? axisLabel(colourMetric, column) : QString());
    if (!column) {
        cloud->setRowColours({});
        return;
    }
    const QRgb neutral = q->palette().color(QPalette::Text).rgb();
    cloud->setRowColours([this, column, neutral](int row) {
        return colourAxis->colourOf(column->values[static_cast<std::size_t>(row)], neutral);
    });
}

void ParetoPlot::Private::updateAxisLabels() {
    plot->xAxis->setLabel(axisLabel(xMetric, candidates.column(xMetric)));
    plot->yAxis->setLabel(axisLabel(yMetric, candidates.column(yMetric)));
    updateConstraintItems();
}

void ParetoPlot::Private::updateStats() {
    axisBar->showCounts(candidates.rowCount(), static_cast<qlonglong>(plotted.front().size()));
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
    // Show the bound too when it is near the data, so the user sees where it cuts.
    if (bound && (!logX || *bound > 0.0)) {
        const double span = std::max(xMax - xMin, std::abs(xMax) * 0.1);
        if (*bound >= xMin - span && *bound <= xMax + span) {
            xMin = std::min(xMin, *bound);
            xMax = std::max(xMax, *bound);
        }
    }
    // Likewise the other bounds on the axes.
    const auto includeNear = [](double& lo, double& hi, std::optional<double> at, bool logarithmic) {
        const double span = std::max(hi - lo, std::abs(hi) * 0.1);
        if (at && (!logarithmic || *at > 0.0) && *at >= lo - span && *at <= hi + span) {
            lo = std::min(lo, *at);
            hi = std::max(hi, *at);
        }
    };
    const MetricBound* onX = boundOn(bounds, xMetric);
    const MetricBound* onY = boundOn(bounds, yMetric);
    includeNear(xMin, xMax, onX ? onX->lower : std::nullopt, logX);
    includeNear(yMin, yMax, onY ? onY->lower : std::nullopt, logY);
    includeNear(yMin, yMax, onY ? onY->upper : std::nullopt, logY);
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

void ParetoPlot::setLogScaleX(bool on) {
    if (on == d->logX)
        return;
    d->logX = on;
    d->axisBar->showLogScale(d->logX, d->logY);
    d->applyScaleTypes();
    d->updateConstraintItems();
    d->plotted.invalidate();
    d->userMovedView = false;
    d->integrate();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
    emit logScaleChanged(d->logX, d->logY);
}

void ParetoPlot::setLogScaleY(bool on) {
    if (on == d->logY)
        return;
    d->logY = on;
    d->axisBar->showLogScale(d->logX, d->logY);
    d->applyScaleTypes();
    d->plotted.invalidate();
    d->userMovedView = false;
    d->integrate();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
    emit logScaleChanged(d->logX, d->logY);
}

bool ParetoPlot::logScaleX() const { return d->logX; }
bool ParetoPlot::logScaleY() const { return d->logY; }

void ParetoPlot::clear() {
    d->redrawTimer.stop();
    d->candidates.clear();
    d->plotted.clear();
    d->userMovedView = false;
    d->selected.clear();
    d->frontGraph->data()->clear();
    d->selectedGraph->data()->clear();
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
    if (bound == d->bound)
        return;
    MetricBounds next = d->bounds;
    auto onX = std::find_if(next.begin(), next.end(), [this](const MetricBound& b) { return b.metric == d->xMetric; });
    if (onX == next.end())
        onX = next.insert(next.end(), MetricBound{d->xMetric, std::nullopt, std::nullopt});
    onX->upper = bound;
    if (!onX->lower && !onX->upper)
        next.erase(onX);
    setBounds(next);
}

void ParetoPlot::setBounds(const MetricBounds& bounds) {
    MetricBounds next;
    for (MetricBound b : bounds) {
        if (b.lower && !std::isfinite(*b.lower))
            b.lower.reset();
        if (b.upper && !std::isfinite(*b.upper))
            b.upper.reset();
        if (b.lower || b.upper)
            next.push_back(b);
    }
    d->bounds = next;
    d->updateConstraintItems();
    d->plotted.invalidate();  // feasibility changes which points may be on the front
    d->integrate();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

const MetricBounds& ParetoPlot::bounds() const { return d->bounds; }

void ParetoPlot::setColourMetric(const QString& metric) {
    if (metric == d->colourMetric)
        return;
    d->colourMetric = metric;
    d->axisBar->showColourMetric(metric);
    d->updateColours();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
    emit colourMetricChanged(metric);
}

QString ParetoPlot::colourMetric() const { return d->colourMetric; }

std::optional<QColor> ParetoPlot::colourOfId(qint64 id) const {
    d->integrate();
    const int row = d->candidates.rowOf(id);
    const MetricColumn* column = d->colourMetric.isEmpty() ? nullptr : d->candidates.column(d->colourMetric);
    if (row < 0 || !column)
        return std::nullopt;
    return QColor(d->colourAxis->colourOf(column->values[static_cast<std::size_t>(row)],
                                          palette().color(QPalette::Text).rgb()));
}

std::optional<double> ParetoPlot::constraint() const { return d->bound; }

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
    d->frontGraph->setName(d->overlays->count() > 0 ? shownRunLabel : ParetoPlot::tr("Pareto front"));
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
