#include "inner_front_plot.h"

#include "hadas_plot_style.h"
#include "plot_style.h"

#include <qcustomplot.h>

#include <QHelpEvent>
#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgenas::widgets {

class InnerFrontPlot::Private {
public:
    QCustomPlot* plot = nullptr;
    QCPTextElement* title = nullptr;
    QCPGraph* all = nullptr;
    QCPGraph* front = nullptr;
    QCPGraph* selected = nullptr;
    std::vector<InnerFrontPoint> points;
    std::vector<bool> onFront;
    QString selectedIdentity;

    int indexOf(const QString& identity) const {
        for (std::size_t i = 0; i < points.size(); ++i)
            if (points[i].identity == identity)
                return int(i);
        return -1;
    }

    /// The nearest point within a few pixels of `pos` (canvas coordinates); -1 for none.
    int pointAt(const QPointF& pos) const {
        int best = -1;
        double bestDistance = 9.0 * 9.0;
        for (std::size_t i = 0; i < points.size(); ++i) {
            const double x = plot->xAxis->coordToPixel(points[i].energyMj);
            const double y = plot->yAxis->coordToPixel(points[i].errorPercent);
            const double dist = (x - pos.x()) * (x - pos.x()) + (y - pos.y()) * (y - pos.y());
            if (dist < bestDistance) {
                bestDistance = dist;
                best = int(i);
            }
        }
        return best;
    }
};

InnerFrontPlot::InnerFrontPlot(QWidget* parent) : QWidget(parent), d(std::make_unique<Private>()) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    d->plot = new QCustomPlot(this);
    d->plot->setObjectName(QStringLiteral("innerFrontCanvas"));
    d->plot->setMinimumSize(200, 130);
    d->plot->installEventFilter(this);
    d->plot->setMouseTracking(true);
    layout->addWidget(d->plot);
    d->plot->plotLayout()->insertRow(0);
    d->title = new QCPTextElement(d->plot, QString());
    d->plot->plotLayout()->addElement(0, 0, d->title);
    d->all = d->plot->addGraph();
    d->all->setLineStyle(QCPGraph::lsNone);
    d->all->setName(tr("dynamic models"));
    d->front = d->plot->addGraph();
    d->front->setLineStyle(QCPGraph::lsStepLeft);
    d->front->setName(tr("front"));
    d->selected = d->plot->addGraph();
    d->selected->setLineStyle(QCPGraph::lsNone);
    d->selected->setName(tr("shown"));
    d->plot->legend->setVisible(true);
    d->plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    d->plot->xAxis->ticker()->setTickCount(5);
    d->plot->yAxis->ticker()->setTickCount(4);
    QEvent paletteChange(QEvent::PaletteChange);
    changeEvent(&paletteChange);
    clearView();
}

InnerFrontPlot::~InnerFrontPlot() = default;

void InnerFrontPlot::clearView(const QString& title) {
    d->points.clear();
    d->onFront.clear();
    d->selectedIdentity.clear();
    d->all->data()->clear();
    d->front->data()->clear();
    d->selected->data()->clear();
    d->title->setText(title.isEmpty() ? tr("Inner front: choose a backbone") : title);
    d->plot->xAxis->setLabel(tr("Energy per inference [mJ]"));
    d->plot->yAxis->setLabel(tr("Error [%]"));
    d->plot->xAxis->setRange(0, 1);
    d->plot->yAxis->setRange(0, 1);
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

void InnerFrontPlot::setPoints(std::vector<InnerFrontPoint> points, const QString& title, const QString& energyLabel,
                               const QString& errorLabel) {
    const QString keep = d->selectedIdentity;
    clearView(title);
    d->plot->xAxis->setLabel(energyLabel);
    d->plot->yAxis->setLabel(errorLabel);
    points.erase(std::remove_if(points.begin(), points.end(),
                                [](const InnerFrontPoint& p) { return !std::isfinite(p.errorPercent) || !std::isfinite(p.energyMj); }),
                 points.end());
    d->points = std::move(points);
    // Non-dominated in (energy, error), both minimised: sort by energy, keep strict error drops.
    std::vector<std::size_t> order(d->points.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto& pa = d->points[a];
        const auto& pb = d->points[b];
        return pa.energyMj != pb.energyMj ? pa.energyMj < pb.energyMj : pa.errorPercent < pb.errorPercent;
    });
    d->onFront.assign(d->points.size(), false);
    double bestError = std::numeric_limits<double>::infinity();
    for (std::size_t i : order)
        if (d->points[i].errorPercent < bestError) {
            bestError = d->points[i].errorPercent;
            d->onFront[i] = true;
            d->front->addData(d->points[i].energyMj, d->points[i].errorPercent);
        }
    for (const InnerFrontPoint& p : d->points)
        d->all->addData(p.energyMj, p.errorPercent);
    if (!d->points.empty()) {
        d->all->rescaleAxes();
        for (QCPAxis* axis : {d->plot->xAxis, d->plot->yAxis}) {
            const QCPRange r = axis->range();
            const double margin = std::max(r.size() * 0.08, std::abs(r.center()) * 0.02 + 1e-9);
            axis->setRange(r.lower - margin, r.upper + margin);
        }
    }
    setSelectedIdentity(keep);
}

void InnerFrontPlot::setSelectedIdentity(const QString& identity) {
    d->selected->data()->clear();
    const int i = d->indexOf(identity);
    d->selectedIdentity = i >= 0 ? identity : QString();
    if (i >= 0)
        d->selected->addData(d->points[std::size_t(i)].energyMj, d->points[std::size_t(i)].errorPercent);
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

int InnerFrontPlot::pointCount() const { return int(d->points.size()); }
int InnerFrontPlot::frontCount() const { return int(std::count(d->onFront.begin(), d->onFront.end(), true)); }
bool InnerFrontPlot::isOnFront(const QString& identity) const {
    const int i = d->indexOf(identity);
    return i >= 0 && d->onFront[std::size_t(i)];
}
QString InnerFrontPlot::selectedIdentity() const { return d->selectedIdentity; }
QString InnerFrontPlot::titleText() const { return d->title->text(); }
QWidget* InnerFrontPlot::canvas() const { return d->plot; }

QPoint InnerFrontPlot::pointPosition(const QString& identity) const {
    const int i = d->indexOf(identity);
    if (i < 0)
        return {-1, -1};
    d->plot->replot(QCustomPlot::rpImmediateRefresh);  // the axes' pixel mapping follows the layout
    return QPoint(int(std::lround(d->plot->xAxis->coordToPixel(d->points[std::size_t(i)].energyMj))),
                  int(std::lround(d->plot->yAxis->coordToPixel(d->points[std::size_t(i)].errorPercent))));
}

QImage InnerFrontPlot::renderImage(QSize size) const { return d->plot->toPixmap(size.width(), size.height()).toImage(); }

void InnerFrontPlot::replotNow() { d->plot->replot(QCustomPlot::rpImmediateRefresh); }

bool InnerFrontPlot::eventFilter(QObject* watched, QEvent* event) {
    if (watched == d->plot) {
        if (event->type() == QEvent::MouseButtonPress) {
            const auto* mouse = static_cast<QMouseEvent*>(event);
            if (mouse->button() == Qt::LeftButton) {
                const int i = d->pointAt(mouse->position());
                if (i >= 0) {
                    setSelectedIdentity(d->points[std::size_t(i)].identity);
                    emit pointClicked(d->points[std::size_t(i)].identity);
                    return true;
                }
            }
        } else if (event->type() == QEvent::ToolTip) {
            const auto* help = static_cast<QHelpEvent*>(event);
            const int i = d->pointAt(help->pos());
            if (i >= 0)
                QToolTip::showText(help->globalPos(), d->points[std::size_t(i)].details, d->plot);
            else
                QToolTip::hideText();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void InnerFrontPlot::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        plot_style::applyPalette(d->plot, this);
        const QColor text = palette().color(QPalette::Text);
        QColor faint = text;
        faint.setAlpha(90);
        d->all->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, faint, faint, 5));
        const QColor front = hadas_style::dvfsColour();
        d->front->setPen(QPen(front, 1.5));
        d->front->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, front, front, 7));
        d->selected->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(hadas_style::exitColour(), 2.5), Qt::NoBrush, 14));
        d->title->setFont(font());
        d->title->setTextColor(text);
        d->plot->replot(QCustomPlot::rpQueuedReplot);
    }
    QWidget::changeEvent(event);
}

} // namespace edgenas::widgets
