#pragma once

#include "run_store_editor.h"

#include "core/candidate.h"
#include "search/run_config.h"

#include <QObject>
#include <QString>
#include <QStringList>

namespace edgenas::widgets {
class CandidateTableModel;
class HypervolumePlot;
class ParetoPlot;
} // namespace edgenas::widgets

namespace edgenas::app {

/// What the workbench writes from the shown run: the candidate table as CSV, the run report
/// (HTML or PDF, with the plots as images) and one candidate's files (architecture JSON, and
/// trained weights and TorchScript when asked, off the GUI thread). What it writes is listed
/// among the run's artefacts in its database, on a worker thread (a CLI search may hold the
/// database's write lock). Problems come back through `error`.
class RunExports : public QObject {
    Q_OBJECT
public:
    explicit RunExports(QObject* parent = nullptr);

    /// Every candidate of the table, one column per metric.
    bool writeTableCsv(const widgets::CandidateTableModel& table, const QString& path, QString* error = nullptr);
    /// The report of run `runId` of `databasePath`; ".pdf" gives a PDF, anything else HTML.
    bool writeReport(const QString& databasePath, qint64 runId, widgets::ParetoPlot& plot,
                     widgets::HypervolumePlot& hypervolume, const QString& path, QString* error = nullptr);
    /// Starts exporting `candidate` of run `runId` into `folder`; completion is reported by
    /// exportFinished / exportFailed.
    bool exportCandidate(const core::Candidate& candidate, const search::RunConfig& config,
                         const QString& databasePath, qint64 runId, const QString& folder, bool weights,
                         bool torchScript, QString* error = nullptr);
    /// A candidate export is running (only one at a time).
    bool isExporting() const { return m_exporter != nullptr; }

signals:
    void statusMessage(const QString& text, int timeoutMs);
    void logLine(int level, const QString& text);
    void exportFinished(const QStringList& files);
    void exportFailed(const QString& error);

private:
    void recordArtefact(const QString& databasePath, qint64 runId, const QString& kind, const QString& path,
                        qint64 candidateId);

    QObject* m_exporter = nullptr;  ///< the running candidate export, if any
    RunStoreEditor m_editor;        ///< notes artefacts in the run off the GUI thread; last: finished first
};

} // namespace edgenas::app
