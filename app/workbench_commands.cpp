#include "workbench_commands.h"

#include "candidate_export_dialog.h"
#include "launch_dialog.h"
#include "log_panel.h"
#include "panel_host.h"
#include "run_browser.h"
#include "run_comparison_controller.h"
#include "workbench_paths.h"
#include "workbench_window.h"

#include "widgets/architecture_compare_view.h"

#include <QDockWidget>
#include <QMessageBox>
#include <QStatusBar>

namespace edgenas::app {

// The texts keep WorkbenchWindow's translation context, where they were first translated.

WorkbenchCommands::WorkbenchCommands(WorkbenchWindow& window, PanelHost& panels)
    : QObject(&window), m_window(window), m_panels(panels) {}

void WorkbenchCommands::startSearch(const LaunchDialog& dialog) {
    dialog.rememberLaunch();
    QString error;
    if (!m_window.startSearch(dialog.config(), dialog.databasePath(), dialog.runName(), &error))
        showError(WorkbenchWindow::tr("Search Not Started"), error);
}

void WorkbenchCommands::openDatabase() {
    const QString path = askDatabaseToOpen(&m_window, m_window.runBrowser()->databasePath());
    if (path.isEmpty())
        return;
    QString error;
    if (!m_window.openDatabase(path, &error))
        showError(WorkbenchWindow::tr("Database Not Opened"), error);
}

void WorkbenchCommands::showRun(const QString& path, qint64 runId) {
    QString error;
    if (!m_window.showStoredRun(path, runId, &error))
        showError(WorkbenchWindow::tr("Run Not Shown"), error);
}

void WorkbenchCommands::resumeRun(const QString& path, qint64 runId) {
    QString error;
    if (!m_window.resumeSearch(path, runId, &error))
        showError(WorkbenchWindow::tr("Run Not Resumed"), error);
}

void WorkbenchCommands::exportCandidate() {
    const std::vector<core::Candidate> selected = m_window.selectedCandidates();
    if (selected.size() != 1) {
        m_window.statusBar()->showMessage(
            WorkbenchWindow::tr("Select one candidate in the plot or table to export it."), 5000);
        return;
    }
    CandidateExportDialog ask(selected.front().id, lastExportFolder(), &m_window);
    if (ask.exec() != QDialog::Accepted)
        return;
    rememberExportFolder(ask.folder());
    QString error;
    if (!m_window.exportSelectedCandidate(ask.folder(), ask.weights(), ask.torchScript(), &error))
        showError(WorkbenchWindow::tr("Candidate Not Exported"), error);
}

void WorkbenchCommands::exportCsv() {
    const QString path = askCsvPath(&m_window);
    if (path.isEmpty())
        return;
    QString error;
    if (!m_window.exportTableCsv(path, &error))
        showError(WorkbenchWindow::tr("Table Not Exported"), error);
}

void WorkbenchCommands::writeReport() {
    const QString target = askReportPath(&m_window, m_window.shownRunId());
    if (target.isEmpty())
        return;
    QString error;
    if (!m_window.writeReport(target, &error))
        showError(WorkbenchWindow::tr("Report Not Written"), error);
}

void WorkbenchCommands::compareSelected() {
    const std::vector<core::Candidate> selected = m_window.selectedCandidates();
    if (selected.size() < 2) {
        m_window.statusBar()->showMessage(
            WorkbenchWindow::tr("Select two or more candidates to compare (Ctrl+click in the plot or table)."), 5000);
        return;
    }
    m_window.compareView()->setCandidates(selected);
    m_panels.bringForward(QStringLiteral("compare"));
}

void WorkbenchCommands::compareRuns(const QList<qint64>& runIds) {
    QString error;
    if (!m_window.compareRuns(runIds, &error))
        showError(WorkbenchWindow::tr("Runs Not Compared"), error);
}

void WorkbenchCommands::showComparison(const QStringList& labels, const QStringList& refused) {
    LogPanel* log = m_window.logPanel();
    log->append(0, WorkbenchWindow::tr("Comparing %1").arg(labels.join(QStringLiteral("; "))));
    for (const QString& reason : refused)
        log->append(1, reason);
    // A refusal stays in the status bar until the next message: it explains a missing run.
    m_window.statusBar()->showMessage(RunComparisonController::summary(labels, refused), refused.isEmpty() ? 10000 : 0);
    m_panels.bringForward(QStringLiteral("progress"));
    // The hypervolume curves and their legend need more room than one run's curve.
    if (QDockWidget* progress = m_panels.dock(QStringLiteral("progress")); progress && progress->height() < 380)
        m_window.resizeDocks({progress}, {380}, Qt::Vertical);
}

void WorkbenchCommands::showError(const QString& title, const QString& text) {
    m_window.logPanel()->append(2, text);
    QMessageBox::warning(&m_window, title, text);
}

} // namespace edgenas::app
