#pragma once

// Private to widgets/ (includes QCustomPlot): the candidate cloud of the Pareto plot.

#include <qcustomplot.h>

#include <QColor>

#include <functional>
#include <optional>
#include <vector>

namespace edgenas::widgets {

/// A drawn point: its coordinates on the current axes and the candidate's row.
struct PlotPoint {
    double x = 0.0;
    double y = 0.0;
    int row = 0;
};

inline bool byX(const PlotPoint& a, const PlotPoint& b) { return a.x < b.x; }

/// Every candidate as a faint disc, drawn by splatting into an alpha buffer and blitting it
/// once: O(points) simple arithmetic instead of one QPainter ellipse per point, so 100,000
/// points redraw in a few milliseconds. Overlaps build up like real alpha blending of equal
/// discs (a' = a + s(1 - a)), so dense regions read as denser.
class PointCloud : public QCPAbstractPlottable {
public:
    /// Draws `points` (owned by the caller, who keeps them alive and current).
    PointCloud(QCPAxis* keyAxis, QCPAxis* valueAxis, const std::vector<PlotPoint>* points);

    void setColour(const QColor& colour, double alpha);
    /// Colours each point by its row (a third metric); empty: every point in setColour()'s colour.
    using RowColour = std::function<QRgb(int row)>;
    void setRowColours(RowColour colourOf) { m_rowColour = std::move(colourOf); }
    /// The row of the point drawn nearest to `pixel` (the plot's coordinates) within `radius`
    /// pixels; nothing outside the axis rect.
    std::optional<int> nearestRow(QPointF pixel, double radius) const;

    double selectTest(const QPointF&, bool, QVariant*) const override { return -1.0; }
    QCPRange getKeyRange(bool& foundRange, QCP::SignDomain domain) const override;
    QCPRange getValueRange(bool& foundRange, QCP::SignDomain domain, const QCPRange&) const override;

protected:
    void draw(QCPPainter* painter) override;
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

private:
    template <typename Get>
    QCPRange range(bool& found, QCP::SignDomain domain, Get get) const;

    void drawColoured(QCPPainter* painter, const QRect& clip);

    const std::vector<PlotPoint>* m_points;
    QColor m_colour = Qt::gray;
    double m_alpha = 0.25;
    std::vector<float> m_alphaBuffer;
    RowColour m_rowColour;
    std::vector<float> m_colourBuffer;  ///< premultiplied r, g, b, a per pixel
};

} // namespace edgenas::widgets
