#include "early_exit_strip.h"

#include "hadas_plot_style.h"
#include "hadas_record_checks.h"
#include "metric_naming.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <map>

namespace edgenas::widgets {

namespace {

QString macsText(double macs) { return formatMetricValue(QStringLiteral("macs"), macs); }

QString shortMacs(double macs) {
    const QLocale locale;
    if (macs >= 1e9)
        return locale.toString(macs / 1e9, 'f', 2) + QStringLiteral(" G");
    if (macs >= 1e6)
        return locale.toString(macs / 1e6, 'f', macs >= 1e7 ? 0 : 1) + QStringLiteral(" M");
    if (macs >= 1e3)
        return locale.toString(macs / 1e3, 'f', 0) + QStringLiteral(" k");
    return locale.toString(macs, 'f', 0);
}

} // namespace

EarlyExitStrip::EarlyExitStrip(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
}

EarlyExitStrip::~EarlyExitStrip() = default;

QSize EarlyExitStrip::sizeHint() const {
    const int line = fontMetrics().height();
    return QSize(900, 6 * line + 150);
}

QSize EarlyExitStrip::minimumSizeHint() const {
    const int line = fontMetrics().height();
    return QSize(360, 5 * line + 110);
}

void EarlyExitStrip::clearView() {
    m_backbone.reset();
    m_heads.clear();
    m_finalLabel.clear();
    m_finalDetails.clear();
    m_caption.clear();
    m_caveat.clear();
    m_error.clear();
    m_tips.clear();
    update();
}

void EarlyExitStrip::setNetwork(const search::HadasBackboneRecord& backbone,
                                const std::optional<search::HadasDynamicRecord>& dynamic) {
    clearView();
    m_error = backboneRecordProblem(backbone);
    if (m_error.isEmpty() && dynamic)
        m_error = exitRecordProblem(*dynamic, &backbone);
    if (!m_error.isEmpty()) {
        update();
        return;
    }
    m_backbone = backbone;
    const QLocale locale;

    // Every trained head is drawn; the chosen exits carry the dynamic model's figures.
    std::map<int, Head> heads;
    for (const search::HadasExitHead& h : backbone.exits) {
        Head head;
        head.block = h.block;
        head.label = percentText(h.validationAccuracy);
        head.details = tr("Trained exit head after block %1 (not chosen)\nAccuracy of the head alone: %2 (validation)%3\n"
                          "Temperature: %4 · head MACs: %5")
                           .arg(h.block)
                           .arg(percentText(h.validationAccuracy),
                                h.testAccuracy >= 0.0 ? tr(", %1 (test)").arg(percentText(h.testAccuracy)) : QString(),
                                locale.toString(h.temperature, 'g', 3), macsText(h.macs));
        heads[h.block] = head;
    }
    double totalMacs = backbone.stemMacs + backbone.finalHeadMacs;
    for (const search::HadasBlock& b : backbone.blocks)
        totalMacs += b.macs;

    QString rule;
    if (dynamic) {
        m_caveat = accuracyCaveat(*dynamic);
        rule = ruleText(*dynamic);
        QString leaveRule;
        if (dynamic->rule == "threshold")
            leaveRule = QStringLiteral("τ %1").arg(thresholdText(*dynamic));
        else if (dynamic->rule == "oracle")
            leaveRule = tr("first correct");
        else if (dynamic->rule == "mean")
            leaveRule = tr("mean rule");
        else
            leaveRule = QString::fromStdString(dynamic->rule);
        // Rates and accuracies may not have been computed (empty): shown as dashes.
        const auto at = [](const std::vector<double>& values, std::size_t i) { return i < values.size() ? values[i] : -1.0; };
        const std::size_t last = dynamic->exitBlocks.size();
        for (std::size_t i = 0; i < dynamic->exitBlocks.size(); ++i) {
            const int block = dynamic->exitBlocks[i];
            Head& head = heads[block];
            head.block = block;
            head.chosen = true;
            head.label = tr("b%1 · %2\nleaves %3\n%4")
                             .arg(block)
                             .arg(percentText(at(dynamic->exitAccuracy, i)), percentText(at(dynamic->exitRates, i)), leaveRule);
            head.details = tr("Chosen exit after block %1\nAccuracy of the exit alone: %2 (validation)\n"
                              "Share of samples leaving here: %3 (rule: %4)%5")
                               .arg(block)
                               .arg(percentText(at(dynamic->exitAccuracy, i)), percentText(at(dynamic->exitRates, i)), rule,
                                    m_caveat.isEmpty() ? QString() : QStringLiteral("\n") + m_caveat);
        }
        m_finalLabel = tr("final · %1\nleaves %2").arg(percentText(at(dynamic->exitAccuracy, last)),
                                                      percentText(at(dynamic->exitRates, last)));
        m_finalDetails = tr("Final head (%1 MACs)\nAccuracy: %2 (validation)\nShare of samples reaching it: %3")
                             .arg(macsText(backbone.finalHeadMacs), percentText(at(dynamic->exitAccuracy, last)),
                                  percentText(at(dynamic->exitRates, last)));
    } else {
        m_finalLabel = tr("final · %1").arg(percentText(backbone.supernetAccuracy));
        m_finalDetails = tr("Final head (%1 MACs)\nAccuracy of the backbone: %2 (supernet weights, validation)")
                             .arg(macsText(backbone.finalHeadMacs), percentText(backbone.supernetAccuracy));
    }
    for (auto& [block, head] : heads)
        m_heads.push_back(head);

    m_caption = tr("%1 blocks · %2 MACs · %3 trained exit heads")
                    .arg(backbone.blocks.size())
                    .arg(macsText(totalMacs))
                    .arg(backbone.exits.size());
    if (dynamic)
        m_caption += tr(" · %1 chosen · rule: %2").arg(dynamic->exitBlocks.size()).arg(rule);
    else if (!backbone.searchedInner)
        m_caption += tr(" · not searched at the inner level");
    update();
}

int EarlyExitStrip::blockCount() const { return m_backbone ? int(m_backbone->blocks.size()) : 0; }
int EarlyExitStrip::exitCount() const { return int(m_heads.size()); }

int EarlyExitStrip::chosenExitCount() const {
    return int(std::count_if(m_heads.begin(), m_heads.end(), [](const Head& h) { return h.chosen; }));
}

QStringList EarlyExitStrip::exitLabels() const {
    QStringList out;
    for (const Head& h : m_heads)
        if (h.chosen)
            out << h.label;
    if (m_backbone)
        out << m_finalLabel;
    return out;
}

QString EarlyExitStrip::captionText() const {
    return m_caveat.isEmpty() ? m_caption : m_caption + QStringLiteral(" · ") + tr("accuracy: %1").arg(m_caveat);
}

QString EarlyExitStrip::errorText() const { return m_error; }

QImage EarlyExitStrip::renderImage(QSize size) const {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(palette().color(QPalette::Base));
    QPainter painter(&image);
    const_cast<EarlyExitStrip*>(this)->paintStrip(painter, QRect(QPoint(0, 0), size));
    return image;
}

void EarlyExitStrip::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    paintStrip(painter, rect());
}

bool EarlyExitStrip::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        for (const auto& [area, text] : m_tips)
            if (area.contains(help->pos())) {
                QToolTip::showText(help->globalPos(), text, this);
                return true;
            }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QWidget::event(event);
}

void EarlyExitStrip::paintStrip(QPainter& painter, const QRect& area) {
    m_tips.clear();
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor text = palette().color(QPalette::Text);
    QColor faint = text;
    faint.setAlpha(110);
    const QFontMetrics fm(font());
    const int line = fm.height();
    const QRect inner = area.adjusted(8, 6, -8, -6);

    if (!m_error.isEmpty() || !m_backbone) {
        painter.setPen(m_error.isEmpty() ? faint : hadas_style::warningColour());
        painter.drawText(inner, Qt::AlignCenter | Qt::TextWordWrap,
                         m_error.isEmpty() ? tr("No backbone chosen.")
                                           : tr("The early-exit strip cannot be drawn: %1").arg(m_error));
        return;
    }
    const search::HadasBackboneRecord& b = *m_backbone;

    // Caption, the oracle's caveat in red after it.
    int y = inner.top();
    painter.setPen(text);
    const QString caption = fm.elidedText(m_caption, Qt::ElideRight, inner.width());
    painter.drawText(QRect(inner.left(), y, inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter, caption);
    if (!m_caveat.isEmpty()) {
        y += line;
        painter.setPen(hadas_style::warningColour());
        painter.drawText(QRect(inner.left(), y, inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                         tr("Oracle rule: every accuracy of this model is an %1.").arg(m_caveat));
    }
    y += line + 4;

    // Horizontal slots: stem, the blocks, the final head.
    const int n = int(b.blocks.size());
    const double unit = inner.width() / (n + 0.8 + 1.6);
    const double stemWidth = 0.8 * unit;
    const auto blockLeft = [&](int i) { return inner.left() + stemWidth + i * unit; };
    const double gap = std::min(3.0, unit * 0.12);

    // Stage labels above their runs of blocks.
    QFont small = font();
    small.setPointSizeF(std::max(6.5, font().pointSizeF() * 0.85));
    const QFontMetrics smallFm(small);
    painter.setFont(small);
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && b.blocks[std::size_t(j)].stage == b.blocks[std::size_t(i)].stage)
            ++j;
        const QRectF run(blockLeft(i), y, (j - i) * unit - gap, smallFm.height());
        painter.setPen(hadas_style::stageColour(b.blocks[std::size_t(i)].stage).darker(140));
        const QString full = tr("stage %1").arg(b.blocks[std::size_t(i)].stage + 1);
        const QString label = smallFm.horizontalAdvance(full) <= run.width()
                                  ? full
                                  : QStringLiteral("s%1").arg(b.blocks[std::size_t(i)].stage + 1);
        painter.drawText(run, Qt::AlignCenter, smallFm.elidedText(label, Qt::ElideRight, int(run.width())));
        painter.drawLine(QPointF(run.left(), run.bottom()), QPointF(run.right(), run.bottom()));
        i = j;
    }
    y += smallFm.height() + 4;

    // Block heights: the label band is below; the strip takes what the exit labels leave.
    const int labelLines = 3;
    const int exitBand = 10 + 12 + 2 * (labelLines * smallFm.height() + 4);
    const double blockBand = std::max(36.0, double(inner.bottom() - y - exitBand - smallFm.height()));
    const double middle = y + blockBand / 2.0;
    double maxMacs = 0.0;
    for (const search::HadasBlock& block : b.blocks)
        maxMacs = std::max(maxMacs, block.macs);
    const auto heightOf = [&](double macs) {
        const double share = maxMacs > 0.0 ? std::sqrt(std::max(0.0, macs) / maxMacs) : 1.0;
        return blockBand * (0.35 + 0.65 * share);
    };

    // Stem.
    const QRectF stem(inner.left(), middle - blockBand * 0.2, stemWidth - gap, blockBand * 0.4);
    painter.setPen(QPen(faint, 1));
    painter.setBrush(palette().color(QPalette::AlternateBase));
    painter.drawRoundedRect(stem, 3, 3);
    painter.setPen(text);
    if (stem.width() > smallFm.horizontalAdvance(tr("stem")))
        painter.drawText(stem, Qt::AlignCenter, tr("stem"));
    m_tips.emplace_back(stem, tr("Stem: %1 MACs").arg(macsText(b.stemMacs)));

    std::vector<QRectF> blockRects;
    for (int i = 0; i < n; ++i) {
        const search::HadasBlock& block = b.blocks[std::size_t(i)];
        const double h = heightOf(block.macs);
        const QRectF r(blockLeft(i), middle - h / 2.0, unit - gap, h);
        blockRects.push_back(r);
        const QColor fill = hadas_style::stageColour(block.stage);
        painter.setPen(QPen(fill.darker(150), 1));
        painter.setBrush(fill.lighter(block.squeezeExcite ? 115 : 135));
        painter.drawRoundedRect(r, 2.5, 2.5);
        painter.setPen(Qt::black);  // on the light stage colours in both themes
        QStringList lines{QString::number(block.width), QStringLiteral("k%1").arg(block.kernel),
                          QStringLiteral("e%1").arg(block.expansion)};
        const int fit = std::clamp(int(r.height() / smallFm.height()), 0, 3);
        if (r.width() >= smallFm.horizontalAdvance(QStringLiteral("888")) && fit > 0)
            painter.drawText(r, Qt::AlignCenter, lines.mid(0, fit).join(QLatin1Char('\n')));
        m_tips.emplace_back(r, tr("Block %1 (stage %2)\nwidth %3, kernel %4×%4, expansion %5, stride %6%7\n%8 MACs")
                                   .arg(i)
                                   .arg(block.stage + 1)
                                   .arg(block.width)
                                   .arg(block.kernel)
                                   .arg(block.expansion)
                                   .arg(block.stride)
                                   .arg(block.squeezeExcite ? tr(", squeeze-excite") : QString())
                                   .arg(macsText(block.macs)));
        // Block index and MACs under the band, where there is room.
        if (unit >= smallFm.horizontalAdvance(QStringLiteral("888 M")) + 2) {
            painter.setPen(faint);
            painter.drawText(QRectF(r.left() - gap, y + blockBand, unit, smallFm.height()), Qt::AlignCenter,
                             shortMacs(block.macs));
        }
    }
    // Final head.
    const QRectF finalBox(blockLeft(n) + unit * 0.3, middle - blockBand * 0.3, unit * 1.3 - gap, blockBand * 0.6);
    painter.setPen(QPen(hadas_style::finalHeadColour(), 1.5));
    painter.setBrush(hadas_style::finalHeadColour().lighter(190));
    painter.drawRoundedRect(finalBox, 3, 3);
    painter.setPen(text);
    painter.drawText(finalBox, Qt::AlignCenter, tr("final"));
    m_tips.emplace_back(finalBox, m_finalDetails);
    painter.setPen(QPen(faint, 1));
    painter.drawLine(QPointF(blockLeft(n) - gap, middle), finalBox.topLeft() + QPointF(0, finalBox.height() / 2));

    // Heads: a stalk from the block's foot to a marker; labels in two staggered rows.
    const double markerTop = y + blockBand + smallFm.height() + 6;
    const double labelTop = markerTop + 14;
    const double rowHeight = labelLines * smallFm.height() + 4;
    std::vector<std::vector<std::pair<double, double>>> rows(2);  // occupied spans per label row
    const auto placeLabel = [&](double centre, const QString& label, const QColor& colour, bool bold) {
        const QStringList lines = label.split(QLatin1Char('\n'));
        int width = 0;
        for (const QString& l : lines)
            width = std::max(width, smallFm.horizontalAdvance(l));
        width += 6;
        double left = std::clamp(centre - width / 2.0, double(inner.left()), double(inner.right() - width));
        const auto freeIn = [&](const std::vector<std::pair<double, double>>& spans) {
            return std::none_of(spans.begin(), spans.end(), [&](const std::pair<double, double>& s) {
                return left < s.second + 4 && left + width > s.first - 4;
            });
        };
        int row = 0;
        while (row < int(rows.size()) && !freeIn(rows[std::size_t(row)]))
            ++row;
        if (row >= int(rows.size()))
            return false;  // no room: the tooltip still has it
        rows[std::size_t(row)].emplace_back(left, left + width);
        const QRectF box(left, labelTop + row * rowHeight, width, lines.size() * smallFm.height() + 2);
        QFont f = small;
        f.setBold(bold);
        painter.setFont(f);
        painter.setPen(colour);
        painter.drawText(box, Qt::AlignHCenter | Qt::AlignTop, label);
        painter.setFont(small);
        if (row > 0) {  // a thin leader from the marker down past the first row
            QColor lead = colour;
            lead.setAlpha(90);
            painter.setPen(QPen(lead, 1, Qt::DotLine));
            painter.drawLine(QPointF(centre, markerTop + 10), QPointF(centre, box.top()));
        }
        return true;
    };
    // Chosen exits and the final head claim label room first, left to right; faint heads take
    // what is left (their tooltips say the rest).
    const auto drawHead = [&](const Head& head) {
        const bool chosen = head.chosen;
        const QRectF& r = blockRects[std::size_t(head.block)];
        const double x = r.center().x();
        const QColor colour = chosen ? hadas_style::exitColour() : faint;
        painter.setPen(QPen(colour, chosen ? 2.0 : 1.0, chosen ? Qt::SolidLine : Qt::DashLine));
        // The stalk skips the MACs label row under the blocks.
        painter.drawLine(QPointF(x, r.bottom()), QPointF(x, y + blockBand));
        painter.drawLine(QPointF(x, y + blockBand + smallFm.height()), QPointF(x, markerTop));
        const QRectF marker(x - 6, markerTop, 12, 10);
        painter.setPen(QPen(colour, 1));
        painter.setBrush(chosen ? colour : Qt::NoBrush);
        QPainterPath path;
        path.moveTo(marker.topLeft());
        path.lineTo(marker.topRight());
        path.lineTo(marker.center().x(), marker.bottom());
        path.closeSubpath();
        painter.drawPath(path);
        m_tips.emplace_back(marker.adjusted(-3, -3, 3, 3), head.details);
        placeLabel(x, head.label, chosen ? text : faint, chosen);
    };
    for (const Head& head : m_heads)
        if (head.chosen)
            drawHead(head);
    placeLabel(finalBox.center().x(), m_finalLabel, text, true);
    for (const Head& head : m_heads)
        if (!head.chosen)
            drawHead(head);
    painter.setBrush(Qt::NoBrush);
}

} // namespace edgenas::widgets
