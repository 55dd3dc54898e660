#include "run_comparison_controller.h"

#include "widgets/hypervolume_plot.h"
#include "widgets/pareto_plot.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <variant>

namespace edgenas::app {

namespace {
using Outcome = std::variant<RunComparison, QString>;  // the comparison, or what went wrong
}

RunComparisonController::RunComparisonController(widgets::ParetoPlot* pareto, widgets::HypervolumePlot* hypervolume,
                                                 QObject* parent)
    : QObject(parent), m_pareto(pareto), m_hypervolume(hypervolume) {}

void RunComparisonController::setShownRun(const QString& databasePath, qint64 runId) {
    clear();
    m_shownDatabase = databasePath;
    m_shownRunId = runId;
}

bool RunComparisonController::compareWithShown(const QList<qint64>& runIds, QString* error) {
    const auto fail = [error](const QString& text) {
        if (error)
            *error = text;
        return false;
    };
    if (m_shownDatabase.isEmpty() || m_shownRunId < 0)
        return fail(tr("Show a stored run first: the runs are compared with the shown one."));
    QList<qint64> others;
    for (qint64 id : runIds)
        if (id != m_shownRunId && !others.contains(id))
            others << id;
    if (others.isEmpty())
        return fail(tr("Choose other runs of %1 to compare with run %2 (select several in the Runs panel).")
                        .arg(m_shownDatabase)
                        .arg(m_shownRunId));
    compare(m_shownDatabase, m_shownRunId, others);
    return true;
}

QString RunComparisonController::summary(const QStringList& labels, const QStringList& refused) {
    const int compared = static_cast<int>(labels.size()) - 1;  // the first is the shown run
    if (refused.isEmpty())
        return tr("Comparing %n run(s) with the shown run", nullptr, compared);
    return tr("Comparing %n run(s); %1", nullptr, compared).arg(refused.join(QLatin1Char(' ')));
}

void RunComparisonController::compare(const QString& databasePath, qint64 shownRunId, const QList<qint64>& runIds) {
    const int request = ++m_request;
    m_busy = true;
    const std::string path = databasePath.toStdString();
    const std::vector<qint64> ids(runIds.begin(), runIds.end());
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, request] {
        watcher->deleteLater();
        if (request != m_request)
            return;  // cleared or asked again meanwhile
        m_busy = false;
        const Outcome outcome = watcher->result();
        if (const QString* error = std::get_if<QString>(&outcome))
            emit comparisonFailed(*error);
        else
            show(std::get<RunComparison>(outcome));
    });
    watcher->setFuture(QtConcurrent::run([path, shownRunId, ids]() -> Outcome {
        try {
            return buildRunComparison(path, shownRunId, ids);
        } catch (const std::exception& e) {
            return tr("The runs could not be compared: %1").arg(QString::fromUtf8(e.what()));
        }
    }));
}

void RunComparisonController::show(const RunComparison& comparison) {
    m_refused = comparison.refused;
    if (comparison.runs.empty()) {
        // Nothing left to overlay: say why instead of drawing the shown run alone as a "comparison".
        clear();
        m_refused = comparison.refused;
        emit comparisonFailed(comparison.refused.isEmpty()
                                  ? tr("No other run to compare with was chosen.")
                                  : tr("No run could be compared:\n%1").arg(comparison.refused.join(QLatin1Char('\n'))));
        return;
    }
    m_shownLabels = {comparison.shownLabel};
    for (const widgets::ComparedRun& run : comparison.runs)
        m_shownLabels << run.label;
    if (m_pareto)
        m_pareto->setComparedRuns(comparison.shownLabel, comparison.runs);
    if (m_hypervolume)
        m_hypervolume->setComparedCurves(comparison.curves, comparison.reference);
    emit comparisonShown(m_shownLabels, comparison.refused);
}

void RunComparisonController::clear() {
    ++m_request;
    m_busy = false;
    const bool was = isComparing();
    m_shownLabels.clear();
    m_refused.clear();
    if (m_pareto)
        m_pareto->clearComparedRuns();
    if (m_hypervolume)
        m_hypervolume->clearComparedCurves();
    if (was)
        emit comparisonCleared();
}

} // namespace edgenas::app
