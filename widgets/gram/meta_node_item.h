#pragma once

#include <QFont>
#include <QGraphicsItem>
#include <QPalette>
#include <QString>

#include <vector>

namespace edgenas::widgets {

/// A node box: its number, and a badge (a stacked bar) with the operator distribution; the
/// tooltip names the operators. Nodes of the current graph get an outline in the highlight colour,
/// and their operator's segment is underlined.
class MetaNodeItem : public QGraphicsItem {
public:
    MetaNodeItem(QString label, QSizeF size, std::vector<double> shares, int currentOp, bool current,
                 const QPalette& palette, const QFont& font);

    QRectF boundingRect() const override;

    QRectF badgeRect() const;

    /// Each segment's share of the badge, measured from the rectangles the badge paints.
    std::vector<double> drawnShares() const;

    bool isCurrent() const;

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override;

private:
    std::vector<QRectF> segments() const;

    QString m_label;
    QRectF m_rect;
    std::vector<double> m_shares;
    int m_currentOp;
    bool m_current;
    QPalette m_palette;
    QFont m_font;
};

} // namespace edgenas::widgets
