#include "pareto_canvas.h"

#include "colour_alpha.h"

#include <QBoxLayout>

namespace edgenas::widgets::pareto_canvas {

QCustomPlot* add(QWidget* host, QBoxLayout* layout) {
    auto* plot = new QCustomPlot(host);
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

    plot->legend->setVisible(true);
    plot->legend->setIconSize(14, 10);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    return plot;
}

void applyPalette(QCustomPlot* plot, const QWidget* host) {
    const QPalette pal = host->palette();
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
    QFont labelFont = host->font();
    labelFont.setBold(true);
    plot->xAxis->setLabelFont(labelFont);
    plot->yAxis->setLabelFont(labelFont);
    plot->xAxis->setTickLabelFont(host->font());
    plot->yAxis->setTickLabelFont(host->font());

    plot->legend->setBrush(QBrush(withAlpha(base, 215)));
    plot->legend->setBorderPen(QPen(withAlpha(text, 90)));
    plot->legend->setTextColor(text);
    plot->legend->setFont(host->font());
}

} // namespace edgenas::widgets::pareto_canvas
