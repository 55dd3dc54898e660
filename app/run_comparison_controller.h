#pragma once

#include "run_comparison.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

namespace edgenas::widgets {
class HypervolumePlot;
class ParetoPlot;
} // namespace edgenas::widgets

namespace edgenas::app {

/// Overlays stored runs on the shown one: reads and reduces them off the GUI thread
/// (buildRunComparison), then hands the value data to the Pareto and hypervolume plots. A newer
/// request or clear() makes an unfinished one's result be dropped.
class RunComparisonController : public QObject {
    Q_OBJECT
public:
    RunComparisonController(widgets::ParetoPlot* pareto, widgets::HypervolumePlot* hypervolume,
                            QObject* parent = nullptr);

    /// The run the others are compared with (-1: none); ends the comparison with the one before.
    void setShownRun(const QString& databasePath, qint64 runId);
    /// compare() with the shown run's database; false with `error` when no stored run is shown or
    /// `runIds` names no other run.
    bool compareWithShown(const QList<qint64>& runIds, QString* error = nullptr);
    /// One line for a status bar: how many runs are compared, and the refusals.
    static QString summary(const QStringList& labels, const QStringList& refused);

    /// Starts comparing `runIds` of the database with the shown run; the plots change when
    /// comparisonShown is emitted, or comparisonFailed names the problem.
    void compare(const QString& databasePath, qint64 shownRunId, const QList<qint64>& runIds);
    /// Removes the compared runs from both plots (and drops a comparison still being built).
    void clear();

    bool isComparing() const { return !m_shownLabels.isEmpty(); }
    bool isBusy() const { return m_busy; }
    /// Legend entries of the runs shown now (the shown run first); empty when none.
    QStringList shownLabels() const { return m_shownLabels; }
    /// Why runs of the last comparison were left out.
    QStringList refused() const { return m_refused; }

signals:
    /// The plots show the comparison; `refused` names the runs left out and why.
    void comparisonShown(const QStringList& labels, const QStringList& refused);
    void comparisonFailed(const QString& error);
    void comparisonCleared();

private:
    void show(const RunComparison& comparison);

    QPointer<widgets::ParetoPlot> m_pareto;
    QPointer<widgets::HypervolumePlot> m_hypervolume;
    QString m_shownDatabase;
    qint64 m_shownRunId = -1;
    int m_request = 0;  ///< bumped per request and clear; older results are dropped
    bool m_busy = false;
    QStringList m_shownLabels;
    QStringList m_refused;
};

} // namespace edgenas::app
