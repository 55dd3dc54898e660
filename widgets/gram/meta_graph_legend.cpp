#include "meta_graph_legend.h"

#include "meta_graph_style.h"
#include "meta_graph_view.h"

#include <QPainter>

namespace edgenas::widgets {

using namespace meta_graph_style;

MetaGraphLegend::MetaGraphLegend(QWidget* parent) : QWidget(parent) {
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void MetaGraphLegend::setOperators(QStringList names) {
    if (names == m_ops)
        return;
    m_ops = std::move(names);
    updateGeometry();
    update();
}

bool MetaGraphLegend::hasHeightForWidth() const { return true; }

int MetaGraphLegend::heightForWidth(int width) const { return rowsFor(width) * rowHeight() + 4; }

QSize MetaGraphLegend::sizeHint() const {
    return QSize(groupWidths()[0] + 8, heightForWidth(width() > 0 ? width() : 320));
}

QSize MetaGraphLegend::minimumSizeHint() const { return QSize(120, rowHeight() + 4); }

void MetaGraphLegend::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetricsF m(font());
    const QColor text = palette().color(QPalette::Text);
    const std::vector<int> widths = groupWidths();
    double x = 4, y = 2;
    auto place = [&](int group) {
        if (x > 4 && x + widths[std::size_t(group)] > width() - 4) {
            x = 4;
            y += rowHeight();
        }
    };
    auto label = [&](const QString& t) {
        p.setPen(text);
        p.drawText(QPointF(x, y + m.ascent()), t);
        x += m.horizontalAdvance(t) + 4;
    };
    // Edge probability, 0 to 1, as colour and width.
    place(0);
    label(MetaGraphView::tr("Edge probability"));
    label(QStringLiteral("0"));
    const int steps = 8;
    for (int k = 0; k < steps; ++k) {
        const double pr = (k + 0.5) / steps;
        p.setPen(QPen(MetaGraphView::probabilityColour(pr), MetaGraphView::probabilityWidth(pr), Qt::SolidLine,
                      Qt::FlatCap));
        p.drawLine(QPointF(x, y + m.height() / 2), QPointF(x + kRampWidth / steps, y + m.height() / 2));
        x += kRampWidth / steps;
    }
    x += 4;
    label(QStringLiteral("1"));
    x += kGroupGap - 4;
    // Operators.
    place(1);
    for (qsizetype k = 0; k < m_ops.size(); ++k) {
        p.setPen(Qt::NoPen);
        p.setBrush(MetaGraphView::operatorColour(int(k)));
        p.drawRect(QRectF(x, y + m.height() / 2 - kBadgeHeight / 2, 14, kBadgeHeight));
        x += 18;
        label(shortOpName(m_ops[k]));
        x += 6;
    }
    x += kGroupGap - 10;
    // The current graph.
    place(2);
    p.setPen(QPen(currentColour(), 2.2));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(QRectF(x, y + 2, 14, m.height() - 4), 3, 3);
    x += 18;
    label(MetaGraphView::tr("current graph"));
}

int MetaGraphLegend::rowHeight() const { return QFontMetrics(font()).height() + 4; }

std::vector<int> MetaGraphLegend::groupWidths() const {
    const QFontMetricsF m(font());
    std::vector<int> w(3, 0);
    w[0] = int(m.horizontalAdvance(MetaGraphView::tr("Edge probability")) +
               m.horizontalAdvance(QStringLiteral("01")) + kRampWidth + 16 + kGroupGap);
    double ops = 0;
    for (const QString& op : m_ops)
        ops += 18 + m.horizontalAdvance(shortOpName(op)) + 10;
    w[1] = int(ops + kGroupGap);
    w[2] = int(18 + m.horizontalAdvance(MetaGraphView::tr("current graph")) + 4);
    return w;
}

int MetaGraphLegend::rowsFor(int width) const {
    int rows = 1;
    double x = 4;
    for (int w : groupWidths()) {
        if (x > 4 && x + w > width - 4) {
            ++rows;
            x = 4;
        }
        x += w;
    }
    return rows;
}

} // namespace edgenas::widgets
