#pragma once

#include "search/hadas/hadas_records.h"

#include <QImage>
#include <QStringList>
#include <QWidget>

#include <memory>

namespace edgenas::widgets {

/// Static backbone vs early exits at maximum clocks vs early exits with the chosen DVFS point,
/// side by side: energy per inference (labelled with its cost provenance, "modelled") and
/// accuracy as bars, each bar labelled with its figure and the saving against static. Under the
/// oracle rule every early-exit accuracy carries "upper bound, not deployable".
class DynamicComparisonView : public QWidget {
    Q_OBJECT
public:
    explicit DynamicComparisonView(QWidget* parent = nullptr);
    ~DynamicComparisonView() override;

    void setModel(const search::HadasDynamicRecord& dynamic);
    void clearView(const QString& message = {});

    /// Bars in order: static, EEx at maximum clocks, EEx + DVFS. -1 when nothing is shown.
    double energyAt(int index) const;
    double accuracyAt(int index) const;
    QStringList barLabels() const;
    /// Every text drawn on the bars and in the titles (tests look for the oracle caveat).
    QStringList texts() const;
    QImage renderImage(QSize size) const;

public slots:
    void replotNow();

protected:
    void changeEvent(QEvent* event) override;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace edgenas::widgets
