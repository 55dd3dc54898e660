#include "entropy_plot.h"

#include "meta_graph_view.h"
#include "plot_style.h"

#include <QTimer>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace edgenas::widgets {

class EntropyPlot::Private {
public:
    QCustomPlot* plot = nullptr;
    QCPGraph* edges = nullptr;
    QCPGraph* ops = nullptr;
    QCPItemStraightLine* marker = nullptr;
    QTimer redrawTimer;

    void rescale() {
        bool found = false;
        const QCPRange xe = edges->data()->keyRange(found);
        bool foundOps = false;
        const QCPRange xo = ops->data()->keyRange(foundOps);
        double upper = 1.0;
        if (found)
            upper = std::max(upper, xe.upper);
        if (foundOps)
            upper = std::max(upper, xo.upper);
        plot->xAxis->setRange(0.0, upper + 0.25);
        // Entropies start near their maximum and fall; 0 at the bottom shows the fall honestly.
        double top = 1.0;
        bool any = false;
        const QCPRange ye = edges->data()->valueRange(any);
        if (any)
            top = std::max(top, ye.upper);
        const QCPRange yo = ops->data()->valueRange(any);
        if (any)
            top = std::max(top, yo.upper);
        plot->yAxis->setRange(0.0, top * 1.08);
    }

    static double valueAt(const QCPGraph* graph, int sweep) {
        const auto it = graph->data()->findBegin(sweep, false);
        if (it == graph->data()->constEnd() || it->key != sweep)
            return std::numeric_limits<double>::quiet_NaN();
        return it->value;
    }
};

EntropyPlot::EntropyPlot(QWidget* parent) : QWidget(parent), d(std::make_unique<Private>()) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    d->plot = plot_style::addCanvas(this, layout, QStringLiteral("entropyCanvas"), QSize(200, 60));
    d->edges = d->plot->addGraph();
    d->edges->setName(tr("edge entropy"));
    d->ops = d->plot->addGraph();
    d->ops->setName(tr("operator entropy"));
    d->plot->xAxis->setLabel(tr("Sweep"));
    d->plot->yAxis->setLabel(tr("Mean entropy [bits]"));
    d->plot->xAxis->ticker()->setTickCount(5);
    d->plot->yAxis->ticker()->setTickCount(4);
    d->plot->legend->setVisible(true);
    d->plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    d->marker = new QCPItemStraightLine(d->plot);
    d->marker->setVisible(false);
    d->redrawTimer.setSingleShot(true);
    d->redrawTimer.setInterval(40);
    connect(&d->redrawTimer, &QTimer::timeout, this, [this] { d->plot->replot(QCustomPlot::rpQueuedReplot); });
    QEvent paletteChange(QEvent::PaletteChange);
    changeEvent(&paletteChange);
}

EntropyPlot::~EntropyPlot() = default;

void EntropyPlot::setSweep(int sweep, double edgeEntropyBits, double opEntropyBits) {
    d->edges->data()->remove(sweep);
    d->ops->data()->remove(sweep);
    if (std::isfinite(edgeEntropyBits))
        d->edges->data()->add(QCPGraphData(sweep, edgeEntropyBits));
    if (std::isfinite(opEntropyBits))
        d->ops->data()->add(QCPGraphData(sweep, opEntropyBits));
    d->rescale();
    if (!d->redrawTimer.isActive())
        d->redrawTimer.start();
}

void EntropyPlot::clear() {
    d->edges->data()->clear();
    d->ops->data()->clear();
    d->marker->setVisible(false);
    d->rescale();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

void EntropyPlot::setMarker(int sweep) {
    d->marker->setVisible(sweep >= 0);
    d->marker->point1->setCoords(sweep, 0.0);
    d->marker->point2->setCoords(sweep, 1.0);
    if (!d->redrawTimer.isActive())
        d->redrawTimer.start();
}

int EntropyPlot::edgePointCount() const { return d->edges->data()->size(); }
int EntropyPlot::opPointCount() const { return d->ops->data()->size(); }
double EntropyPlot::edgeEntropyAt(int sweep) const { return Private::valueAt(d->edges, sweep); }
double EntropyPlot::opEntropyAt(int sweep) const { return Private::valueAt(d->ops, sweep); }

QImage EntropyPlot::renderImage(QSize size) const { return d->plot->toPixmap(size.width(), size.height()).toImage(); }

void EntropyPlot::replotNow() {
    d->redrawTimer.stop();
    d->plot->replot(QCustomPlot::rpImmediateRefresh);
}

void EntropyPlot::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        plot_style::applyPalette(d->plot, this);
        // Edge entropy in the edges' colour, operator entropy in the first operator's.
        const QColor edgeColour = MetaGraphView::probabilityColour(1.0);
        const QColor opColour = MetaGraphView::operatorColour(1);
        plot_style::styleLineGraph(d->edges, edgeColour, QCPScatterStyle::ssDisc, 5);
        plot_style::styleLineGraph(d->ops, opColour, QCPScatterStyle::ssSquare, 5, Qt::DashLine);
        QColor markerColour = palette().color(QPalette::Text);
        markerColour.setAlpha(120);
        d->marker->setPen(QPen(markerColour, 1, Qt::DashLine));
        d->plot->replot(QCustomPlot::rpQueuedReplot);
    }
    QWidget::changeEvent(event);
}

} // namespace edgenas::widgets
