#include "meta_graph_view.h"

#include "meta_graph_layout.h"
#include "meta_graph_legend.h"
#include "meta_graph_style.h"
#include "meta_node_item.h"

#include <QGraphicsItem>
#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>

namespace edgenas::widgets {

using namespace meta_graph_style;

namespace {

/// Zooms with the wheel around the mouse and pans by dragging; tells its owner once the user
/// has zoomed, so resizing stops refitting the graph.
class MetaZoomView : public QGraphicsView {
public:
    MetaZoomView(QGraphicsScene* scene, QWidget* parent, std::function<void()> zoomed)
        : QGraphicsView(scene, parent), m_zoomed(std::move(zoomed)) {}

protected:
    void wheelEvent(QWheelEvent* event) override {
        const double factor = std::pow(1.15, event->angleDelta().y() / 120.0);
        const double current = transform().m11();
        if ((current * factor < 0.05 && factor < 1.0) || (current * factor > 8.0 && factor > 1.0))
            return;
        scale(factor, factor);
        m_zoomed();
        event->accept();
    }

private:
    std::function<void()> m_zoomed;
};

} // namespace

class MetaGraphView::Private {
public:
    QLabel* caption = nullptr;
    MetaZoomView* view = nullptr;
    QGraphicsScene* scene = nullptr;
    MetaGraphLegend* legend = nullptr;
    std::optional<MetaGraphDrawing> drawing;
    double hiddenBelow = 0.02;
    QString error;
    bool graphviz = false;
    bool userZoomed = false;

    MetaGraphLayout layout;

    struct DrawnEdge {
        QGraphicsPathItem* line = nullptr;
        bool highlighted = false;
    };
    std::map<std::pair<int, int>, DrawnEdge> edges;
    std::vector<MetaNodeItem*> nodes;
    /// The nodes and the likely or current edges: what zoomToFit fits (faint edges that loop
    /// far out may stay outside, a scroll away).
    QRectF focus;

    QString problem(const MetaGraphDrawing& d) const;
    /// Rebuilds the scene; true when the layout changed (the view then refits).
    bool rebuild(QWidget* owner);
};

QString MetaGraphView::Private::problem(const MetaGraphDrawing& d) const {
    const std::size_t n = d.nodes < 0 ? 0 : std::size_t(d.nodes);
    if (d.nodes < 0)
        return MetaGraphView::tr("the node count %1 is negative").arg(d.nodes);
    if (d.edgeProbability.size() != n * n)
        return MetaGraphView::tr("the edge probability matrix has %1 entries, a %2-node graph needs %3")
            .arg(d.edgeProbability.size())
            .arg(n)
            .arg(n * n);
    if (!d.opProbability.empty() && d.opProbability.size() != n)
        return MetaGraphView::tr("there are operator distributions for %1 nodes, the graph has %2")
            .arg(d.opProbability.size())
            .arg(n);
    for (std::size_t i = 0; i < d.opProbability.size(); ++i)
        if (!d.opProbability[i].empty() && d.opProbability[i].size() != std::size_t(d.opNames.size()))
            return MetaGraphView::tr("node %1 has %2 operator probabilities for %3 operators")
                .arg(i)
                .arg(d.opProbability[i].size())
                .arg(d.opNames.size());
    for (const auto& [from, to] : d.currentEdges)
        if (from < 0 || to <= from || to >= d.nodes)
            return MetaGraphView::tr("the current graph has an edge %1 -> %2 outside the %3-node DAG")
                .arg(from)
                .arg(to)
                .arg(d.nodes);
    return {};
}

bool MetaGraphView::Private::rebuild(QWidget* owner) {
    scene->clear();
    edges.clear();
    nodes.clear();
    focus = QRectF();
    error.clear();
    if (!drawing) {
        caption->setText(MetaGraphView::tr("No meta-graph yet."));
        return false;
    }
    const MetaGraphDrawing& d = *drawing;
    legend->setOperators(d.opNames);
    if (QString why = problem(d); !why.isEmpty()) {
        error = MetaGraphView::tr("The meta-graph cannot be drawn: %1.").arg(why);
        caption->setText(error);
        graphviz = false;
        return false;
    }
    caption->setText(d.caption);
    caption->setToolTip(d.details);
    const int n = d.nodes;

    const QFont font = owner->font();
    const QFontMetricsF metrics(font);
    // Small boxes keep a 16-node chain legible in a dock: the number and the badge; the
    // operators' names are in the legend and the tooltip.
    const double labelWidth =
        std::max(metrics.horizontalAdvance(MetaGraphView::tr("input")), metrics.horizontalAdvance(QString::number(n)));
    const QSizeF box(std::ceil(std::max(kMinNodeWidth, labelWidth + 2 * kPadding + 2)),
                     std::ceil(metrics.height() + 3 * kPadding + kBadgeHeight));

    // The complete DAG ranks every node on its own: a long chain, laid across a wide view and
    // down a tall one.
    const QSize viewport = view->viewport()->size();
    const bool across = viewport.width() > viewport.height();
    const bool relaid = layout.update(n, box, across);
    const GraphLayout::Result& placed = layout.result();
    graphviz = placed.usedGraphviz;

    std::vector<bool> inCurrent(std::size_t(n) * std::size_t(n), false);
    for (const auto& [from, to] : d.currentEdges)
        inCurrent[std::size_t(from) * std::size_t(n) + std::size_t(to)] = true;

    for (std::size_t e = 0; e < layout.edges().size(); ++e) {
        const auto [from, to] = layout.edges()[e];
        const double p = std::clamp(d.probability(from, to), 0.0, 1.0);
        const bool current = inCurrent[std::size_t(from) * std::size_t(n) + std::size_t(to)];
        if (p < hiddenBelow && !current)
            continue;
        const QPainterPath& path = placed.edgePaths[e];
        const QPointF tip = placed.arrowTips[e];
        QPainterPath full = path;
        if (path.elementCount() > 0 && path.currentPosition() != tip)
            full.lineTo(tip);
        const QColor colour = probabilityColour(p);
        const double width = probabilityWidth(p);
        if (current) {
            QColor halo = currentColour();
            halo.setAlpha(120);
            auto* under = scene->addPath(full, QPen(halo, width + 5.0, Qt::SolidLine, Qt::RoundCap));
            under->setZValue(0);
        }
        auto* line = scene->addPath(full, QPen(colour, width, Qt::SolidLine, Qt::FlatCap));
        line->setZValue(1.0 + p);  // likely edges over unlikely ones
        line->setToolTip(MetaGraphView::tr("%1 → %2: probability %3%4")
                             .arg(from)
                             .arg(to)
                             .arg(QLocale().toString(p, 'f', 3))
                             .arg(current ? MetaGraphView::tr(" · in the current graph") : QString()));
        edges[{from, to}] = DrawnEdge{line, current};
        if (current || p >= 0.3)
            focus = focus.united(full.boundingRect());
        // Arrow head along the last bit of the edge, sized with the line.
        const QPointF before = path.elementCount() > 0 && path.currentPosition() != tip ? path.currentPosition()
                                                                                          : path.pointAtPercent(0.9);
        QLineF back(tip, before);
        if (back.length() < 1e-6)
            continue;
        back.setLength(6.0 + width);
        QLineF left = back, right = back;
        left.setAngle(back.angle() + 22);
        right.setAngle(back.angle() - 22);
        auto* head =
            scene->addPolygon(QPolygonF() << tip << left.p2() << right.p2(), QPen(colour, 0.5), QBrush(colour));
        head->setZValue(1.0 + p);
    }

    const QPalette palette = owner->palette();
    for (int i = 0; i < n; ++i) {
        const std::vector<double> shares =
            std::size_t(i) < d.opProbability.size() ? d.opProbability[std::size_t(i)] : std::vector<double>{};
        const int currentOp = std::size_t(i) < d.currentOps.size() ? d.currentOps[std::size_t(i)] : -1;
        bool live = currentOp >= 0 || (i == 0 && !d.currentEdges.empty());
        QString label;
        QString tip = MetaGraphView::tr("Node %1").arg(i);
        if (shares.empty()) {
            label = i == 0 ? MetaGraphView::tr("input") : QString::number(i);
            if (i == 0)
                tip += MetaGraphView::tr(" (the cell input)");
        } else {
            label = QString::number(i);
            for (std::size_t k = 0; k < shares.size(); ++k)
                tip += QStringLiteral("\n%1: %2").arg(shortOpName(d.opNames[qsizetype(k)]), percent(shares[k]));
        }
        if (currentOp >= 0 && currentOp < d.opNames.size())
            tip += MetaGraphView::tr("\ncurrent graph: %1").arg(shortOpName(d.opNames[currentOp]));
        else if (live)
            tip += MetaGraphView::tr("\nin the current graph");
        auto* item = new MetaNodeItem(label, box, shares, currentOp, live, palette, font);
        item->setPos(placed.centres[std::size_t(i)]);
        item->setZValue(3);
        item->setToolTip(tip);
        scene->addItem(item);
        nodes.push_back(item);
        focus = focus.united(item->sceneBoundingRect());
    }
    scene->setSceneRect(scene->itemsBoundingRect().adjusted(-16, -16, 16, 16));
    return relaid;
}

MetaGraphView::MetaGraphView(QWidget* parent) : QWidget(parent), d(std::make_unique<Private>()) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    d->caption = new QLabel(this);
    d->caption->setObjectName(QStringLiteral("metaGraphCaption"));
    d->caption->setWordWrap(true);
    d->caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    d->scene = new QGraphicsScene(this);
    d->view = new MetaZoomView(d->scene, this, [this] { d->userZoomed = true; });
    d->view->setObjectName(QStringLiteral("metaGraphCanvas"));
    // Docked below the plot the view may get little height; the graph then scrolls.
    d->view->setMinimumSize(80, 40);
    d->view->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    d->view->setDragMode(QGraphicsView::ScrollHandDrag);
    d->view->setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    d->view->setResizeAnchor(QGraphicsView::AnchorViewCenter);
    d->legend = new MetaGraphLegend(this);
    d->legend->setObjectName(QStringLiteral("metaGraphLegend"));
    layout->addWidget(d->caption);
    layout->addWidget(d->view, 1);
    layout->addWidget(d->legend);
    d->rebuild(this);
}

MetaGraphView::~MetaGraphView() = default;

void MetaGraphView::setDrawing(const MetaGraphDrawing& drawing) {
    d->drawing = drawing;
    if (d->rebuild(this)) {
        d->userZoomed = false;
        zoomToFit();
    }
}

void MetaGraphView::clearView() {
    d->drawing.reset();
    d->rebuild(this);
}

void MetaGraphView::setHiddenBelow(double probability) {
    d->hiddenBelow = probability;
    if (d->drawing)
        d->rebuild(this);
}

int MetaGraphView::nodeItemCount() const { return int(d->nodes.size()); }
int MetaGraphView::edgeItemCount() const { return int(d->edges.size()); }

double MetaGraphView::edgeWidth(int from, int to) const {
    const auto it = d->edges.find({from, to});
    return it == d->edges.end() ? 0.0 : it->second.line->pen().widthF();
}

QColor MetaGraphView::edgeColour(int from, int to) const {
    const auto it = d->edges.find({from, to});
    return it == d->edges.end() ? QColor() : it->second.line->pen().color();
}

bool MetaGraphView::edgeHighlighted(int from, int to) const {
    const auto it = d->edges.find({from, to});
    return it != d->edges.end() && it->second.highlighted;
}

std::vector<double> MetaGraphView::badgeShares(int node) const {
    if (node < 0 || std::size_t(node) >= d->nodes.size())
        return {};
    return d->nodes[std::size_t(node)]->drawnShares();
}

bool MetaGraphView::nodeHighlighted(int node) const {
    return node >= 0 && std::size_t(node) < d->nodes.size() && d->nodes[std::size_t(node)]->isCurrent();
}

bool MetaGraphView::usedGraphviz() const { return d->graphviz; }
QString MetaGraphView::errorText() const { return d->error; }
QString MetaGraphView::captionText() const { return d->caption->text(); }
QString MetaGraphView::captionDetails() const { return d->caption->toolTip(); }

void MetaGraphView::setCaptionVisible(bool visible) { d->caption->setVisible(visible); }

QImage MetaGraphView::renderImage(QSize size) const {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(palette().color(QPalette::Base));
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    d->scene->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), d->scene->sceneRect(), Qt::KeepAspectRatio);
    return image;
}

QColor MetaGraphView::probabilityColour(double p) {
    // Pale grey-blue for unlikely edges to a saturated blue for certain ones; unlikely edges are
    // also more transparent, so they recede.
    QColor faint(150, 160, 178, 90);
    QColor strong(28, 86, 196, 255);
    return mix(faint, strong, std::sqrt(std::clamp(p, 0.0, 1.0)));
}

QColor MetaGraphView::operatorColour(int op) {
    static const QColor colours[] = {QColor(46, 160, 67), QColor(150, 78, 200), QColor(228, 160, 20),
                                     QColor(205, 60, 95), QColor(40, 170, 190), QColor(120, 120, 120)};
    constexpr int count = int(sizeof(colours) / sizeof(colours[0]));
    return colours[((op % count) + count) % count];
}

double MetaGraphView::probabilityWidth(double p) { return 0.5 + 5.5 * std::clamp(p, 0.0, 1.0); }

void MetaGraphView::zoomToFit() {
    d->view->resetTransform();
    const QRectF rect = d->focus.isEmpty() ? d->scene->sceneRect() : d->focus.adjusted(-12, -12, 12, 12);
    const QSize viewport = d->view->viewport()->size();
    if (rect.isEmpty() || viewport.isEmpty())
        return;
    // The whole graph in view, but text no smaller than legible: big cells scroll instead.
    const double scale =
        std::clamp(std::min(viewport.width() / rect.width(), viewport.height() / rect.height()), 0.45, 1.5);
    d->view->scale(scale, scale);
    d->view->centerOn(rect.center());
}

void MetaGraphView::changeEvent(QEvent* event) {
    if ((event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) && d->caption)
        d->rebuild(this);
    QWidget::changeEvent(event);
}

void MetaGraphView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // A view that turned from wide to tall (or back) lays the chain out the other way.
    const QSize viewport = d->view->viewport()->size();
    if (d->drawing && d->layout.nodeCount() >= 0 && (viewport.width() > viewport.height()) != d->layout.isAcross())
        d->rebuild(this);
    if (!d->userZoomed)
        zoomToFit();
}

} // namespace edgenas::widgets
