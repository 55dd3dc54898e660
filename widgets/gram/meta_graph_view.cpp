#include "meta_graph_view.h"

#include "graph_layout.h"

#include <QGraphicsItem>
#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QLabel>
#include <QLinearGradient>
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

namespace {

constexpr double kPadding = 5.0;
constexpr double kBadgeHeight = 7.0;
constexpr double kMinNodeWidth = 86.0;
const QColor kCurrentColour(235, 90, 40);

QColor mix(const QColor& a, const QColor& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t),
                            static_cast<float>(a.alphaF() * (1 - t) + b.alphaF() * t));
}

// "sep_conv_3x3" -> "sep 3×3", "conv_1x1" -> "conv 1×1": the names the engine stores, made short
// enough for a node box.
QString shortOpName(QString name) {
    name.replace(QStringLiteral("_conv_"), QStringLiteral(" "));
    name.replace(QLatin1Char('_'), QLatin1Char(' '));
    for (qsizetype i = 1; i + 1 < name.size(); ++i)
        if (name[i] == QLatin1Char('x') && name[i - 1].isDigit() && name[i + 1].isDigit())
            name[i] = QChar(0x00D7);
    return name;
}

QString percent(double p) { return QLocale().toString(100.0 * p, 'f', 0) + QStringLiteral(" %"); }

/// A node box: its number and most likely operator, and a badge (a stacked bar) with the
/// operator distribution. Nodes of the current graph get an outline in the highlight colour,
/// and their operator's segment is underlined.
class MetaNodeItem : public QGraphicsItem {
public:
    MetaNodeItem(QString label, QSizeF size, std::vector<double> shares, int currentOp, bool current,
                 const QPalette& palette, const QFont& font)
        : m_label(std::move(label)), m_rect(-size.width() / 2, -size.height() / 2, size.width(), size.height()),
          m_shares(std::move(shares)), m_currentOp(currentOp), m_current(current), m_palette(palette), m_font(font) {}

    QRectF boundingRect() const override { return m_rect.adjusted(-2, -2, 2, 2); }

    QRectF badgeRect() const {
        return QRectF(m_rect.left() + kPadding, m_rect.bottom() - kPadding - kBadgeHeight, m_rect.width() - 2 * kPadding,
                      kBadgeHeight);
    }

    /// Each segment's share of the badge, measured from the rectangles the badge paints.
    std::vector<double> drawnShares() const {
        std::vector<double> out;
        const double total = badgeRect().width();
        for (const QRectF& r : segments())
            out.push_back(total > 0 ? r.width() / total : 0.0);
        return out;
    }

    bool isCurrent() const { return m_current; }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override {
        const QColor base = m_palette.color(QPalette::Base);
        const QColor text = m_palette.color(QPalette::Text);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(m_current ? QPen(kCurrentColour, 2.2) : QPen(mix(base, text, 0.45), 1.0));
        painter->setBrush(mix(base, text, base.lightness() < 128 ? 0.12 : 0.05));
        painter->drawRoundedRect(m_rect, 5, 5);
        painter->setPen(text);
        painter->setFont(m_font);
        const QFontMetricsF metrics(m_font);
        painter->drawText(QPointF(m_rect.left() + kPadding, m_rect.top() + kPadding + metrics.ascent()), m_label);
        const std::vector<QRectF> parts = segments();
        painter->setPen(Qt::NoPen);
        for (std::size_t k = 0; k < parts.size(); ++k) {
            painter->setBrush(MetaGraphView::operatorColour(int(k)));
            painter->drawRect(parts[k]);
        }
        if (m_currentOp >= 0 && std::size_t(m_currentOp) < parts.size()) {
            const QRectF& r = parts[std::size_t(m_currentOp)];
            painter->setPen(QPen(kCurrentColour, 2.0));
            painter->drawLine(QPointF(r.left(), r.bottom() + 2.0), QPointF(r.right(), r.bottom() + 2.0));
        }
    }

private:
    std::vector<QRectF> segments() const {
        std::vector<QRectF> out;
        if (m_shares.empty())
            return out;
        const QRectF badge = badgeRect();
        double sum = 0.0;
        for (double s : m_shares)
            sum += std::max(0.0, s);
        double x = badge.left();
        for (double s : m_shares) {
            const double w = sum > 0 ? badge.width() * std::max(0.0, s) / sum : 0.0;
            out.emplace_back(x, badge.top(), w, badge.height());
            x += w;
        }
        return out;
    }

    QString m_label;
    QRectF m_rect;
    std::vector<double> m_shares;
    int m_currentOp;
    bool m_current;
    QPalette m_palette;
    QFont m_font;
};

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

/// The encodings, drawn outside the scene so they stay legible at any zoom: a probability ramp
/// with line widths, the operator colours, and the current graph's outline.
class MetaGraphLegend : public QWidget {
public:
    using QWidget::QWidget;

    void setOperators(QStringList names) {
        m_ops = std::move(names);
        updateGeometry();
        update();
    }

    QSize sizeHint() const override {
        const QFontMetrics m(font());
        return QSize(320, 2 * m.height() + 14);
    }
    QSize minimumSizeHint() const override { return QSize(160, sizeHint().height()); }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QFontMetricsF m(font());
        const QColor text = palette().color(QPalette::Text);
        const double row = m.height() + 5;
        // Row 1: edge probability, 0 to 1, as colour and width.
        double x = 4;
        double y = 3;
        const QString title = MetaGraphView::tr("Edge probability");
        p.setPen(text);
        p.drawText(QPointF(x, y + m.ascent()), title);
        x += m.horizontalAdvance(title) + 8;
        p.drawText(QPointF(x, y + m.ascent()), QStringLiteral("0"));
        x += m.horizontalAdvance(QStringLiteral("0")) + 4;
        const double rampWidth = std::max(60.0, std::min(160.0, width() - x - 40.0));
        const int steps = 8;
        for (int k = 0; k < steps; ++k) {
            const double pr = (k + 0.5) / steps;
            const double x0 = x + rampWidth * k / steps;
            p.setPen(QPen(MetaGraphView::probabilityColour(pr), MetaGraphView::probabilityWidth(pr), Qt::SolidLine,
                          Qt::FlatCap));
            p.drawLine(QPointF(x0, y + m.height() / 2), QPointF(x0 + rampWidth / steps, y + m.height() / 2));
        }
        x += rampWidth + 4;
        p.setPen(text);
        p.drawText(QPointF(x, y + m.ascent()), QStringLiteral("1"));
        // Row 2: operators, then the current graph.
        x = 4;
        y += row;
        for (qsizetype k = 0; k < m_ops.size(); ++k) {
            const QString name = shortOpName(m_ops[k]);
            p.setPen(Qt::NoPen);
            p.setBrush(MetaGraphView::operatorColour(int(k)));
            p.drawRect(QRectF(x, y + m.height() / 2 - kBadgeHeight / 2, 14, kBadgeHeight));
            x += 18;
            p.setPen(text);
            p.drawText(QPointF(x, y + m.ascent()), name);
            x += m.horizontalAdvance(name) + 12;
        }
        p.setPen(QPen(kCurrentColour, 2.2));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(x, y + 2, 14, m.height() - 4), 3, 3);
        x += 18;
        p.setPen(text);
        p.drawText(QPointF(x, y + m.ascent()), MetaGraphView::tr("current graph"));
    }

private:
    QStringList m_ops;
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

    // The complete DAG's layout, kept while the node count and box size stay the same.
    int layoutNodes = -1;
    QSizeF layoutBox;
    GraphLayout::Result layout;
    std::vector<std::pair<int, int>> layoutEdges;

    struct DrawnEdge {
        QGraphicsPathItem* line = nullptr;
        bool highlighted = false;
    };
    std::map<std::pair<int, int>, DrawnEdge> edges;
    std::vector<MetaNodeItem*> nodes;

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
    const int n = d.nodes;

    const QFont font = owner->font();
    const QFontMetricsF metrics(font);
    double labelWidth = metrics.horizontalAdvance(QStringLiteral("%1 · input").arg(n));
    for (const QString& op : d.opNames)
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(QStringLiteral("%1 · %2 100 %").arg(n).arg(shortOpName(op))));
    const QSizeF box(std::ceil(std::max(kMinNodeWidth, labelWidth + 2 * kPadding + 2)),
                     std::ceil(metrics.height() + 3 * kPadding + kBadgeHeight));

    bool relaid = false;
    if (layoutNodes != n || layoutBox != box) {
        // Laid out as the complete DAG: every edge has its place whatever its probability, so
        // stepping through sweeps changes widths and colours, never positions.
        layoutEdges.clear();
        for (int j = 1; j < n; ++j)
            for (int i = 0; i < j; ++i)
                layoutEdges.emplace_back(i, j);
        layout = GraphLayout::layout(std::vector<QSizeF>(std::size_t(n), box), layoutEdges);
        layoutNodes = n;
        layoutBox = box;
        relaid = true;
    }
    graphviz = layout.usedGraphviz;

    std::vector<bool> inCurrent(std::size_t(n) * std::size_t(n), false);
    for (const auto& [from, to] : d.currentEdges)
        inCurrent[std::size_t(from) * std::size_t(n) + std::size_t(to)] = true;

    for (std::size_t e = 0; e < layoutEdges.size(); ++e) {
        const auto [from, to] = layoutEdges[e];
        const double p = std::clamp(d.probability(from, to), 0.0, 1.0);
        const bool current = inCurrent[std::size_t(from) * std::size_t(n) + std::size_t(to)];
        if (p < hiddenBelow && !current)
            continue;
        const QPainterPath& path = layout.edgePaths[e];
        const QPointF tip = layout.arrowTips[e];
        QPainterPath full = path;
        if (path.elementCount() > 0 && path.currentPosition() != tip)
            full.lineTo(tip);
        const QColor colour = probabilityColour(p);
        const double width = probabilityWidth(p);
        if (current) {
            QColor halo = kCurrentColour;
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
        auto* head = scene->addPolygon(QPolygonF() << tip << left.p2() << right.p2(), QPen(colour, 0.5), QBrush(colour));
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
            label = MetaGraphView::tr("%1 · input").arg(i);
            tip += MetaGraphView::tr(" (the cell input)");
        } else {
            const auto best = std::size_t(std::max_element(shares.begin(), shares.end()) - shares.begin());
            label = QStringLiteral("%1 · %2 %3").arg(i).arg(shortOpName(d.opNames[qsizetype(best)]), percent(shares[best]));
            for (std::size_t k = 0; k < shares.size(); ++k)
                tip += QStringLiteral("\n%1: %2").arg(shortOpName(d.opNames[qsizetype(k)]), percent(shares[k]));
        }
        if (currentOp >= 0 && currentOp < d.opNames.size())
            tip += MetaGraphView::tr("\ncurrent graph: %1").arg(shortOpName(d.opNames[currentOp]));
        else if (live)
            tip += MetaGraphView::tr("\nin the current graph");
        auto* item = new MetaNodeItem(label, box, shares, currentOp, live, palette, font);
        item->setPos(layout.centres[std::size_t(i)]);
        item->setZValue(3);
        item->setToolTip(tip);
        scene->addItem(item);
        nodes.push_back(item);
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
    const QRectF rect = d->scene->sceneRect();
    const QSize viewport = d->view->viewport()->size();
    if (rect.isEmpty() || viewport.isEmpty())
        return;
    // The whole graph in view, but text no smaller than legible: big cells scroll instead.
    const double scale =
        std::clamp(std::min(viewport.width() / rect.width(), viewport.height() / rect.height()), 0.45, 1.25);
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
    if (!d->userZoomed)
        zoomToFit();
}

} // namespace edgenas::widgets
