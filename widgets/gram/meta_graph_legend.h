#pragma once

#include <QStringList>
#include <QWidget>

#include <vector>

namespace edgenas::widgets {

/// The encodings, drawn outside the scene so they stay legible at any zoom: a probability ramp
/// with line widths, the operator colours, and the current graph's outline. The three groups
/// share a row when the width allows and wrap otherwise.
class MetaGraphLegend : public QWidget {
public:
    explicit MetaGraphLegend(QWidget* parent);

    void setOperators(QStringList names);

    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent*) override;

private:
    static constexpr double kRampWidth = 96.0;
    static constexpr int kGroupGap = 16;

    int rowHeight() const;

    std::vector<int> groupWidths() const;

    int rowsFor(int width) const;

    QStringList m_ops;
};

} // namespace edgenas::widgets
