#pragma once

#include "core/candidate.h"
#include "search/candidate_evaluator.h"
#include "search/run_config.h"
#include "search/search_observer.h"

#include <QList>
#include <QMainWindow>
#include <QPointer>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;

namespace edgenas::widgets {
class ArchitectureCompareView;
class ArchitectureView;
class CandidateTableView;
class ParetoPlot;
} // namespace edgenas::widgets

namespace edgenas::app {

class CandidateSelection;
class LaunchDialog;
class LogPanel;
class PanelHost;
class RunBrowser;
class RunComparisonController;
class RunFollower;
class RunExports;
class RunProgressPanel;
class RunSessionController;
class SearchSession;
class ShownRunViews;
class SteeringPanel;
class WorkbenchActions;
class WorkbenchCommands;

/// The workbench's main window: the live Pareto plot in the centre and dock panels around it
/// (candidates, architecture, compare, steering, progress, log, runs, plus any registered in
/// PanelRegistry, hosted by a PanelHost). It wires the panels to the run being shown, which is
/// either the search this window runs (through its RunSessionController) or a stored run
/// replayed from a database and, if another process is still writing it, followed live. The
/// actions and menus are WorkbenchActions'. Nothing here waits on the engine.
class WorkbenchWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit WorkbenchWindow(QWidget* parent = nullptr);
    ~WorkbenchWindow() override;

    // Operations behind the actions; they report problems through `error` (the actions show
    // them in a dialog). Tests and scripts drive the window through these.

    /// Starts a search on its own thread; false if one is already running or the database
    /// folder cannot be used.
    bool startSearch(const search::RunConfig& config, const QString& databasePath, const QString& runName = {},
                     QString* error = nullptr);
    /// Continues an interrupted run of a database.
    bool resumeSearch(const QString& databasePath, qint64 runId, QString* error = nullptr);
    /// Lists a database's runs in the run browser.
    bool openDatabase(const QString& path, QString* error = nullptr);
    /// Replays a stored run into the views (following it while another process writes it).
    bool showStoredRun(const QString& databasePath, qint64 runId, QString* error = nullptr);
    /// Overlays these runs of the shown run's database on it (fronts on the plot, hypervolume
    /// curves on the progress panel, a legend entry each); built off the GUI thread, so the plots
    /// change when runComparison() emits comparisonShown. Runs with other objectives are left out
    /// with a message. False when no stored run is shown or no other run is given.
    bool compareRuns(const QList<qint64>& runIds, QString* error = nullptr);
    /// Removes the compared runs from the plots.
    void clearRunComparison();
    RunComparisonController* runComparison() const { return m_comparison; }
    /// Opens the launch dialog without blocking; the search starts when it is accepted.
    LaunchDialog* showLaunchDialog();

    /// Evaluators for the searches this window starts from now on (tests, benchmarks).
    void setEvaluatorProvider(std::shared_ptr<search::EvaluatorProvider> provider);

    void selectCandidates(const QList<qint64>& ids);
    /// Selects candidates by identity (Candidate::hash), as panels ask; false if any is not shown.
    bool selectCandidatesByIdentity(const std::vector<std::string>& identities);
    QList<qint64> selectedIds() const;
    std::vector<core::Candidate> selectedCandidates() const;

    /// Writes the candidate table (all candidates, one column per metric) as CSV.
    bool exportTableCsv(const QString& path, QString* error = nullptr);
    /// Starts exporting the selected candidate (architecture JSON always; trained weights and
    /// TorchScript when asked, which trains it first, off the GUI thread). Completion is
    /// reported by exportFinished / exportFailed.
    bool exportSelectedCandidate(const QString& folder, bool weights, bool torchScript, QString* error = nullptr);
    /// Writes the shown run's report; ".pdf" gives a PDF, anything else HTML.
    bool writeReport(const QString& path, QString* error = nullptr);

    // What the window shows, for tests and the screenshot tool.
    SearchSession* session() const;
    widgets::ParetoPlot* paretoPlot() const { return m_plot; }
    widgets::CandidateTableView* candidateTable() const { return m_table; }
    widgets::ArchitectureView* architectureView() const { return m_architecture; }
    widgets::ArchitectureCompareView* compareView() const { return m_compare; }
    RunBrowser* runBrowser() const { return m_browser; }
    SteeringPanel* steeringPanel() const { return m_steering; }
    RunProgressPanel* progressPanel() const { return m_progress; }
    LogPanel* logPanel() const { return m_log; }
    QDockWidget* panelDock(const QString& id) const;
    qint64 shownRunId() const { return m_runId; }
    QString shownDatabase() const { return m_databasePath; }
    QString shownStatus() const { return m_status; }
    bool isSearchRunning() const;
    QAction* pauseAction() const;
    QAction* stopAction() const;

    /// A panel docked beside the plot; also listed in the View menu. Takes ownership.
    QDockWidget* addPanel(const QString& id, const QString& title, QWidget* widget, Qt::DockWidgetArea area,
                          bool visible = true);

signals:
    /// The search this window ran has ended ("finished", "interrupted", "failed").
    void searchFinished(qint64 runId, const QString& status);
    void exportFinished(const QStringList& files);
    void exportFailed(const QString& error);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void connectActions();
    void createPanels();
    void connectSessions();
    void connectExports();
    void connectRunComparison();
    void updateActions();
    void updateWindowTitle();

    // The run being shown.
    void resetViews(const search::RunConfig& config, const QString& databasePath, qint64 runId, const QString& status);
    void addCandidates(const std::vector<core::Candidate>& candidates);
    void addGenerations(const std::vector<search::GenerationSummary>& summaries);

    void onSessionLaunched(const search::RunConfig& config, const QString& databasePath, qint64 runId);
    void onSessionFinished(qint64 runId, const QString& status, const QString& error);
    void stopSearch();
    void newSearch();
    void showError(const QString& title, const QString& text);
    void logMessage(int level, const QString& text);

    // Views
    widgets::ParetoPlot* m_plot = nullptr;
    widgets::CandidateTableView* m_table = nullptr;
    widgets::ArchitectureView* m_architecture = nullptr;
    widgets::ArchitectureCompareView* m_compare = nullptr;
    SteeringPanel* m_steering = nullptr;
    RunProgressPanel* m_progress = nullptr;
    LogPanel* m_log = nullptr;
    RunBrowser* m_browser = nullptr;
    std::unique_ptr<PanelHost> m_panels;
    std::unique_ptr<ShownRunViews> m_views;
    QLabel* m_runLabel = nullptr;
    WorkbenchActions* m_actions = nullptr;
    WorkbenchCommands* m_commands = nullptr;  // the interactive commands behind the actions

    // Sources of run data: the search this window runs, or a stored run.
    RunSessionController* m_sessions = nullptr;
    RunFollower* m_follower = nullptr;
    QPointer<LaunchDialog> m_launchDialog;
    RunExports* m_exports = nullptr;
    RunComparisonController* m_comparison = nullptr;
    CandidateSelection* m_selection = nullptr;

    // The shown run.
    search::RunConfig m_config;
    QString m_databasePath;
    qint64 m_runId = -1;
    QString m_status;
    bool m_closeWhenStopped = false;
};

} // namespace edgenas::app
