#include "run_exports.h"

// Its texts keep the translation context of the window they were written in first.
#include "workbench_window.h"
#ifdef EDGENAS_HAVE_APP_EXPORT
#include "candidate_csv_writer.h"
#include "report_writer.h"
#include "run_report.h"
#if __has_include("candidate_exporter.h")
#include "candidate_exporter.h"
#define EDGENAS_HAVE_CANDIDATE_EXPORTER 1
#endif
#endif

#include "search/run_database.h"
#include "store/run_reader.h"
#include "store/run_store.h"

#include "widgets/candidate_table_model.h"
#include "widgets/hypervolume_plot.h"
#include "widgets/pareto_plot.h"

#include <QFileInfo>

namespace edgenas::app {

RunExports::RunExports(QObject* parent) : QObject(parent) {}

bool RunExports::writeTableCsv(const widgets::CandidateTableModel& table, const QString& path, QString* error) {
    if (table.rowCount() == 0) {
        if (error)
            *error = WorkbenchWindow::tr("There are no candidates to export.");
        return false;
    }
#ifdef EDGENAS_HAVE_APP_EXPORT
    std::vector<core::Candidate> all;
    all.reserve(std::size_t(table.rowCount()));
    for (int row = 0; row < table.rowCount(); ++row)
        all.push_back(table.candidateAt(row));
    try {
        writeCandidatesCsv(path, all, table.metricNames());
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    emit statusMessage(WorkbenchWindow::tr("%n candidate(s) written to %1", nullptr, int(all.size())).arg(path), 5000);
    return true;
#else
    Q_UNUSED(path);
    if (error)
        *error = WorkbenchWindow::tr("This build has no export support.");
    return false;
#endif
}

bool RunExports::writeReport(const QString& databasePath, qint64 runId, widgets::ParetoPlot& plot,
                             widgets::HypervolumePlot& hypervolume, const QString& path, QString* error) {
    if (runId < 0 || databasePath.isEmpty()) {
        if (error)
            *error = WorkbenchWindow::tr("There is no run to report on: start a search or open one from the Runs panel.");
        return false;
    }
#ifdef EDGENAS_HAVE_APP_EXPORT
    try {
        const store::RunReader reader = search::openRunReader(databasePath.toStdString());
        RunReport report = runReportFromStore(reader, runId);
        plot.replotNow();
        report.paretoImage = plot.renderImage(QSize(1000, 640));
        hypervolume.replotNow();
        report.hypervolumeImage = hypervolume.renderImage(QSize(1000, 360));
        if (path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive))
            writePdfReport(report, path);
        else
            writeHtmlReport(report, path);
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    recordArtefact(databasePath, runId, QStringLiteral("report"), QFileInfo(path).absoluteFilePath(), -1);
    emit statusMessage(WorkbenchWindow::tr("Report written to %1").arg(path), 5000);
    emit logLine(0, WorkbenchWindow::tr("Report written to %1").arg(path));
    return true;
#else
    Q_UNUSED(plot);
    Q_UNUSED(hypervolume);
    Q_UNUSED(path);
    if (error)
        *error = WorkbenchWindow::tr("This build has no export support.");
    return false;
#endif
}

bool RunExports::exportCandidate(const core::Candidate& candidate, const search::RunConfig& config,
                                 const QString& databasePath, qint64 runId, const QString& folder, bool weights,
                                 bool torchScript, QString* error) {
    if (m_exporter) {
        if (error)
            *error = WorkbenchWindow::tr("An export is still running.");
        return false;
    }
    if (!QFileInfo(folder).isDir()) {
        if (error)
            *error = WorkbenchWindow::tr("The folder %1 does not exist.").arg(folder);
        return false;
    }
#ifdef EDGENAS_HAVE_CANDIDATE_EXPORTER
    auto* exporter = new CandidateExporter(this);
    m_exporter = exporter;
    connect(exporter, &CandidateExporter::progress, this, [this](const QString& text) {
        emit statusMessage(text, 0);
        emit logLine(0, text);
    });
    auto done = [this, exporter] {
        m_exporter = nullptr;
        exporter->deleteLater();
    };
    // The files are listed in the run they were made from, even if another run is shown by then.
    const qint64 candidateId = candidate.id;
    connect(exporter, &CandidateExporter::finished, this,
            [this, done, databasePath, runId, candidateId](const QStringList& files) {
                done();
                for (const QString& file : files)
                    recordArtefact(databasePath, runId, CandidateExporter::artefactKind(file), file, candidateId);
                const QString text = WorkbenchWindow::tr("Exported %1").arg(files.join(QStringLiteral(", ")));
                emit statusMessage(text, 8000);
                emit logLine(0, text);
                emit exportFinished(files);
            });
    connect(exporter, &CandidateExporter::failed, this, [this, done](const QString& why) {
        done();
        emit logLine(2, why);
        emit exportFailed(why);
    });
    ExportKinds kinds = ExportKind::Architecture;
    if (weights)
        kinds |= ExportKind::Weights;
    if (torchScript)
        kinds |= ExportKind::TorchScript;
    exporter->exportCandidate(candidate, config, folder, kinds);
    return true;
#else
    Q_UNUSED(candidate);
    Q_UNUSED(config);
    Q_UNUSED(databasePath);
    Q_UNUSED(runId);
    Q_UNUSED(weights);
    Q_UNUSED(torchScript);
    if (error)
        *error = WorkbenchWindow::tr("This build has no export support.");
    return false;
#endif
}

void RunExports::recordArtefact(const QString& databasePath, qint64 runId, const QString& kind, const QString& path,
                                qint64 candidateId) {
    if (runId < 0 || databasePath.isEmpty() || kind.isEmpty())
        return;
    // The run keeps a list of what was made from it; failing to note it must not fail the export.
    store::ArtefactRecord artefact;
    artefact.runId = runId;
    if (candidateId >= 0)
        artefact.candidateId = candidateId;
    artefact.kind = kind.toStdString();
    artefact.path = path.toStdString();
    m_editor.submit(
        databasePath, [artefact](store::RunStore& store) { store.addArtefact(artefact); },
        [this, path](const QString& error) {
            if (!error.isEmpty())
                emit logLine(1, WorkbenchWindow::tr("%1 was written but could not be listed in the run: %2").arg(path, error));
        });
}

} // namespace edgenas::app
