#include "hypervolume_plot.h"

#include "compared_run_style.h"
#include "plot_style.h"

#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace edgenas::widgets {

class HypervolumePlot::Private {
public:
    QCustomPlot* plot = nullptr;
    QCPGraph* graph = nullptr;
    QTimer redrawTimer;
    QVector<QCPGraphData> pending;
    int count = 0;
    std::vector<QCPGraph*> compared;  // curves of a run comparison; the own graph is hidden then
    QStringList comparedLabels;

    void rescale() {
        if (compared.empty()) {
            graph->rescaleAxes();
        } else {
            bool first = true;
            for (QCPGraph* g : compared) {
                g->rescaleAxes(!first);
                first = false;
            }
        }
        // Hypervolume starts at 0 and only grows; anchoring the axis at 0 shows the growth honestly.
        const QCPRange y = plot->yAxis->range();
        plot->yAxis->setRange(0.0, y.upper > 0.0 ? y.upper * 1.05 : 1.0);
        const QCPRange x = plot->xAxis->range();
        plot->xAxis->setRange(0.0, x.upper > 0.0 ? x.upper * 1.02 : 1.0);
    }

    void flush() {
        redrawTimer.stop();
        if (pending.isEmpty())
            return;
        graph->data()->add(pending, false);
        pending.clear();
        rescale();
    }

    // The panel is often narrow: a legend inside the axes would cover the curves, so while runs
    // are compared it gets a row of its own under the plot.
    void placeLegendBelow(bool below) {
        QCPLayoutGrid* layout = plot->plotLayout();
        const bool isBelow = layout->rowCount() > 1 && layout->element(1, 0) == plot->legend;
        if (below == isBelow)
            return;
        if (below) {
            plot->axisRect()->insetLayout()->take(plot->legend);
            layout->addElement(1, 0, plot->legend);
            layout->setRowStretchFactor(1, 0.001);
            layout->setRowSpacing(0);
            plot->legend->setMargins(QMargins(4, 2, 4, 2));
        } else {
            layout->take(plot->legend);
            layout->simplify();
            plot->axisRect()->insetLayout()->addElement(plot->legend, Qt::AlignBottom | Qt::AlignRight);
        }
    }

    void styleCompared(const QColor& highlight) {
        for (std::size_t i = 0; i < compared.size(); ++i) {
            const int index = static_cast<int>(i) - 1;
            const QColor colour = i == 0 ? highlight : compared_run_style::colour(index);
            plot_style::styleLineGraph(compared[i], colour,
                                       i == 0 ? QCPScatterStyle::ssDisc : compared_run_style::shape(index), 6);
        }
    }
};

HypervolumePlot::HypervolumePlot(QWidget* parent) : QWidget(parent), d(std::make_unique<Private>()) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    // Narrower than this the evaluation counts on the x axis run together.
    d->plot = plot_style::addCanvas(this, layout, QStringLiteral("hypervolumeCanvas"), QSize(240, 120));
    d->plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    d->graph = d->plot->addGraph();
    d->graph->setLineStyle(QCPGraph::lsStepLeft);
    d->plot->xAxis->setLabel(tr("Evaluations"));
    d->plot->yAxis->setLabel(tr("Hypervolume"));
    d->graph->removeFromLegend();
    d->plot->legend->setIconSize(14, 10);
    d->plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    d->plot->yAxis->setNumberFormat(QStringLiteral("gb"));
    // The panel is often narrow: few ticks keep the evaluation counts from running together.
    d->plot->xAxis->ticker()->setTickCount(4);
    d->plot->yAxis->ticker()->setTickCount(5);
    d->redrawTimer.setSingleShot(true);
    d->redrawTimer.setInterval(40);
    connect(&d->redrawTimer, &QTimer::timeout, this, [this] {
        d->flush();
        d->plot->replot(QCustomPlot::rpQueuedReplot);
    });
    QEvent paletteChange(QEvent::PaletteChange);
    changeEvent(&paletteChange);
}

HypervolumePlot::~HypervolumePlot() = default;

void HypervolumePlot::addSample(int evaluations, double hypervolume) {
    if (!std::isfinite(hypervolume))
        return;
    d->pending.append(QCPGraphData(evaluations, hypervolume));
    ++d->count;
    if (!d->redrawTimer.isActive())
        d->redrawTimer.start();
}

void HypervolumePlot::clear() {
    d->redrawTimer.stop();
    d->pending.clear();
    d->count = 0;
    d->graph->data()->clear();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

int HypervolumePlot::sampleCount() const { return d->count; }

void HypervolumePlot::setComparedCurves(std::vector<HypervolumeCurve> curves, const QString& reference) {
    d->flush();
    for (QCPGraph* g : d->compared)
        d->plot->removeGraph(g);
    d->compared.clear();
    d->comparedLabels.clear();
    for (const HypervolumeCurve& curve : curves) {
        QCPGraph* g = d->plot->addGraph();
        g->setName(curve.label);
        g->setLineStyle(QCPGraph::lsStepLeft);
        QVector<QCPGraphData> data;
        for (const auto& [evaluations, hypervolume] : curve.samples)
            if (std::isfinite(hypervolume))
                data.append(QCPGraphData(evaluations, hypervolume));
        g->data()->set(data, false);
        d->compared.push_back(g);
        d->comparedLabels << curve.label;
    }
    const bool comparing = !d->compared.empty();
    d->graph->setVisible(!comparing);
    d->placeLegendBelow(comparing);
    d->plot->legend->setVisible(comparing);
    d->plot->yAxis->setLabel(comparing ? tr("HV (shared ref.)") : tr("Hypervolume"));
    d->plot->setToolTip(comparing ? reference : QString());
    d->styleCompared(palette().color(QPalette::Highlight));
    d->rescale();
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

void HypervolumePlot::clearComparedCurves() { setComparedCurves({}, {}); }

int HypervolumePlot::comparedCurveCount() const { return static_cast<int>(d->compared.size()); }

QStringList HypervolumePlot::comparedCurveLabels() const { return d->comparedLabels; }

int HypervolumePlot::comparedSampleCount(int index) const {
    if (index < 0 || index >= comparedCurveCount())
        return 0;
    return d->compared[static_cast<std::size_t>(index)]->data()->size();
}

QString HypervolumePlot::yAxisLabel() const { return d->plot->yAxis->label(); }

QImage HypervolumePlot::renderImage(QSize size) const {
    d->flush();
    return d->plot->toPixmap(size.width(), size.height()).toImage();
}

void HypervolumePlot::replotNow() {
    d->flush();
    d->plot->replot(QCustomPlot::rpImmediateRefresh);
}

void HypervolumePlot::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        plot_style::applyPalette(d->plot, this);
        const QColor highlight = palette().color(QPalette::Highlight);
        QColor fill = highlight;
        fill.setAlpha(50);
        plot_style::styleLineGraph(d->graph, highlight, QCPScatterStyle::ssDisc, 4);
        d->graph->setBrush(QBrush(fill));
        d->styleCompared(highlight);
        d->plot->replot(QCustomPlot::rpQueuedReplot);
    }
    QWidget::changeEvent(event);
}

} // namespace edgenas::widgets
