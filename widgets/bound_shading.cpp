#include "bound_shading.h"

#include "colour_alpha.h"

#include <cmath>

namespace edgenas::widgets {

BoundShading::BoundShading(QCustomPlot* plot, const QString& overlayLayer, QCPAxis* axis, Side side)
    : m_plot(plot), m_axis(axis ? axis : plot->xAxis), m_side(side) {
    // The infeasible side of the bound, across the whole other axis. Coordinates along the bound's
    // axis are plot coordinates at the bound and axis-rect ratios at the edge; across, ratios.
    m_infeasible = new QCPItemRect(plot);
    for (QCPItemPosition* corner : {m_infeasible->topLeft, m_infeasible->bottomRight}) {
        corner->setTypeX(QCPItemPosition::ptAxisRectRatio);
        corner->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }
    m_infeasible->topLeft->setCoords(0.0, 0.0);
    m_infeasible->bottomRight->setCoords(1.0, 1.0);
    m_infeasible->setClipToAxisRect(true);
    m_infeasible->setSelectable(false);
    m_line = new QCPItemStraightLine(plot);
    if (horizontal()) {
        m_line->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
        m_line->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
    } else {
        m_line->point1->setTypeX(QCPItemPosition::ptAxisRectRatio);
        m_line->point2->setTypeX(QCPItemPosition::ptAxisRectRatio);
    }
    m_line->setSelectable(false);
    // Shading below the points, the line above them; the shade layer is shared by all bounds.
    if (!plot->layer(QStringLiteral("shade")))
        plot->addLayer(QStringLiteral("shade"), plot->layer(QStringLiteral("grid")), QCustomPlot::limAbove);
    m_infeasible->setLayer(QStringLiteral("shade"));
    m_line->setLayer(overlayLayer);
    // Names the bound where it is drawn, at the line's end on the infeasible side.
    m_label = new QCPItemText(plot);
    if (horizontal())
        m_label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    else
        m_label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
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

void BoundShading::show(std::optional<double> bound, bool logarithmic, const QString& label) {
    m_bound = bound;
    const bool on = bound.has_value() && (!logarithmic || *bound > 0.0);
    m_line->setVisible(on);
    m_infeasible->setVisible(on);
    m_label->setVisible(on);
    if (!on)
        return;
    m_label->setText(label);
    placeLabel(logarithmic);
    const bool upper = m_side == Side::Upper;
    if (horizontal()) {
        m_line->point1->setCoords(*bound, 0.0);
        m_line->point2->setCoords(*bound, 1.0);
        // Upper: from the bound to the right edge; lower: from the left edge to the bound.
        QCPItemPosition* atBound = upper ? m_infeasible->topLeft : m_infeasible->bottomRight;
        atBound->setTypeX(QCPItemPosition::ptPlotCoords);
        atBound->setCoords(*bound, upper ? 0.0 : 1.0);
    } else {
        m_line->point1->setCoords(0.0, *bound);
        m_line->point2->setCoords(1.0, *bound);
        // Pixel y grows downwards: upper shades from the top edge to the bound, lower below it.
        QCPItemPosition* atBound = upper ? m_infeasible->bottomRight : m_infeasible->topLeft;
        atBound->setTypeY(QCPItemPosition::ptPlotCoords);
        atBound->setCoords(upper ? 1.0 : 0.0, *bound);
    }
}

// The label sits beside the line on whichever side has room, so it is never cut at the plot's edge.
void BoundShading::placeLabel(bool logarithmic) {
    if (!m_bound)
        return;
    const QCPRange range = m_axis->range();
    const double middle = logarithmic && range.lower > 0.0 ? std::sqrt(range.lower * range.upper) : range.center();
    const bool beyondMiddle = *m_bound > middle;
    if (horizontal()) {
        m_label->setPositionAlignment((beyondMiddle ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop);
        m_label->position->setCoords(*m_bound, 0.0);
    } else {
        // At the left end of the line, above it when the bound is low and below it when high.
        m_label->setPositionAlignment(Qt::AlignLeft | (beyondMiddle ? Qt::AlignTop : Qt::AlignBottom));
        m_label->position->setCoords(0.0, *m_bound);
    }
}

} // namespace edgenas::widgets
