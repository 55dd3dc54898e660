#pragma once

// Private to widgets/ (includes QCustomPlot): the Pareto plot's third metric, shown as colour.

#include <qcustomplot.h>

#include <QString>

namespace edgenas::widgets {

struct MetricColumn;

/// A metric shown as the colour of the plot's points: a perceptual gradient over the values
/// seen, dark for the worse end and bright for the better one whichever way the metric is
/// better, and a colour scale beside the plot naming the metric. Off, the plot looks as it
/// did without it (no scale, no colours).
class ColourAxis {
public:
    explicit ColourAxis(QCustomPlot* plot);
    ~ColourAxis();
    ColourAxis(const ColourAxis&) = delete;
    ColourAxis& operator=(const ColourAxis&) = delete;

    /// Colours by `column`'s values (`maximised`: higher is better; `label` names the scale);
    /// null switches colouring off and takes the scale away. Call again when values arrive.
    void show(const MetricColumn* column, bool maximised, const QString& label);
    bool active() const { return m_scale != nullptr; }
    /// The colour of `value` on the current range; `neutral` for a missing figure.
    QRgb colourOf(double value, QRgb neutral) const;
    const QCPRange& range() const { return m_range; }

    void applyPalette(const QColor& text, const QColor& base, const QFont& font);

private:
    void styleScale();

    QCustomPlot* m_plot;
    QCPColorScale* m_scale = nullptr;
    QCPMarginGroup* m_margins = nullptr;
    mutable QCPColorGradient m_gradient;  // color() fills its lookup table lazily
    QCPRange m_range;
    QColor m_text = Qt::black;
    QColor m_base = Qt::white;
    QFont m_font;
};

} // namespace edgenas::widgets
