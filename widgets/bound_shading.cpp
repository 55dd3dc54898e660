#include "bound_shading.h"

#include <cmath>

namespace edgenas::widgets {

namespace {

QColor withAlpha(QColor colour, int alpha) {
    colour.setAlpha(alpha);
    return colour;
}

} // namespace

BoundShading::BoundShading(QCustomPlot* plot, const QString& overlayLayer) : m_plot(plot) {
    // The infeasible side of the bound: x from the bound to the right edge, full height.
    m_infeasible = new QCPItemRect(plot);
    m_infeasible->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
    m_infeasible->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_infeasible->bottomRight->setTypeX(QCPItemPosition::ptAxisRectRatio);
    m_infeasible->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_infeasible->bottomRight->setCoords(1.0, 1.0);
    m_infeasible->setClipToAxisRect(true);
    m_infeasible->setSelectable(false);
    m_line = new QCPItemStraightLine(plot);
    m_line->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_line->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_line->setSelectable(false);
    // Shading below the points, the line above them.
    plot->addLayer(QStringLiteral("shade"), plot->layer(QStringLiteral("grid")), QCustomPlot::limAbove);
    m_infeasible->setLayer(QStringLiteral("shade"));
    m_line->setLayer(overlayLayer);
    // Names the bound where it is drawn, at the top of the line on the infeasible side.
    m_label = new QCPItemText(plot);
    m_label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_label->setPadding(QMargins(4, 2, 4, 2));
    m_label->setClipToAxisRect(true);
    m_label->setSelectable(false);
    m_label->setLayer(overlayLayer);
}

void BoundShading::applyPalette(bool dark, const QFont& font) {
    const QColor red = dark ? QColor(255, 110, 100) : QColor(200, 40, 40);
    m_line->setPen(QPen(red, 1.6, Qt::DashLine));
    m_infeasible->setPen(Qt::NoPen);
    m_infeasible->setBrush(QBrush(withAlpha(red, dark ? 45 : 32)));
    m_label->setColor(red);
    m_label->setFont(font);
}

void BoundShading::show(std::optional<double> bound, bool logX, const QString& label) {
    m_bound = bound;
    const bool on = bound.has_value() && (!logX || *bound > 0.0);
    m_line->setVisible(on);
    m_infeasible->setVisible(on);
    m_label->setVisible(on);
    if (!on)
        return;
    m_label->setText(label);
    placeLabel(logX);
    m_line->point1->setCoords(*bound, 0.0);
    m_line->point2->setCoords(*bound, 1.0);
    m_infeasible->topLeft->setCoords(*bound, 0.0);
}

// The label sits beside the line on whichever side has room, so it is never cut at the plot's edge.
void BoundShading::placeLabel(bool logX) {
    if (!m_bound)
        return;
    const QCPRange range = m_plot->xAxis->range();
    const double middle = logX && range.lower > 0.0 ? std::sqrt(range.lower * range.upper) : range.center();
    m_label->setPositionAlignment((*m_bound > middle ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop);
    m_label->position->setCoords(*m_bound, 0.0);
}

} // namespace edgenas::widgets
