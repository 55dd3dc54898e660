#include "colour_axis.h"

#include "candidate_columns.h"
#include "colour_alpha.h"

#include <cmath>
#include <limits>

namespace edgenas::widgets {

namespace {

// Viridis' anchor colours: perceptually even, readable for colour-blind people and in grey.
QCPColorGradient viridis(bool brightIsHigh) {
    QCPColorGradient gradient;
    gradient.clearColorStops();
    const QColor stops[] = {QColor(68, 1, 84), QColor(59, 82, 139), QColor(33, 145, 140), QColor(94, 201, 98),
                            QColor(253, 231, 37)};
    for (int i = 0; i < 5; ++i)
        gradient.setColorStopAt(brightIsHigh ? i / 4.0 : 1.0 - i / 4.0, stops[i]);
    gradient.setColorInterpolation(QCPColorGradient::ciRGB);
    gradient.setLevelCount(256);
    return gradient;
}

} // namespace

ColourAxis::ColourAxis(QCustomPlot* plot) : m_plot(plot) {}

ColourAxis::~ColourAxis() = default;  // the plot owns the scale and the margin group

void ColourAxis::show(const MetricColumn* column, bool maximised, const QString& label) {
    if (!column) {
        if (m_scale) {
            m_plot->plotLayout()->remove(m_scale);
            m_plot->plotLayout()->simplify();
            m_plot->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, nullptr);
            m_scale = nullptr;
        }
        return;
    }
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (double v : column->values)
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    if (lo > hi)
        lo = hi = 0.0;
    if (lo == hi)  // one value: a range around it, so the gradient is defined
        hi = lo + std::max(std::abs(lo) * 1e-6, 1e-12);
    m_range = QCPRange(lo, hi);
    m_gradient = viridis(maximised);
    if (!m_scale) {
        m_scale = new QCPColorScale(m_plot);
        m_plot->plotLayout()->addElement(0, 1, m_scale);
        m_scale->setType(QCPAxis::atRight);
        m_scale->setBarWidth(12);
        // The scale spans exactly the axis rect's height.
        if (!m_margins)
            m_margins = new QCPMarginGroup(m_plot);
        m_plot->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, m_margins);
        m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, m_margins);
        styleScale();
    }
    m_scale->setGradient(m_gradient);
    m_scale->setDataRange(m_range);
    m_scale->setLabel(label);
}

QRgb ColourAxis::colourOf(double value, QRgb neutral) const {
    if (!std::isfinite(value))
        return neutral;
    return m_gradient.color(value, m_range, false);
}

void ColourAxis::applyPalette(const QColor& text, const QColor& base, const QFont& font) {
    m_text = text;
    m_base = base;
    m_font = font;
    if (m_scale)
        styleScale();
}

void ColourAxis::styleScale() {
    QCPAxis* axis = m_scale->axis();
    axis->setBasePen(QPen(withAlpha(m_text, 170), 1));
    axis->setTickPen(QPen(withAlpha(m_text, 170), 1));
    axis->setSubTickPen(QPen(withAlpha(m_text, 110), 1));
    axis->setTickLabelColor(m_text);
    axis->setLabelColor(m_text);
    axis->setTickLabelFont(m_font);
    QFont bold = m_font;
    bold.setBold(true);
    axis->setLabelFont(bold);
    axis->setNumberFormat(QStringLiteral("gb"));
}

} // namespace edgenas::widgets
