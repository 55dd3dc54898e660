#include "plot_style.h"

#include <QBoxLayout>

namespace edgenas::widgets::plot_style {

QCustomPlot* addCanvas(QWidget* host, QBoxLayout* layout, const QString& objectName, const QSize& minimum,
                       int stretch) {
    auto* plot = new QCustomPlot(host);
    plot->setObjectName(objectName);
    plot->setMinimumSize(minimum);
    layout->addWidget(plot, stretch);
    return plot;
}

void applyPalette(QCustomPlot* plot, const QWidget* host) {
    const QPalette pal = host->palette();
    const QColor text = pal.color(QPalette::Text);
    plot->setBackground(pal.color(QPalette::Base));
    for (QCPAxisRect* rect : plot->axisRects())
        for (QCPAxis* axis : rect->axes()) {
            QColor faint = text;
            faint.setAlpha(170);
            axis->setBasePen(QPen(faint));
            axis->setTickPen(QPen(faint));
            axis->setSubTickPen(QPen(faint));
            axis->setTickLabelColor(text);
            axis->setLabelColor(text);
            faint.setAlpha(40);
            axis->grid()->setPen(QPen(faint, 1, Qt::DotLine));
            axis->setTickLabelFont(host->font());
            axis->setLabelFont(host->font());
        }
    if (!plot->legend)  // a plot that laid out its own axis rects has none
        return;
    plot->legend->setBrush(pal.color(QPalette::Base));
    plot->legend->setTextColor(text);
    plot->legend->setBorderPen(QPen(QColor(text.red(), text.green(), text.blue(), 60)));
    plot->legend->setFont(host->font());
}

void styleLineGraph(QCPGraph* graph, const QColor& colour, QCPScatterStyle::ScatterShape shape, double markerSize,
                    Qt::PenStyle penStyle) {
    graph->setPen(QPen(colour, 2, penStyle));
    graph->setScatterStyle(QCPScatterStyle(shape, colour, colour, markerSize));
}

QCPBars* addBars(QCPAxis* keyAxis, QCPAxis* valueAxis) {
    auto* bars = new QCPBars(keyAxis, valueAxis);
    bars->setWidth(0.6);
    return bars;
}

void styleBars(QCPBars* bars, const QColor& colour) {
    bars->setPen(QPen(colour.darker(130)));
    bars->setBrush(colour);
}

void setUpBarAxes(QCPAxis* keyAxis, QCPAxis* valueAxis) {
    keyAxis->grid()->setVisible(false);
    valueAxis->ticker()->setTickCount(4);
}

} // namespace edgenas::widgets::plot_style
