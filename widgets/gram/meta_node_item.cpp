#include "meta_node_item.h"

#include "meta_graph_style.h"
#include "meta_graph_view.h"

#include <QPainter>

#include <algorithm>

namespace edgenas::widgets {

using namespace meta_graph_style;

MetaNodeItem::MetaNodeItem(QString label, QSizeF size, std::vector<double> shares, int currentOp, bool current,
                           const QPalette& palette, const QFont& font)
    : m_label(std::move(label)), m_rect(-size.width() / 2, -size.height() / 2, size.width(), size.height()),
      m_shares(std::move(shares)), m_currentOp(currentOp), m_current(current), m_palette(palette), m_font(font) {}

QRectF MetaNodeItem::boundingRect() const { return m_rect.adjusted(-2, -2, 2, 2); }

QRectF MetaNodeItem::badgeRect() const {
    return QRectF(m_rect.left() + kPadding, m_rect.bottom() - kPadding - kBadgeHeight,
                  m_rect.width() - 2 * kPadding, kBadgeHeight);
}

std::vector<double> MetaNodeItem::drawnShares() const {
    std::vector<double> out;
    const double total = badgeRect().width();
    for (const QRectF& r : segments())
        out.push_back(total > 0 ? r.width() / total : 0.0);
    return out;
}

bool MetaNodeItem::isCurrent() const { return m_current; }

void MetaNodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    const QColor base = m_palette.color(QPalette::Base);
    const QColor text = m_palette.color(QPalette::Text);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(m_current ? QPen(currentColour(), 2.2) : QPen(mix(base, text, 0.45), 1.0));
    painter->setBrush(mix(base, text, base.lightness() < 128 ? 0.12 : 0.05));
    painter->drawRoundedRect(m_rect, 5, 5);
    painter->setPen(text);
    painter->setFont(m_font);
    const QFontMetricsF metrics(m_font);
    painter->drawText(QPointF(m_rect.center().x() - metrics.horizontalAdvance(m_label) / 2,
                              m_rect.top() + kPadding + metrics.ascent()),
                      m_label);
    const std::vector<QRectF> parts = segments();
    painter->setPen(Qt::NoPen);
    for (std::size_t k = 0; k < parts.size(); ++k) {
        painter->setBrush(MetaGraphView::operatorColour(int(k)));
        painter->drawRect(parts[k]);
    }
    if (m_currentOp >= 0 && std::size_t(m_currentOp) < parts.size()) {
        const QRectF& r = parts[std::size_t(m_currentOp)];
        painter->setPen(QPen(currentColour(), 2.0));
        painter->drawLine(QPointF(r.left(), r.bottom() + 2.0), QPointF(r.right(), r.bottom() + 2.0));
    }
}

std::vector<QRectF> MetaNodeItem::segments() const {
    std::vector<QRectF> out;
    if (m_shares.empty())
        return out;
    const QRectF badge = badgeRect();
    double sum = 0.0;
    for (double s : m_shares)
        sum += std::max(0.0, s);
    double x = badge.left();
    for (double s : m_shares) {
        const double w = sum > 0 ? badge.width() * std::max(0.0, s) / sum : 0.0;
        out.emplace_back(x, badge.top(), w, badge.height());
        x += w;
    }
    return out;
}

} // namespace edgenas::widgets
