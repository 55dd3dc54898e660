#include "point_cloud.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgenas::widgets {

namespace {

constexpr float kMaxCloudOpacity = 0.7f;

} // namespace

PointCloud::PointCloud(QCPAxis* keyAxis, QCPAxis* valueAxis, const std::vector<PlotPoint>* points)
    : QCPAbstractPlottable(keyAxis, valueAxis), m_points(points) {
    setSelectable(QCP::stNone);
    setAntialiased(false);
}

void PointCloud::setColour(const QColor& colour, double alpha) {
    m_colour = colour;
    m_alpha = alpha;
}

template <typename Get>
QCPRange PointCloud::range(bool& found, QCP::SignDomain domain, Get get) const {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const PlotPoint& p : *m_points) {
        const double v = get(p);
        if ((domain == QCP::sdPositive && v <= 0.0) || (domain == QCP::sdNegative && v >= 0.0))
            continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    found = lo <= hi;
    return found ? QCPRange(lo, hi) : QCPRange();
}

QCPRange PointCloud::getKeyRange(bool& foundRange, QCP::SignDomain domain) const {
    return range(foundRange, domain, [](const PlotPoint& p) { return p.x; });
}

QCPRange PointCloud::getValueRange(bool& foundRange, QCP::SignDomain domain, const QCPRange&) const {
    return range(foundRange, domain, [](const PlotPoint& p) { return p.y; });
}

void PointCloud::draw(QCPPainter* painter) {
    const QRect clip = clipRect();
    if (m_points->empty() || clip.isEmpty())
        return;
    if (m_rowColour) {
        drawColoured(painter, clip);
        return;
    }
    const int w = clip.width();
    const int h = clip.height();
    m_alphaBuffer.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 0.0f);
    QCPAxis* keyAxis = mKeyAxis.data();
    QCPAxis* valueAxis = mValueAxis.data();
    // Disc of radius ~2.3 px with a soft edge, as a 5x5 coverage mask. Many points get
    // fainter discs and the total opacity is capped, so 100,000 points still show where
    // they are dense instead of merging into a black mass that hides the front.
    const double perPoint =
        m_alpha * std::clamp(std::sqrt(5000.0 / static_cast<double>(m_points->size())), 0.25, 1.0);
    float mask[5][5];
    for (int dy = -2; dy <= 2; ++dy)
        for (int dx = -2; dx <= 2; ++dx)
            mask[dy + 2][dx + 2] = static_cast<float>(
                perPoint * std::clamp(2.3 - std::sqrt(double(dx * dx + dy * dy)), 0.0, 1.0));
    const double left = clip.left();
    const double top = clip.top();
    for (const PlotPoint& p : *m_points) {
        const int cx = static_cast<int>(std::lround(keyAxis->coordToPixel(p.x) - left));
        const int cy = static_cast<int>(std::lround(valueAxis->coordToPixel(p.y) - top));
        if (cx < -2 || cy < -2 || cx >= w + 2 || cy >= h + 2)
            continue;
        for (int dy = -2; dy <= 2; ++dy) {
            const int y = cy + dy;
            if (y < 0 || y >= h)
                continue;
            float* row = m_alphaBuffer.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w);
            for (int dx = -2; dx <= 2; ++dx) {
                const int x = cx + dx;
                if (x < 0 || x >= w)
                    continue;
                const float s = mask[dy + 2][dx + 2];
                row[x] += s * (1.0f - row[x]);
            }
        }
    }
    QImage image(w, h, QImage::Format_ARGB32_Premultiplied);
    const int r = m_colour.red(), g = m_colour.green(), b = m_colour.blue();
    for (int y = 0; y < h; ++y) {
        auto* out = reinterpret_cast<QRgb*>(image.scanLine(y));
        const float* in = m_alphaBuffer.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w);
        for (int x = 0; x < w; ++x) {
            const int a = static_cast<int>(std::min(in[x], kMaxCloudOpacity) * 255.0f + 0.5f);
            out[x] = a == 0 ? 0u : qRgba(r * a / 255, g * a / 255, b * a / 255, a);
        }
    }
    painter->drawImage(clip.topLeft(), image);
}

// Coloured points must read as their colour, so each is nearly opaque where it stands alone; the
// "over" blend keeps dense regions showing the last points drawn rather than a muddy average.
void PointCloud::drawColoured(QCPPainter* painter, const QRect& clip) {
    const int w = clip.width();
    const int h = clip.height();
    m_colourBuffer.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4, 0.0f);
    QCPAxis* keyAxis = mKeyAxis.data();
    QCPAxis* valueAxis = mValueAxis.data();
    const double perPoint = std::clamp(0.85 * std::sqrt(2000.0 / static_cast<double>(m_points->size())), 0.35, 0.85);
    float mask[7][7];
    for (int dy = -3; dy <= 3; ++dy)
        for (int dx = -3; dx <= 3; ++dx)
            mask[dy + 3][dx + 3] = static_cast<float>(
                perPoint * std::clamp(3.2 - std::sqrt(double(dx * dx + dy * dy)), 0.0, 1.0));
    const double left = clip.left();
    const double top = clip.top();
    for (const PlotPoint& p : *m_points) {
        const int cx = static_cast<int>(std::lround(keyAxis->coordToPixel(p.x) - left));
        const int cy = static_cast<int>(std::lround(valueAxis->coordToPixel(p.y) - top));
        if (cx < -3 || cy < -3 || cx >= w + 3 || cy >= h + 3)
            continue;
        const QRgb colour = m_rowColour(p.row);
        const float r = qRed(colour) / 255.0f, g = qGreen(colour) / 255.0f, b = qBlue(colour) / 255.0f;
        for (int dy = -3; dy <= 3; ++dy) {
            const int y = cy + dy;
            if (y < 0 || y >= h)
                continue;
            for (int dx = -3; dx <= 3; ++dx) {
                const int x = cx + dx;
                const float s = mask[dy + 3][dx + 3];
                if (x < 0 || x >= w || s <= 0.0f)
                    continue;
                float* px = m_colourBuffer.data() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + x) * 4;
                px[0] = s * r + (1.0f - s) * px[0];
                px[1] = s * g + (1.0f - s) * px[1];
                px[2] = s * b + (1.0f - s) * px[2];
                px[3] = s + (1.0f - s) * px[3];
            }
        }
    }
    QImage image(w, h, QImage::Format_ARGB32_Premultiplied);
    for (int y = 0; y < h; ++y) {
        auto* out = reinterpret_cast<QRgb*>(image.scanLine(y));
        const float* in = m_colourBuffer.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w) * 4;
        for (int x = 0; x < w; ++x, in += 4) {
            const auto channel = [](float v) { return static_cast<int>(std::min(v, 1.0f) * 255.0f + 0.5f); };
            out[x] = qRgba(channel(in[0]), channel(in[1]), channel(in[2]), channel(in[3]));
        }
    }
    painter->drawImage(clip.topLeft(), image);
}

void PointCloud::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const {
    QColor c = m_colour;
    c.setAlphaF(static_cast<float>(std::min(1.0, m_alpha * 2.5)));
    painter->setPen(Qt::NoPen);
    painter->setBrush(c);
    painter->setRenderHint(QPainter::Antialiasing);
    const QPointF centre = rect.center();
    for (const QPointF offset : {QPointF(-4, 2), QPointF(0, -2), QPointF(4, 1)})
        painter->drawEllipse(centre + offset, 2.2, 2.2);
}

std::optional<int> PointCloud::nearestRow(QPointF pos, double radius) const {
    const std::vector<PlotPoint>& points = *m_points;
    QCPAxis* xAxis = mKeyAxis.data();
    QCPAxis* yAxis = mValueAxis.data();
    if (points.empty() || !xAxis->axisRect()->rect().contains(pos.toPoint()))
        return std::nullopt;
    double a = xAxis->pixelToCoord(pos.x() - radius);
    double b = xAxis->pixelToCoord(pos.x() + radius);
    if (a > b)
        std::swap(a, b);
    auto it = std::lower_bound(points.begin(), points.end(), PlotPoint{a, 0.0, 0}, byX);
    std::optional<int> best;
    double bestDistance = radius * radius;
    for (; it != points.end() && it->x <= b; ++it) {
        const double dx = xAxis->coordToPixel(it->x) - pos.x();
        const double dy = yAxis->coordToPixel(it->y) - pos.y();
        const double distance = dx * dx + dy * dy;
        // Prefer front members and later candidates on ties: they are what people look for.
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = it->row;
        }
    }
    return best;
}

} // namespace edgenas::widgets
