#include "architecture_view.h"

#include "architecture_text.h"
#include "graph_layout.h"
#include "metric_naming.h"

#include "core/architecture_json.h"
#include "core/operator_registry.h"
#include "cost/architecture_cost.h"
#include "cost/device_catalog.h"
#include "cost/device_prediction.h"

#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QLabel>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>

namespace edgenas::widgets {

namespace {

constexpr double kPadding = 6.0;
constexpr double kBarHeight = 3.0;

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

// One hue per operator family, so the eye finds convolutions, pooling and skips at a glance.
QColor familyHue(core::OpType op) {
    switch (core::operatorKind(op).family()) {
    case core::OperatorFamily::Convolution: return QColor(52, 120, 200);
    case core::OperatorFamily::Block: return QColor(130, 80, 190);
    case core::OperatorFamily::Pooling: return QColor(40, 150, 90);
    case core::OperatorFamily::Normalisation: return QColor(200, 140, 30);
    case core::OperatorFamily::Head: return QColor(200, 70, 70);
    case core::OperatorFamily::Input: return QColor(110, 110, 110);
    case core::OperatorFamily::Wiring: return QColor(140, 140, 140);
    }
    return QColor(128, 128, 128);
}

/// A node box with up to four lines of text and a thin bar showing its share of the cost.
class NodeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 71 };

    NodeItem(QStringList lines, QSizeF size, QColor hue, double share, const QPalette& palette, const QFont& font)
        : m_lines(std::move(lines)), m_rect(-size.width() / 2, -size.height() / 2, size.width(), size.height()),
          m_hue(std::move(hue)), m_share(share), m_palette(palette), m_font(font) {}

    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_rect.adjusted(-1, -1, 1, 1); }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override {
        const QColor base = m_palette.color(QPalette::Base);
        const bool dark = base.lightness() < 128;
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(m_hue, 1.3));
        painter->setBrush(mix(base, m_hue, dark ? 0.30 : 0.16));
        painter->drawRoundedRect(m_rect, 5, 5);
        if (m_share > 0.0) {
            const QRectF bar(m_rect.left() + 3, m_rect.bottom() - kBarHeight - 2,
                             (m_rect.width() - 6) * std::clamp(m_share, 0.0, 1.0), kBarHeight);
            painter->setPen(Qt::NoPen);
            painter->setBrush(m_hue);
            painter->drawRect(bar);
        }
        painter->setPen(m_palette.color(QPalette::Text));
        const QFontMetricsF metrics(m_font);
        double y = m_rect.top() + kPadding + metrics.ascent();
        for (qsizetype i = 0; i < m_lines.size(); ++i) {
            QFont f = m_font;
            f.setBold(i == 0);
            painter->setFont(f);
            painter->drawText(QPointF(m_rect.left() + kPadding, y), m_lines[i]);
            y += metrics.lineSpacing();
        }
    }

private:
    QStringList m_lines;
    QRectF m_rect;
    QColor m_hue;
    double m_share;
    QPalette m_palette;
    QFont m_font;
};

/// Zooms with the wheel around the mouse, pans by dragging.
class ZoomView : public QGraphicsView {
public:
    using QGraphicsView::QGraphicsView;

protected:
    void wheelEvent(QWheelEvent* event) override {
        const double steps = event->angleDelta().y() / 120.0;
        const double factor = std::pow(1.15, steps);
        const double current = transform().m11();
        if ((current * factor < 0.05 && factor < 1.0) || (current * factor > 8.0 && factor > 1.0))
            return;
        scale(factor, factor);
        event->accept();
    }
};

} // namespace

class ArchitectureView::Private {
public:
    QLabel* header = nullptr;
    ZoomView* view = nullptr;
    QGraphicsScene* scene = nullptr;
    std::optional<core::Candidate> candidate;
    QString device;
    QString dvfs;
    QString error;
    int nodeItems = 0;
    bool graphviz = false;

    void rebuild(QWidget* owner);
};

void ArchitectureView::Private::rebuild(QWidget* owner) {
    scene->clear();
    nodeItems = 0;
    graphviz = false;
    error.clear();
    if (!candidate) {
        header->setText(ArchitectureView::tr("No candidate selected."));
        return;
    }
    core::Architecture architecture;
    cost::ArchitectureCost cost;
    try {
        architecture = core::architectureFromJson(candidate->architectureJson);
        cost = cost::analyseCost(architecture);
    } catch (const std::exception& e) {
        error = ArchitectureView::tr("Candidate %1 has no usable architecture: %2")
                    .arg(candidate->id)
                    .arg(QString::fromUtf8(e.what()));
        header->setText(error);
        return;
    }

    // The candidate's own figures are the ones its run stored (measured, from a table, or
    // modelled), with their provenance. The profile's per-node prediction only apportions the
    // latency between nodes, so it is shown second and labelled, never as the candidate's latency.
    QString storedNote;
    for (const char* name : {"latency_ms", "energy_mj"}) {
        if (const core::Metric* m = candidate->metric(name); m && std::isfinite(m->value))
            storedNote += ArchitectureView::tr(" · %1 %2 %3 (%4)")
                              .arg(metricLabel(QString::fromUtf8(name)).toLower(),
                                   QLocale().toString(m->value, 'g', 4), QString::fromStdString(m->unit),
                                   provenanceLabel(m->provenance));
    }
    std::optional<cost::DevicePrediction> prediction;
    QString deviceNote;
    if (!device.isEmpty()) {
        try {
            const cost::DeviceProfile& profile = cost::DeviceCatalog::builtIn().find(device.toStdString());
            prediction = cost::predictOnDevice(architecture, profile, dvfs.toStdString());
            deviceNote = ArchitectureView::tr(" · node shares from the %1 profile's prediction: %2 ms (%3)")
                             .arg(device, QLocale().toString(prediction->latencyMs, 'g', 4),
                                  provenanceLabel(prediction->latencyProvenance));
        } catch (const std::exception& e) {
            deviceNote = ArchitectureView::tr(" · no latency shares: %1").arg(QString::fromUtf8(e.what()));
        }
    }

    const QFont font = owner->font();
    const QFontMetricsF metrics(font);
    QFont bold = font;
    bold.setBold(true);
    const QFontMetricsF boldMetrics(bold);
    const double totalMacs = std::max<double>(1.0, static_cast<double>(cost.macs));
    const double totalLatency = prediction ? std::max(1e-12, prediction->latencyMs - prediction->overheadMs) : 0.0;

    const std::size_t n = architecture.nodes.size();
    std::vector<QStringList> lines(n);
    std::vector<QSizeF> sizes(n);
    std::vector<double> shares(n, 0.0);
    std::vector<std::pair<int, int>> edges;
    for (std::size_t i = 0; i < n; ++i) {
        const core::Node& node = architecture.nodes[i];
        const cost::NodeCost& nc = cost.nodes[i];
        QStringList& l = lines[i];
        l << QStringLiteral("%1 · %2").arg(node.id).arg(describeNode(node));
        QString second = shapeText(nc.output);
        if (nc.macs > 0) {
            shares[i] = static_cast<double>(nc.macs) / totalMacs;
            second += ArchitectureView::tr(" · %1 MACs (%2 %)")
                          .arg(compactCount(static_cast<double>(nc.macs)))
                          .arg(QLocale().toString(100.0 * shares[i], 'f', 1));
        }
        l << second;
        if (prediction && i < prediction->nodes.size() && prediction->nodes[i].latencyMs > 0.0) {
            const double share = prediction->nodes[i].latencyMs / totalLatency;
            shares[i] = share;
            l << ArchitectureView::tr("%1 ms %2 · %3 % of latency")
                     .arg(QLocale().toString(prediction->nodes[i].latencyMs, 'g', 3),
                          provenanceLabel(prediction->latencyProvenance))
                     .arg(QLocale().toString(100.0 * share, 'f', 1));
        }
        if (!node.label.empty())
            l << QString::fromStdString(node.label);
        double width = boldMetrics.horizontalAdvance(l.front());
        for (qsizetype k = 1; k < l.size(); ++k)
            width = std::max(width, metrics.horizontalAdvance(l[k]));
        sizes[i] = QSizeF(std::ceil(width + 2 * kPadding + 2),
                          std::ceil(l.size() * metrics.lineSpacing() + 2 * kPadding + kBarHeight));
        for (int input : node.inputs)
            edges.emplace_back(input, node.id);
    }

    const GraphLayout::Result layout = GraphLayout::layout(sizes, edges);
    graphviz = layout.usedGraphviz;
    const QPalette palette = owner->palette();
    QColor edgeColour = palette.color(QPalette::Text);
    edgeColour.setAlpha(150);
    const QPen edgePen(edgeColour, 1.2);
    for (std::size_t e = 0; e < edges.size(); ++e) {
        const QPainterPath& path = layout.edgePaths[e];
        auto* item = scene->addPath(path, edgePen);
        item->setZValue(0);
        // Arrow head along the last bit of the edge.
        const QPointF tip = layout.arrowTips[e];
        const QPointF from = path.elementCount() > 0 && path.currentPosition() != tip ? path.currentPosition()
                                                                                         : path.pointAtPercent(0.9);
        QLineF direction(tip, from);
        if (direction.length() < 1e-6)
            continue;
        direction.setLength(8.0);
        QLineF left = direction, right = direction;
        left.setAngle(direction.angle() + 25);
        right.setAngle(direction.angle() - 25);
        QPolygonF head;
        head << tip << left.p2() << right.p2();
        if (path.currentPosition() != tip)
            scene->addLine(QLineF(path.currentPosition(), tip), edgePen)->setZValue(0);
        scene->addPolygon(head, QPen(edgeColour, 1), QBrush(edgeColour))->setZValue(0);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const core::Node& node = architecture.nodes[i];
        auto* item = new NodeItem(lines[i], sizes[i], familyHue(node.op), shares[i], palette, font);
        item->setPos(layout.centres[i]);
        item->setZValue(1);
        QString tip = lines[i].join(QLatin1Char('\n'));
        tip += ArchitectureView::tr("\nparameters: %1").arg(QLocale().toString(static_cast<qlonglong>(cost.nodes[i].params)));
        if (prediction && i < prediction->nodes.size() && !prediction->nodes[i].source.empty())
            tip += ArchitectureView::tr("\nlatency source: %1").arg(QString::fromStdString(prediction->nodes[i].source));
        item->setToolTip(tip);
        scene->addItem(item);
        ++nodeItems;
    }
    scene->setSceneRect(scene->itemsBoundingRect().adjusted(-20, -20, 20, 20));

    const auto space = architecture.metadata.find("space");
    header->setText(ArchitectureView::tr("Candidate %1%2 · %3 nodes · %4 MACs · %5 parameters%6%7 · layout: %8")
                        .arg(candidate->id)
                        .arg(space == architecture.metadata.end() ? QString()
                                                                  : QStringLiteral(" (%1)").arg(QString::fromStdString(space->second)))
                        .arg(n)
                        .arg(compactCount(static_cast<double>(cost.macs)), compactCount(static_cast<double>(cost.params)),
                             storedNote, deviceNote,
                             graphviz ? ArchitectureView::tr("Graphviz dot")
                                      : ArchitectureView::tr("layered (Graphviz: %1)").arg(layout.graphvizError)));
}

ArchitectureView::ArchitectureView(QWidget* parent) : QWidget(parent), d(std::make_unique<Private>()) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    d->header = new QLabel(this);
    d->header->setWordWrap(true);
    d->header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    d->scene = new QGraphicsScene(this);
    d->view = new ZoomView(d->scene, this);
    d->view->setObjectName(QStringLiteral("architectureGraph"));
    d->view->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    d->view->setDragMode(QGraphicsView::ScrollHandDrag);
    d->view->setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    d->view->setResizeAnchor(QGraphicsView::AnchorViewCenter);
    layout->addWidget(d->header);
    layout->addWidget(d->view, 1);
    d->rebuild(this);
}

ArchitectureView::~ArchitectureView() = default;

void ArchitectureView::setCandidate(const core::Candidate& candidate) {
    d->candidate = candidate;
    d->rebuild(this);
    zoomToFit();
}

void ArchitectureView::clearView() {
    d->candidate.reset();
    d->rebuild(this);
}

void ArchitectureView::setDevice(const QString& device, const QString& dvfsLevel) {
    if (device == d->device && dvfsLevel == d->dvfs)
        return;
    d->device = device;
    d->dvfs = dvfsLevel;
    if (d->candidate)
        d->rebuild(this);
}

int ArchitectureView::nodeItemCount() const { return d->nodeItems; }
bool ArchitectureView::usedGraphviz() const { return d->graphviz; }
QString ArchitectureView::errorText() const { return d->error; }

QString ArchitectureView::headerText() const { return d->header->text(); }

QImage ArchitectureView::renderImage(QSize size) const {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(palette().color(QPalette::Base));
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    d->scene->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), d->scene->sceneRect(), Qt::KeepAspectRatio);
    return image;
}

void ArchitectureView::zoomToFit() {
    d->view->resetTransform();
    const QRectF rect = d->scene->sceneRect();
    const QSize viewport = d->view->viewport()->size();
    if (rect.isEmpty() || viewport.isEmpty())
        return;
    // Fit the width, but never shrink text below legibility: tall graphs scroll instead.
    const double scale = std::clamp(viewport.width() / rect.width(), 0.35, 1.0);
    d->view->scale(scale, scale);
    d->view->centerOn(rect.center().x(), rect.top());
}

void ArchitectureView::changeEvent(QEvent* event) {
    if ((event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) && d->header)
        d->rebuild(this);
    QWidget::changeEvent(event);
}

} // namespace edgenas::widgets
