#pragma once

#include "search/hadas/hadas_records.h"

#include <QImage>
#include <QStringList>
#include <QWidget>

#include <optional>
#include <utility>
#include <vector>

namespace edgenas::widgets {

/// A HADAS backbone as a strip of MBConv blocks, left to right: each block coloured by its stage,
/// labelled with its width, kernel and expansion, its height growing with the square root of its
/// MACs. Exit heads hang below the blocks they read: the dynamic model's chosen exits solid and
/// labelled with their accuracy, exit rate and rule, the other trained heads faint with their
/// accuracy alone; the final head closes the strip. Records that do not fit together show a
/// message naming the problem instead.
class EarlyExitStrip : public QWidget {
    Q_OBJECT
public:
    explicit EarlyExitStrip(QWidget* parent = nullptr);
    ~EarlyExitStrip() override;

    /// Draws `backbone` with the exits of `dynamic` (none: the trained heads only, all faint).
    void setNetwork(const search::HadasBackboneRecord& backbone,
                    const std::optional<search::HadasDynamicRecord>& dynamic = std::nullopt);
    void clearView();

    // What is drawn (tests, screenshots).
    int blockCount() const;
    /// Exit heads drawn below the blocks (chosen and faint), the final head not counted.
    int exitCount() const;
    int chosenExitCount() const;
    /// The label of each chosen exit, then the final head's, as drawn (lines joined by '\n').
    QStringList exitLabels() const;
    /// The line above the strip.
    QString captionText() const;
    QString errorText() const;
    QImage renderImage(QSize size) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Head {
        int block = 0;
        bool chosen = false;
        QString label;    ///< below the marker
        QString details;  ///< tooltip
    };
    void paintStrip(QPainter& painter, const QRect& area);

    std::optional<search::HadasBackboneRecord> m_backbone;
    std::vector<Head> m_heads;  ///< by block, ascending
    QString m_finalLabel;
    QString m_finalDetails;
    QString m_caption;
    QString m_caveat;
    QString m_error;
    std::vector<std::pair<QRectF, QString>> m_tips;  ///< from the last paint
};

} // namespace edgenas::widgets
