#include "pareto_plot.h"

#include "metric_naming.h"
#include "moo/front_2d.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QSet>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgenas::widgets {

namespace {

constexpr int kRedrawIntervalMs = 40;
constexpr int kClickSlopPx = 4;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr float kMaxCloudOpacity = 0.7f;

// One metric over all candidates, column-wise: far smaller than keeping the candidates.
struct MetricColumn {
    std::string key;  // the engine's name, compared without converting to QString
    QString name;
    QString unit;
    std::vector<double> values;        // NaN where a candidate lacks the metric
    std::vector<quint8> provenance;    // core::Provenance
    unsigned provenancesSeen = 0;      // provenanceBit()s, for the axis label
};

// A drawn point: its coordinates on the current axes and the candidate's row.
struct PlotPoint {
    double x = 0.0;
    double y = 0.0;
    int row = 0;
};

bool byX(const PlotPoint& a, const PlotPoint& b) { return a.x < b.x; }

QColor withAlpha(QColor colour, int alpha) {
    colour.setAlpha(alpha);
    return colour;
}

/// Every candidate as a faint disc, drawn by splatting into an alpha buffer and blitting it
/// once: O(points) simple arithmetic instead of one QPainter ellipse per point, so 100,000
/// points redraw in a few milliseconds. Overlaps build up like real alpha blending of equal
/// discs (a' = a + s(1 - a)), so dense regions read as denser.
class PointCloud : public QCPAbstractPlottable {
public:
    PointCloud(QCPAxis* keyAxis, QCPAxis* valueAxis, const std::vector<PlotPoint>* points)
        : QCPAbstractPlottable(keyAxis, valueAxis), m_points(points) {
        setSelectable(QCP::stNone);
        setAntialiased(false);
    }

    void setColour(const QColor& colour, double alpha) {
        m_colour = colour;
        m_alpha = alpha;
    }

    double selectTest(const QPointF&, bool, QVariant*) const override { return -1.0; }

    QCPRange getKeyRange(bool& foundRange, QCP::SignDomain domain) const override {
        return range(foundRange, domain, [](const PlotPoint& p) { return p.x; });
    }
    QCPRange getValueRange(bool& foundRange, QCP::SignDomain domain, const QCPRange&) const override {
        return range(foundRange, domain, [](const PlotPoint& p) { return p.y; });
    }

protected:
    void draw(QCPPainter* painter) override {
        const QRect clip = clipRect();
        if (m_points->empty() || clip.isEmpty())
            return;
        const int w = clip.width();
        const int h = clip.height();
        m_alphaBuffer.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 0.0f);
        QCPAxis* keyAxis = mKeyAxis.data();
        QCPAxis* valueAxis = mValueAxis.data();
        // Disc of radius ~2.3 px with a soft edge, as a 5x5 coverage mask. Many points get
        // fainter discs and the total opacity is capped, so 100,000 points still show where
        // they are dense instead of merging into a black mass that hides the front.
        const double perPoint =
            m_alpha * std::clamp(std::sqrt(5000.0 / static_cast<double>(m_points->size())), 0.25, 1.0);
        float mask[5][5];
        for (int dy = -2; dy <= 2; ++dy)
            for (int dx = -2; dx <= 2; ++dx)
                mask[dy + 2][dx + 2] = static_cast<float>(
                    perPoint * std::clamp(2.3 - std::sqrt(double(dx * dx + dy * dy)), 0.0, 1.0));
        const double left = clip.left();
        const double top = clip.top();
        for (const PlotPoint& p : *m_points) {
            const int cx = static_cast<int>(std::lround(keyAxis->coordToPixel(p.x) - left));
            const int cy = static_cast<int>(std::lround(valueAxis->coordToPixel(p.y) - top));
            if (cx < -2 || cy < -2 || cx >= w + 2 || cy >= h + 2)
                continue;
            for (int dy = -2; dy <= 2; ++dy) {
                const int y = cy + dy;
                if (y < 0 || y >= h)
                    continue;
                float* row = m_alphaBuffer.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w);
                for (int dx = -2; dx <= 2; ++dx) {
                    const int x = cx + dx;
                    if (x < 0 || x >= w)
                        continue;
                    const float s = mask[dy + 2][dx + 2];
                    row[x] += s * (1.0f - row[x]);
                }
            }
        }
        QImage image(w, h, QImage::Format_ARGB32_Premultiplied);
        const int r = m_colour.red(), g = m_colour.green(), b = m_colour.blue();
        for (int y = 0; y < h; ++y) {
            auto* out = reinterpret_cast<QRgb*>(image.scanLine(y));
            const float* in = m_alphaBuffer.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w);
            for (int x = 0; x < w; ++x) {
                const int a = static_cast<int>(std::min(in[x], kMaxCloudOpacity) * 255.0f + 0.5f);
                out[x] = a == 0 ? 0u : qRgba(r * a / 255, g * a / 255, b * a / 255, a);
            }
        }
        painter->drawImage(clip.topLeft(), image);
    }

    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override {
        QColor c = m_colour;
        c.setAlphaF(static_cast<float>(std::min(1.0, m_alpha * 2.5)));
        painter->setPen(Qt::NoPen);
        painter->setBrush(c);
        painter->setRenderHint(QPainter::Antialiasing);
        const QPointF centre = rect.center();
        for (const QPointF offset : {QPointF(-4, 2), QPointF(0, -2), QPointF(4, 1)})
            painter->drawEllipse(centre + offset, 2.2, 2.2);
    }

private:
    template <typename Get>
    QCPRange range(bool& found, QCP::SignDomain domain, Get get) const {
        double lo = std::numeric_limits<double>::infinity();
        double hi = -lo;
        for (const PlotPoint& p : *m_points) {
            const double v = get(p);
            if ((domain == QCP::sdPositive && v <= 0.0) || (domain == QCP::sdNegative && v >= 0.0))
                continue;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        found = lo <= hi;
        return found ? QCPRange(lo, hi) : QCPRange();
    }

    const std::vector<PlotPoint>* m_points;
    QColor m_colour = Qt::gray;
    double m_alpha = 0.25;
    std::vector<float> m_alphaBuffer;
};

} // namespace

class ParetoPlot::Private {
public:
    explicit Private(ParetoPlot* owner) : q(owner) {}

    ParetoPlot* q;
    QCustomPlot* plot = nullptr;
    PointCloud* cloud = nullptr;
    QCPGraph* frontGraph = nullptr;
    QCPGraph* selectedGraph = nullptr;
    QCPItemStraightLine* constraintLine = nullptr;
    QCPItemRect* infeasibleRect = nullptr;
    QCPItemText* constraintLabel = nullptr;
    QComboBox* xCombo = nullptr;
    QComboBox* yCombo = nullptr;
    QCheckBox* logXBox = nullptr;
    QCheckBox* logYBox = nullptr;
    QLabel* statsLabel = nullptr;
    QTimer redrawTimer;

    // Everything received, row per candidate.
    std::vector<qint64> ids;
    std::vector<int> generations;
    std::vector<quint8> statuses;   // index into statusNames
    QStringList statusNames;
    std::vector<std::string> genomes;
    std::vector<MetricColumn> columns;
    QHash<QString, int> columnOf;
    QHash<qint64, int> rowOfId;

    // What is drawn for the current axes: rows [0, integratedRows) are in `points`.
    std::vector<PlotPoint> points;  // sorted by x
    int integratedRows = 0;
    bool needsRebuild = true;
    moo::Front2d front;             // minimisation form of (x, y) of feasible points

    QString xMetric = QStringLiteral("latency_ms");
    QString yMetric = QStringLiteral("accuracy");
    bool axesChosen = false;        // setAxes called: never pick axes automatically
    bool logX = false;
    bool logY = false;
    std::optional<double> bound;
    QSet<qint64> selected;
    bool userMovedView = false;     // the user zoomed or panned: stop fitting to new data
    QPoint pressPos;
    bool pressed = false;

    void buildUi();
    void applyPalette();
    void addRows(const std::vector<core::Candidate>& candidates);
    void setRow(int row, const core::Candidate& candidate);
    void scheduleRedraw();
    void integrate();
    void rebuild();
    bool pointFor(int row, PlotPoint& out) const;
    bool feasible(double x) const { return !bound || x <= *bound; }
    double f1(double x) const { return isMaximisedMetric(xMetric) ? -x : x; }
    double f2(double y) const { return isMaximisedMetric(yMetric) ? -y : y; }
    void insertFront(const PlotPoint& p);
    void updateFrontGraph();
    void updateSelectedGraph();
    void updateConstraintItems();
    void placeConstraintLabel();
    void updateAxisLabels();
    void updateStats();
    void refreshMetricCombos();
    void fitView();
    void chooseAxesIfNeeded();
    void applyScaleTypes();
    std::optional<int> nearestRow(QPointF plotPos, double radius) const;
    QString tooltipFor(int row) const;
    void handleClick(QPoint plotPos, Qt::KeyboardModifiers modifiers);
};

void ParetoPlot::Private::buildUi() {
    auto* layout = new QVBoxLayout(q);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    xCombo = new QComboBox(q);
    yCombo = new QComboBox(q);
    xCombo->setObjectName(QStringLiteral("paretoXAxis"));
    yCombo->setObjectName(QStringLiteral("paretoYAxis"));
    xCombo->setToolTip(ParetoPlot::tr("Metric on the horizontal axis"));
    yCombo->setToolTip(ParetoPlot::tr("Metric on the vertical axis"));
    logXBox = new QCheckBox(ParetoPlot::tr("Log x"), q);
    logYBox = new QCheckBox(ParetoPlot::tr("Log y"), q);
    logXBox->setObjectName(QStringLiteral("paretoLogX"));
    logYBox->setObjectName(QStringLiteral("paretoLogY"));
    statsLabel = new QLabel(q);
    auto* reset = new QToolButton(q);
    reset->setText(ParetoPlot::tr("Reset view"));
    reset->setToolTip(ParetoPlot::tr("Fit the axes to all candidates again"));
    bar->addWidget(new QLabel(ParetoPlot::tr("X:"), q));
    bar->addWidget(xCombo);
    bar->addWidget(logXBox);
    bar->addSpacing(8);
    bar->addWidget(new QLabel(ParetoPlot::tr("Y:"), q));
    bar->addWidget(yCombo);
    bar->addWidget(logYBox);
    bar->addStretch(1);
    bar->addWidget(statsLabel);
    bar->addWidget(reset);
    layout->addLayout(bar);

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

    cloud = new PointCloud(plot->xAxis, plot->yAxis, &points);
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

    // The infeasible side of the bound: x from the bound to the right edge, full height.
    infeasibleRect = new QCPItemRect(plot);
    infeasibleRect->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
    infeasibleRect->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    infeasibleRect->bottomRight->setTypeX(QCPItemPosition::ptAxisRectRatio);
    infeasibleRect->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    infeasibleRect->bottomRight->setCoords(1.0, 1.0);
    infeasibleRect->setClipToAxisRect(true);
    infeasibleRect->setSelectable(false);
    constraintLine = new QCPItemStraightLine(plot);
    constraintLine->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
    constraintLine->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
    constraintLine->setSelectable(false);
    // Shading below the points, the line above them.
    plot->addLayer(QStringLiteral("shade"), plot->layer(QStringLiteral("grid")), QCustomPlot::limAbove);
    infeasibleRect->setLayer(QStringLiteral("shade"));
    constraintLine->setLayer(QStringLiteral("highlights"));
    // Names the bound where it is drawn, at the top of the line on the infeasible side.
    constraintLabel = new QCPItemText(plot);
    constraintLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    constraintLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    constraintLabel->setPadding(QMargins(4, 2, 4, 2));
    constraintLabel->setClipToAxisRect(true);
    constraintLabel->setSelectable(false);
    constraintLabel->setLayer(QStringLiteral("highlights"));

    plot->legend->setVisible(true);
    plot->legend->setIconSize(14, 10);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);

    redrawTimer.setSingleShot(true);
    redrawTimer.setInterval(kRedrawIntervalMs);
    QObject::connect(&redrawTimer, &QTimer::timeout, q, [this] {
        integrate();
        plot->replot(QCustomPlot::rpQueuedReplot);
    });

    QObject::connect(xCombo, &QComboBox::activated, q, [this](int) {
        q->setAxes(xCombo->currentData().toString(), yMetric);
    });
    QObject::connect(yCombo, &QComboBox::activated, q, [this](int) {
        q->setAxes(xMetric, yCombo->currentData().toString());
    });
    QObject::connect(logXBox, &QCheckBox::toggled, q, [this](bool on) { q->setLogScaleX(on); });
    QObject::connect(logYBox, &QCheckBox::toggled, q, [this](bool on) { q->setLogScaleY(on); });
    QObject::connect(reset, &QToolButton::clicked, q, [this] { q->resetView(); });

    QObject::connect(plot, &QCustomPlot::mousePress, q, [this](QMouseEvent* event) {
        pressed = event->button() == Qt::LeftButton;
        pressPos = event->pos();
    });
    QObject::connect(plot, &QCustomPlot::mouseMove, q, [this](QMouseEvent* event) {
        if (event->buttons() != Qt::NoButton) {
            if ((event->pos() - pressPos).manhattanLength() > kClickSlopPx)
                userMovedView = true;
            QToolTip::hideText();
            return;
        }
        const std::optional<int> row = nearestRow(event->position(), 8.0);
        if (row)
            QToolTip::showText(event->globalPosition().toPoint(), tooltipFor(*row), plot);
        else
            QToolTip::hideText();
    });
    QObject::connect(plot, &QCustomPlot::mouseRelease, q, [this](QMouseEvent* event) {
        if (pressed && event->button() == Qt::LeftButton &&
            (event->pos() - pressPos).manhattanLength() <= kClickSlopPx)
            handleClick(event->pos(), event->modifiers());
        pressed = false;
    });
    QObject::connect(plot, &QCustomPlot::mouseDoubleClick, q, [this](QMouseEvent* event) {
        if (const std::optional<int> row = nearestRow(event->position(), 8.0))
            emit q->candidateActivated(ids[static_cast<std::size_t>(*row)]);
    });
    QObject::connect(plot, &QCustomPlot::mouseWheel, q, [this](QWheelEvent*) { userMovedView = true; });
    QObject::connect(plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), q,
                     [this](const QCPRange&) { placeConstraintLabel(); });

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

    const QColor red = dark ? QColor(255, 110, 100) : QColor(200, 40, 40);
    constraintLine->setPen(QPen(red, 1.6, Qt::DashLine));
    infeasibleRect->setPen(Qt::NoPen);
    infeasibleRect->setBrush(QBrush(withAlpha(red, dark ? 45 : 32)));
    constraintLabel->setColor(red);
    constraintLabel->setFont(q->font());

    plot->legend->setBrush(QBrush(withAlpha(base, 215)));
    plot->legend->setBorderPen(QPen(withAlpha(text, 90)));
    plot->legend->setTextColor(text);
    plot->legend->setFont(q->font());
}

void ParetoPlot::Private::setRow(int row, const core::Candidate& c) {
    const auto r = static_cast<std::size_t>(row);
    generations[r] = c.generation;
    // Few distinct statuses and metric names: compare the engine's strings directly rather
    // than building a QString and hashing it for each of 100,000 candidates.
    const QString status = QString::fromStdString(c.status);
    qsizetype statusIndex = statusNames.indexOf(status);
    if (statusIndex < 0) {
        statusNames << status;
        statusIndex = statusNames.size() - 1;
    }
    statuses[r] = static_cast<quint8>(std::min<qsizetype>(statusIndex, 255));
    genomes[r] = c.genome;
    for (MetricColumn& column : columns) {
        column.values[r] = kNaN;
        column.provenance[r] = 0;
    }
    for (const core::Metric& m : c.metrics) {
        auto it = std::find_if(columns.begin(), columns.end(), [&](const MetricColumn& col) { return col.key == m.name; });
        if (it == columns.end()) {
            MetricColumn column;
            column.key = m.name;
            column.name = QString::fromStdString(m.name);
            column.unit = QString::fromStdString(m.unit);
            column.values.assign(ids.size(), kNaN);
            column.provenance.assign(ids.size(), 0);
            columns.push_back(std::move(column));
            columnOf.insert(columns.back().name, static_cast<int>(columns.size()) - 1);
            it = columns.end() - 1;
        }
        it->values[r] = m.value;
        it->provenance[r] = static_cast<quint8>(m.provenance);
        it->provenancesSeen |= provenanceBit(m.provenance);
    }
}

void ParetoPlot::Private::addRows(const std::vector<core::Candidate>& candidates) {
    const std::size_t before = columns.size();
    std::vector<unsigned> provenancesBefore;
    for (const MetricColumn& column : columns)
        provenancesBefore.push_back(column.provenancesSeen);
    for (const core::Candidate& c : candidates) {
        // A candidate sent again (e.g. pending, then evaluated) replaces its earlier figures.
        if (c.id >= 0) {
            if (auto it = rowOfId.constFind(c.id); it != rowOfId.constEnd()) {
                setRow(*it, c);
                if (*it < integratedRows)
                    needsRebuild = true;
                continue;
            }
        }
        const int row = static_cast<int>(ids.size());
        ids.push_back(c.id);
        generations.push_back(0);
        statuses.push_back(0);
        genomes.emplace_back();
        for (MetricColumn& column : columns) {
            column.values.push_back(kNaN);
            column.provenance.push_back(0);
        }
        if (c.id >= 0)
            rowOfId.insert(c.id, row);
        setRow(row, c);
    }
    if (columns.size() != before) {
        refreshMetricCombos();
        return;
    }
    for (std::size_t i = 0; i < before; ++i)
        if (columns[i].provenancesSeen != provenancesBefore[i]) {
            updateAxisLabels();  // e.g. "measured" became "mixed: measured, modelled"
            return;
        }
}

void ParetoPlot::Private::scheduleRedraw() {
    if (!redrawTimer.isActive())
        redrawTimer.start();
}

bool ParetoPlot::Private::pointFor(int row, PlotPoint& out) const {
    const auto xi = columnOf.constFind(xMetric);
    const auto yi = columnOf.constFind(yMetric);
    if (xi == columnOf.constEnd() || yi == columnOf.constEnd())
        return false;
    const auto r = static_cast<std::size_t>(row);
    const double x = columns[static_cast<std::size_t>(*xi)].values[r];
    const double y = columns[static_cast<std::size_t>(*yi)].values[r];
    if (!std::isfinite(x) || !std::isfinite(y) || (logX && x <= 0.0) || (logY && y <= 0.0))
        return false;
    out = {x, y, row};
    return true;
}

void ParetoPlot::Private::insertFront(const PlotPoint& p) {
    if (feasible(p.x))
        front.insert(f1(p.x), f2(p.y), p.row);
}

void ParetoPlot::Private::rebuild() {
    points.clear();
    points.reserve(ids.size());
    front.clear();
    PlotPoint p;
    for (int row = 0; row < static_cast<int>(ids.size()); ++row)
        if (pointFor(row, p))
            points.push_back(p);
    std::stable_sort(points.begin(), points.end(), byX);
    for (const PlotPoint& point : points)
        insertFront(point);
    integratedRows = static_cast<int>(ids.size());
    needsRebuild = false;
}

void ParetoPlot::Private::integrate() {
    redrawTimer.stop();
    chooseAxesIfNeeded();
    const int total = static_cast<int>(ids.size());
    if (needsRebuild) {
        rebuild();
    } else if (integratedRows < total) {
        std::vector<PlotPoint> fresh;
        fresh.reserve(static_cast<std::size_t>(total - integratedRows));
        PlotPoint p;
        for (int row = integratedRows; row < total; ++row)
            if (pointFor(row, p))
                fresh.push_back(p);
        std::stable_sort(fresh.begin(), fresh.end(), byX);
        for (const PlotPoint& point : fresh)
            insertFront(point);
        const auto middle = static_cast<std::ptrdiff_t>(points.size());
        points.insert(points.end(), fresh.begin(), fresh.end());
        std::inplace_merge(points.begin(), points.begin() + middle, points.end(), byX);
        integratedRows = total;
    } else {
        return;
    }
    updateFrontGraph();
    updateSelectedGraph();
    updateStats();
    if (!userMovedView)
        fitView();
}

void ParetoPlot::Private::updateFrontGraph() {
    QVector<QCPGraphData> data;
    data.reserve(static_cast<int>(front.size()));
    for (const auto& [key, entry] : front.points()) {
        PlotPoint p;
        pointFor(static_cast<int>(entry.id), p);
        data.append(QCPGraphData(p.x, p.y));
    }
    frontGraph->data()->set(data, false);
}

void ParetoPlot::Private::updateSelectedGraph() {
    QVector<QCPGraphData> data;
    for (qint64 id : selected) {
        const auto it = rowOfId.constFind(id);
        PlotPoint p;
        if (it != rowOfId.constEnd() && *it < integratedRows && pointFor(*it, p))
            data.append(QCPGraphData(p.x, p.y));
    }
    selectedGraph->data()->set(data, false);
}

void ParetoPlot::Private::updateConstraintItems() {
    const bool on = bound.has_value() && (!logX || *bound > 0.0);
    constraintLine->setVisible(on);
    infeasibleRect->setVisible(on);
    constraintLabel->setVisible(on);
    if (!on)
        return;
    const auto column = columnOf.constFind(xMetric);
    const QString unit = column == columnOf.constEnd() ? QString() : columns[static_cast<std::size_t>(*column)].unit;
    constraintLabel->setText(ParetoPlot::tr("%1 ≤ %2 %3 · infeasible beyond")
                                 .arg(metricLabel(xMetric), formatMetricValue(xMetric, *bound), unit));
    placeConstraintLabel();
    constraintLine->point1->setCoords(*bound, 0.0);
    constraintLine->point2->setCoords(*bound, 1.0);
    infeasibleRect->topLeft->setCoords(*bound, 0.0);
}

// The label sits beside the line on whichever side has room, so it is never cut at the plot's edge.
void ParetoPlot::Private::placeConstraintLabel() {
    if (!bound)
        return;
    const QCPRange range = plot->xAxis->range();
    const double middle = logX && range.lower > 0.0 ? std::sqrt(range.lower * range.upper) : range.center();
    constraintLabel->setPositionAlignment((*bound > middle ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop);
    constraintLabel->position->setCoords(*bound, 0.0);
}

void ParetoPlot::Private::updateAxisLabels() {
    auto label = [this](const QString& name) {
        const auto it = columnOf.constFind(name);
        const MetricColumn* column = it == columnOf.constEnd() ? nullptr : &columns[static_cast<std::size_t>(*it)];
        const QString unit = column ? column->unit : QString();
        const QString source = column ? provenanceSummary(column->provenancesSeen) : QString();
        const QString direction = isMaximisedMetric(name) ? ParetoPlot::tr("higher is better")
                                                          : ParetoPlot::tr("lower is better");
        return source.isEmpty() ? QStringLiteral("%1  (%2)").arg(metricLabelWithUnit(name, unit), direction)
                                : QStringLiteral("%1 · %2  (%3)").arg(metricLabelWithUnit(name, unit), source, direction);
    };
    plot->xAxis->setLabel(label(xMetric));
    plot->yAxis->setLabel(label(yMetric));
    updateConstraintItems();
}

void ParetoPlot::Private::updateStats() {
    statsLabel->setText(ParetoPlot::tr("%L1 candidates · %L2 on the front")
                            .arg(static_cast<qlonglong>(ids.size()))
                            .arg(static_cast<qlonglong>(front.size())));
}

void ParetoPlot::Private::refreshMetricCombos() {
    for (QComboBox* combo : {xCombo, yCombo}) {
        const QSignalBlocker blocker(combo);
        for (const MetricColumn& column : columns)
            if (combo->findData(column.name) < 0)
                combo->addItem(metricLabelWithUnit(column.name, column.unit), column.name);
        combo->setCurrentIndex(combo->findData(combo == xCombo ? xMetric : yMetric));
    }
    updateAxisLabels();
}

void ParetoPlot::Private::chooseAxesIfNeeded() {
    if (axesChosen || columns.empty() || (columnOf.contains(xMetric) && columnOf.contains(yMetric)))
        return;
    // Nothing chosen and the defaults are absent: a maximised metric up, a minimised one across.
    QString y, x;
    for (const MetricColumn& column : columns)
        if (y.isEmpty() && isMaximisedMetric(column.name))
            y = column.name;
    for (const MetricColumn& column : columns)
        if (x.isEmpty() && !isMaximisedMetric(column.name) && column.name != y)
            x = column.name;
    if (y.isEmpty())
        y = columns.front().name;
    if (x.isEmpty())
        x = columns.size() > 1 && columns[1].name != y ? columns[1].name : columns.front().name;
    if (x == xMetric && y == yMetric)
        return;
    xMetric = x;
    yMetric = y;
    needsRebuild = true;
    refreshMetricCombos();
}

void ParetoPlot::Private::applyScaleTypes() {
    const struct { QCPAxis* axis; bool log; } axes[] = {{plot->xAxis, logX}, {plot->yAxis, logY}};
    for (const auto& [axis, log] : axes) {
        if (log) {
            axis->setScaleType(QCPAxis::stLogarithmic);
            axis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
            axis->setNumberFormat(QStringLiteral("gb"));
        } else {
            axis->setScaleType(QCPAxis::stLinear);
            axis->setTicker(QSharedPointer<QCPAxisTicker>::create());
            axis->setNumberFormat(QStringLiteral("gb"));
        }
    }
}

void ParetoPlot::Private::fitView() {
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
    // Show the bound too when it is near the data, so the user sees where it cuts.
    if (bound && (!logX || *bound > 0.0)) {
        const double span = std::max(xMax - xMin, std::abs(xMax) * 0.1);
        if (*bound >= xMin - span && *bound <= xMax + span) {
            xMin = std::min(xMin, *bound);
            xMax = std::max(xMax, *bound);
        }
    }
    auto padded = [](double lo, double hi, bool log) {
        if (log) {
            const double factor = hi > lo ? std::pow(hi / lo, 0.05) : 2.0;
            return QCPRange(lo / factor, hi * factor);
        }
        const double pad = hi > lo ? (hi - lo) * 0.05 : std::max(std::abs(hi) * 0.05, 1e-9);
        return QCPRange(lo - pad, hi + pad);
    };
    plot->xAxis->setRange(padded(xMin, xMax, logX));
    plot->yAxis->setRange(padded(yMin, yMax, logY));
}

std::optional<int> ParetoPlot::Private::nearestRow(QPointF pos, double radius) const {
    if (points.empty() || !plot->axisRect()->rect().contains(pos.toPoint()))
        return std::nullopt;
    double a = plot->xAxis->pixelToCoord(pos.x() - radius);
    double b = plot->xAxis->pixelToCoord(pos.x() + radius);
    if (a > b)
        std::swap(a, b);
    auto it = std::lower_bound(points.begin(), points.end(), PlotPoint{a, 0.0, 0}, byX);
    std::optional<int> best;
    double bestDistance = radius * radius;
    for (; it != points.end() && it->x <= b; ++it) {
        const double dx = plot->xAxis->coordToPixel(it->x) - pos.x();
        const double dy = plot->yAxis->coordToPixel(it->y) - pos.y();
        const double distance = dx * dx + dy * dy;
        // Prefer front members and later candidates on ties: they are what people look for.
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = it->row;
        }
    }
    return best;
}

QString ParetoPlot::Private::tooltipFor(int row) const {
    const auto r = static_cast<std::size_t>(row);
    QString html = QStringLiteral("<b>%1</b>").arg(ParetoPlot::tr("Candidate %1").arg(ids[r]));
    html += QStringLiteral("<br/>%1").arg(ParetoPlot::tr("generation %1 · %2")
                                               .arg(generations[r])
                                               .arg(statusLabel(statusNames.value(statuses[r])).toHtmlEscaped()));
    html += QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    for (const MetricColumn& column : columns) {
        const double v = column.values[r];
        if (!std::isfinite(v))
            continue;
        const bool onAxis = column.name == xMetric || column.name == yMetric;
        html += QStringLiteral("<tr><td>%1%2%3</td><td align='right'>&nbsp;%4 %5</td><td>&nbsp;<i>%6</i></td></tr>")
                    .arg(onAxis ? QStringLiteral("<b>") : QString(), metricLabel(column.name).toHtmlEscaped(),
                         onAxis ? QStringLiteral("</b>") : QString(), formatMetricValue(column.name, v),
                         column.unit.toHtmlEscaped(),
                         provenanceLabel(static_cast<core::Provenance>(column.provenance[r])));
    }
    html += QStringLiteral("</table>");
    if (!genomes[r].empty())
        html += QStringLiteral("%1 <tt>%2</tt>").arg(ParetoPlot::tr("genome"), QString::fromStdString(genomes[r]).toHtmlEscaped());
    if (ids[r] >= 0 && front.size() > 0) {
        for (const auto& [key, entry] : front.points())
            if (entry.id == row) {
                html += QStringLiteral("<br/><b>%1</b>").arg(ParetoPlot::tr("on the Pareto front"));
                break;
            }
    }
    if (bound) {
        PlotPoint p;
        if (pointFor(row, p) && !feasible(p.x))
            html += QStringLiteral("<br/>%1").arg(ParetoPlot::tr("violates the constraint"));
    }
    return html;
}

void ParetoPlot::Private::handleClick(QPoint pos, Qt::KeyboardModifiers modifiers) {
    const std::optional<int> row = nearestRow(pos, 8.0);
    const bool add = modifiers & (Qt::ShiftModifier | Qt::ControlModifier);
    QSet<qint64> next = add ? selected : QSet<qint64>{};
    if (row) {
        const qint64 id = ids[static_cast<std::size_t>(*row)];
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
    d->needsRebuild = true;
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
    for (const MetricColumn& column : d->columns)
        names << column.name;
    return names;
}

void ParetoPlot::setLogScaleX(bool on) {
    if (on == d->logX)
        return;
    d->logX = on;
    const QSignalBlocker blocker(d->logXBox);
    d->logXBox->setChecked(on);
    d->applyScaleTypes();
    d->updateConstraintItems();
    d->needsRebuild = true;
    d->userMovedView = false;
    d->integrate();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
    emit logScaleChanged(d->logX, d->logY);
}

void ParetoPlot::setLogScaleY(bool on) {
    if (on == d->logY)
        return;
    d->logY = on;
    const QSignalBlocker blocker(d->logYBox);
    d->logYBox->setChecked(on);
    d->applyScaleTypes();
    d->needsRebuild = true;
    d->userMovedView = false;
    d->integrate();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
    emit logScaleChanged(d->logX, d->logY);
}

bool ParetoPlot::logScaleX() const { return d->logX; }
bool ParetoPlot::logScaleY() const { return d->logY; }

void ParetoPlot::clear() {
    d->redrawTimer.stop();
    d->ids.clear();
    d->generations.clear();
    d->statuses.clear();
    d->statusNames.clear();
    d->genomes.clear();
    d->columns.clear();
    d->columnOf.clear();
    d->rowOfId.clear();
    d->points.clear();
    d->front.clear();
    d->integratedRows = 0;
    d->needsRebuild = true;
    d->userMovedView = false;
    d->selected.clear();
    d->frontGraph->data()->clear();
    d->selectedGraph->data()->clear();
    for (QComboBox* combo : {d->xCombo, d->yCombo}) {
        const QSignalBlocker blocker(combo);
        combo->clear();
    }
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
    d->bound = bound;
    d->updateConstraintItems();
    d->needsRebuild = true;  // feasibility changes which points may be on the front
    d->integrate();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
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
    out.reserve(static_cast<qsizetype>(d->front.size()));
    for (const auto& [key, entry] : d->front.points())
        out.append(d->ids[static_cast<std::size_t>(entry.id)]);
    if (isMaximisedMetric(d->xMetric))
        std::reverse(out.begin(), out.end());
    return out;
}

int ParetoPlot::pointCount() const { return static_cast<int>(d->ids.size()); }

int ParetoPlot::plottedPointCount() const {
    d->integrate();
    return static_cast<int>(d->points.size());
}

QImage ParetoPlot::renderImage(QSize size) const {
    d->integrate();
    return d->plot->toPixmap(size.width(), size.height()).toImage();
}

std::optional<QPoint> ParetoPlot::pixelOfId(qint64 id) const {
    d->integrate();
    const auto it = d->rowOfId.constFind(id);
    PlotPoint p;
    if (it == d->rowOfId.constEnd() || !d->pointFor(*it, p))
        return std::nullopt;
    const QPoint inPlot(qRound(d->plot->xAxis->coordToPixel(p.x)), qRound(d->plot->yAxis->coordToPixel(p.y)));
    if (!d->plot->axisRect()->rect().contains(inPlot))
        return std::nullopt;
    return d->plot->mapTo(this, inPlot);
}

std::optional<qint64> ParetoPlot::idAt(QPoint pos, int radius) const {
    d->integrate();
    const std::optional<int> row = d->nearestRow(d->plot->mapFrom(this, pos), radius);
    if (!row)
        return std::nullopt;
    return d->ids[static_cast<std::size_t>(*row)];
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
