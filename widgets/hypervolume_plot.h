#pragma once

#include "compared_run.h"

#include <QImage>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

namespace edgenas::widgets {

/// Hypervolume of the front against the number of evaluations, drawn as the run goes; samples
/// are buffered and drawn at most every ~40 ms.
class HypervolumePlot : public QWidget {
    Q_OBJECT
public:
    explicit HypervolumePlot(QWidget* parent = nullptr);
    ~HypervolumePlot() override;

    void addSample(int evaluations, double hypervolume);
    void clear();
    int sampleCount() const;
    /// Several runs' hypervolume curves with a legend, in place of the shown run's own curve
    /// (whose figures come from a reference of its own and would not compare). `curves[0]` is the
    /// shown run, drawn in the highlight colour; the others take the compared runs' colours and
    /// markers (as on ParetoPlot). `reference` says how the hypervolume was taken (axis tooltip and
    /// label). An empty list brings the shown run's own curve back.
    void setComparedCurves(std::vector<HypervolumeCurve> curves, const QString& reference);
    void clearComparedCurves();
    int comparedCurveCount() const;
    QStringList comparedCurveLabels() const;
    /// Points drawn for compared curve `index`.
    int comparedSampleCount(int index) const;
    QString yAxisLabel() const;

    /// The plot rendered at `size`, for reports.
    QImage renderImage(QSize size) const;

public slots:
    /// Draws buffered samples now (for tests and reports).
    void replotNow();

protected:
    void changeEvent(QEvent* event) override;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace edgenas::widgets
