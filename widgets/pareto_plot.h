#pragma once

#include "compared_run.h"
#include "core/candidate.h"
#include "metric_bound.h"

#include <QColor>
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

namespace edgenas::widgets {

/// Live scatter of every candidate on two chosen metrics, optionally coloured by a third, with the
/// non-dominated front drawn as a step line, bounds on the axes' metrics (lines plus shaded
/// infeasible regions),
/// hover tooltips, click selection, zoom/pan and a log-scale option. Stays smooth at 100,000
/// points: candidates are buffered and the plot redraws at most every ~40 ms; only the figures
/// the plot needs are kept, not the architectures.
class ParetoPlot : public QWidget {
    Q_OBJECT
public:
    explicit ParetoPlot(QWidget* parent = nullptr);
    ~ParetoPlot() override;

    /// Metric names for the axes, e.g. ("latency_ms", "accuracy"). Whether an axis is maximised
    /// follows isMaximisedMetric(). Recomputes the front; emits axesChanged when they change.
    void setAxes(const QString& xMetric, const QString& yMetric);
    QString xMetric() const;
    QString yMetric() const;
    /// Metric names seen so far, in order of first appearance.
    QStringList metricNames() const;

    void setLogScaleX(bool on);
    void setLogScaleY(bool on);
    bool logScaleX() const;
    bool logScaleY() const;

    void clear();
    /// Cheap: buffered; the plot takes them in on its next redraw (at most every ~40 ms).
    void addCandidates(const std::vector<core::Candidate>& candidates);

    /// Upper bound on the x metric; points beyond it are infeasible and never on the front.
    /// (The bound belongs to the metric on x when it is set: setBounds() with that metric.)
    void setConstraint(std::optional<double> bound);
    std::optional<double> constraint() const;
    /// Lower and upper bounds on any metrics: a candidate outside one is never on the front, and
    /// those on the metrics of the axes are drawn as lines with their infeasible side shaded.
    void setBounds(const MetricBounds& bounds);
    const MetricBounds& bounds() const;

    /// A third metric shown as the points' colour, with a colour scale beside the plot (bright
    /// is better); empty for none, the plain look.
    void setColourMetric(const QString& metric);
    QString colourMetric() const;
    /// The colour candidate `id` is drawn in by the colour metric; nullopt without one.
    std::optional<QColor> colourOfId(qint64 id) const;

    /// Replaces the selection without emitting selectionChanged (that signal reports what the
    /// user did, so views can mirror each other without echo loops). Unknown ids are kept and
    /// shown once their candidates arrive.
    void setSelectedIds(const QList<qint64>& ids);
    QList<qint64> selectedIds() const;

    /// The run's own front when it has more objectives than the two axes (the engine's front over
    /// all of them): ringed on the plot and counted beside the axes' front. Empty: none shown.
    void setRunFrontIds(const QList<qint64>& ids);
    int runFrontCount() const;

    /// Ids of the non-dominated feasible points on the current axes (one of equal points),
    /// ordered by ascending x.
    QList<qint64> frontIds() const;
    /// Candidates received, including ones still buffered.
    int pointCount() const;
    /// Candidates drawn: those with finite values for both axes (and positive ones on log axes).
    int plottedPointCount() const;

    /// Draws other runs' fronts over this one's, each in its own colour and marker with a legend
    /// entry; every front is taken on the current axes, directions, scales and bound like the
    /// shown run's, and again whenever they change. The shown run's front is then listed as
    /// `shownRunLabel`. An empty list clears the comparison.
    void setComparedRuns(const QString& shownRunLabel, std::vector<ComparedRun> runs);
    void clearComparedRuns();
    int comparedRunCount() const;
    QStringList comparedRunLabels() const;
    /// Store ids of compared run `index`'s front on the current axes, by ascending x.
    QList<qint64> comparedFrontIds(int index) const;
    /// The names the legend lists now, top to bottom.
    QStringList legendNames() const;

    /// The plot alone (no toolbar) rendered at `size`, for reports.
    QImage renderImage(QSize size) const;

    /// Where a candidate is drawn, in this widget's coordinates; nullopt if it is not drawn or
    /// not inside the visible range. For tests and for tools that point at a candidate.
    std::optional<QPoint> pixelOfId(qint64 id) const;
    /// The candidate drawn nearest to `pos` (this widget's coordinates) within `radius` pixels.
    std::optional<qint64> idAt(QPoint pos, int radius = 8) const;

public slots:
    /// Fits the axes to the data again after zooming or panning.
    void resetView();
    /// Takes in buffered candidates and redraws now (for tests, benchmarks and reports).
    void replotNow();

signals:
    /// The user changed the selection (click, shift/ctrl-click to add, click on empty space clears).
    void selectionChanged(QList<qint64> ids);
    /// The user double-clicked a candidate.
    void candidateActivated(qint64 id);
    void axesChanged(QString xMetric, QString yMetric);
    void colourMetricChanged(QString metric);
    /// Either axis switched between linear and logarithmic (from the widget's own check boxes
    /// or the setters), so outside actions can follow.
    void logScaleChanged(bool logX, bool logY);

protected:
    void changeEvent(QEvent* event) override;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace edgenas::widgets
