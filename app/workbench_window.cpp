#include "workbench_window.h"

#include "candidate_selection.h"
#include "launch_dialog.h"
#include "log_panel.h"
#include "objective_naming.h"
#include "panel_host.h"
#include "panel_registry.h"
#include "run_browser.h"
#include "run_comparison_controller.h"
#include "run_exports.h"
#include "run_follower.h"
#include "run_progress_panel.h"
#include "run_session_controller.h"
#include "search_session.h"
#include "shown_run_views.h"
#include "steering_panel.h"
#include "window_settings.h"
#include "workbench_actions.h"
#include "workbench_commands.h"
#include "workbench_paths.h"

#include "search/method_registry.h"

#include "widgets/architecture_compare_view.h"
#include "widgets/architecture_view.h"
#include "widgets/candidate_table_view.h"
#include "widgets/pareto_plot.h"

#include <QAction>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QStatusBar>

namespace edgenas::app {

namespace {

bool isLiveStatus(const QString& status) {
    return status == QLatin1String("running") || status == QLatin1String("paused") ||
           status == QLatin1String("following");
}

} // namespace

WorkbenchWindow::WorkbenchWindow(QWidget* parent) : QMainWindow(parent) {
    registerAppMetaTypes();
    // The methods declare their own metrics (labels, directions) when they register: before any
    // view names one.
    search::MethodRegistry::global();
    setObjectName(QStringLiteral("WorkbenchWindow"));
    setWindowIcon(QIcon::fromTheme(QStringLiteral("applications-science")));
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);

    m_plot = new widgets::ParetoPlot;
    m_plot->setObjectName(QStringLiteral("paretoPlot"));
    setCentralWidget(m_plot);

    m_follower = new RunFollower(this);
    m_sessions = new RunSessionController(this);
    m_exports = new RunExports(this);
    m_actions = new WorkbenchActions(this);
    m_panels = std::make_unique<PanelHost>(
        *this, [this](const std::vector<std::string>& ids) { selectCandidatesByIdentity(ids); });
    createPanels();
    m_commands = new WorkbenchCommands(*this, *m_panels);
    m_actions->buildMenus(this, m_browser->recentMenu());
    m_panels->listIn(m_actions->panelsMenu());
    connectActions();
    connectSessions();
    connectExports();

    m_runLabel = new QLabel;
    statusBar()->addPermanentWidget(m_runLabel);
    statusBar()->showMessage(tr("Ready. Start a search with Ctrl+N or open a run database with Ctrl+O."));

    m_selection = new CandidateSelection(m_plot, m_table, m_architecture, m_compare, m_steering, *m_panels, this);
    m_views = std::make_unique<ShownRunViews>(
        ShownRunViews::Views{m_plot, m_table, m_architecture, m_compare, m_steering, m_progress, m_panels.get()});
    connect(m_selection, &CandidateSelection::changed, this, &WorkbenchWindow::updateActions);
    connect(m_plot, &widgets::ParetoPlot::axesChanged, this, [this] { m_views->showBounds(m_config); });

    connect(m_follower, &RunFollower::candidatesArrived, this, &WorkbenchWindow::addCandidates);
    connect(m_follower, &RunFollower::generationsArrived, this, &WorkbenchWindow::addGenerations);
    connect(m_follower, &RunFollower::statusChanged, this, [this](const QString& status) {
        m_status = status;
        m_progress->setStatus(m_follower->isFollowing() ? QStringLiteral("following") : status);
        logMessage(0, tr("Run %1 is now %2").arg(m_runId).arg(status));
        updateActions();
    });
    connect(m_follower, &RunFollower::failed, this, [this](const QString& error) { logMessage(2, error); });

    connect(m_browser, &RunBrowser::runActivated, m_commands, &WorkbenchCommands::showRun);
    connect(m_browser, &RunBrowser::resumeRequested, m_commands, &WorkbenchCommands::resumeRun);
    connect(m_browser, &RunBrowser::runDeleted, this, [this](const QString& path, qint64 runId) {
        if (path == m_databasePath && runId == m_runId && !isSearchRunning()) {
            m_follower->close();
            resetViews(search::RunConfig{}, QString(), -1, QString());
        }
    });
    connect(m_browser, &RunBrowser::errorOccurred, this, &WorkbenchWindow::showError);
    connectRunComparison();

    connect(m_steering, &SteeringPanel::boundsChanged, this,
            [this](const std::map<std::string, double>& ceilings, const std::map<std::string, double>& floors) {
                m_config.constraints = ceilings;
                m_config.lowerBounds = floors;
                m_views->showBounds(m_config);
            });
    connect(m_steering, &SteeringPanel::objectivesChanged, this, [this](const QStringList& objectives) {
        m_config.objectives.clear();
        for (const QString& o : objectives)
            m_config.objectives.push_back(o.toStdString());
        m_views->showAxes(m_config);
        m_panels->showFor(m_config); // a third objective brings the Objectives dock
    });
    connect(m_steering, &SteeringPanel::message, this, [this](const QString& text) {
        logMessage(0, text);
        statusBar()->showMessage(text, 5000);
    });

    resize(1280, 820);
    WindowSettings::restore(*this, *m_actions->logX, *m_browser);
    m_panels->showFor(m_config);
    updateActions();
    updateWindowTitle();
}

WorkbenchWindow::~WorkbenchWindow() { m_sessions->shutdown(); }

void WorkbenchWindow::connectActions() {
    connect(m_actions->newSearch, &QAction::triggered, this, &WorkbenchWindow::newSearch);
    connect(m_actions->openDatabase, &QAction::triggered, m_commands, &WorkbenchCommands::openDatabase);
    connect(m_actions->pause, &QAction::triggered, m_sessions, &RunSessionController::togglePause);
    connect(m_actions->stop, &QAction::triggered, this, &WorkbenchWindow::stopSearch);
    connect(m_actions->exportCandidate, &QAction::triggered, m_commands, &WorkbenchCommands::exportCandidate);
    connect(m_actions->exportCsv, &QAction::triggered, m_commands, &WorkbenchCommands::exportCsv);
    connect(m_actions->report, &QAction::triggered, m_commands, &WorkbenchCommands::writeReport);
    connect(m_actions->compare, &QAction::triggered, m_commands, &WorkbenchCommands::compareSelected);
    connect(m_actions->resetView, &QAction::triggered, m_plot, &widgets::ParetoPlot::resetView);
    connect(m_actions->logX, &QAction::toggled, m_plot, &widgets::ParetoPlot::setLogScaleX);
    connect(m_actions->quit, &QAction::triggered, this, &QWidget::close);
}

QDockWidget* WorkbenchWindow::addPanel(const QString& id, const QString& title, QWidget* widget,
                                       Qt::DockWidgetArea area, bool visible) {
    return m_panels->addPanel(id, title, widget, area, visible);
}

QDockWidget* WorkbenchWindow::panelDock(const QString& id) const { return m_panels->dock(id); }

QAction* WorkbenchWindow::pauseAction() const { return m_actions->pause; }

QAction* WorkbenchWindow::stopAction() const { return m_actions->stop; }

SearchSession* WorkbenchWindow::session() const { return m_sessions->session(); }

void WorkbenchWindow::createPanels() {
    m_table = new widgets::CandidateTableView;
    m_architecture = new widgets::ArchitectureView;
    m_compare = new widgets::ArchitectureCompareView;
    m_steering = new SteeringPanel;
    m_steering->addRunAction(m_actions->pause);
    m_steering->addRunAction(m_actions->stop);
    m_progress = new RunProgressPanel;
    m_log = new LogPanel;
    m_browser = new RunBrowser;

    m_panels->addBuiltInPanels({m_progress, m_steering, m_architecture, m_compare, m_table, m_browser, m_log});
    m_panels->addRegisteredPanels(m_config.method);
}

bool WorkbenchWindow::isSearchRunning() const { return m_sessions->isRunning(); }

void WorkbenchWindow::updateActions() {
    const bool running = isSearchRunning();
    m_actions->showRunState(running, m_sessions->isPaused());
    m_actions->exportCandidate->setEnabled(m_selection->ids().size() == 1 && !m_exports->isExporting());
    m_actions->exportCsv->setEnabled(m_table->model()->rowCount() > 0);
    m_actions->report->setEnabled(m_runId >= 0);
    m_actions->compare->setEnabled(m_selection->ids().size() >= 2);
    m_actions->clearComparison->setEnabled(m_comparison && m_comparison->isComparing());
    m_steering->setSession(running ? m_sessions->session() : nullptr);
    m_browser->setActiveRunId(running ? m_sessions->session()->runId() : -1);

    QString label;
    if (m_runId >= 0)
        label = tr("Run %1 · %2 · %3").arg(m_runId).arg(methodLabel(m_config.method), m_status);
    m_runLabel->setText(label);
}

void WorkbenchWindow::updateWindowTitle() {
    const QString file = m_databasePath.isEmpty() ? QString() : QFileInfo(m_databasePath).fileName();
    setWindowTitle(file.isEmpty() ? tr("EdgeNAS Workbench") : tr("%1 — EdgeNAS Workbench").arg(file));
}

// ---- the shown run -----------------------------------------------------------------------

void WorkbenchWindow::resetViews(const search::RunConfig& config, const QString& databasePath, qint64 runId,
                                 const QString& status) {
    m_config = config;
    m_databasePath = databasePath;
    m_runId = runId;
    m_status = status;
    m_selection->forget();
    m_comparison->setShownRun(databasePath, runId);  // ends the comparison with the run shown before
    m_views->reset(config, isLiveStatus(status));
    m_panels->showFor(m_config);
    updateActions();
    updateWindowTitle();
}

void WorkbenchWindow::connectRunComparison() {
    m_comparison = new RunComparisonController(m_plot, m_progress->hypervolumePlot(), this);
    connect(m_browser, &RunBrowser::compareRequested, m_commands,
            [this](const QString&, const QList<qint64>& runIds) { m_commands->compareRuns(runIds); });
    connect(m_actions->compareRuns, &QAction::triggered, m_commands,
            [this] { m_commands->compareRuns(m_browser->selectedRunIds()); });
    connect(m_actions->clearComparison, &QAction::triggered, this, &WorkbenchWindow::clearRunComparison);
    // The commands tell the user first; the actions follow the comparison's state after.
    connect(m_comparison, &RunComparisonController::comparisonShown, m_commands, &WorkbenchCommands::showComparison);
    connect(m_comparison, &RunComparisonController::comparisonFailed, m_commands,
            [this](const QString& error) { m_commands->showError(tr("Runs Not Compared"), error); });
    connect(m_comparison, &RunComparisonController::comparisonShown, this, &WorkbenchWindow::updateActions);
    connect(m_comparison, &RunComparisonController::comparisonFailed, this, &WorkbenchWindow::updateActions);
    connect(m_comparison, &RunComparisonController::comparisonCleared, this, &WorkbenchWindow::updateActions);
}

bool WorkbenchWindow::compareRuns(const QList<qint64>& runIds, QString* error) {
    if (!m_comparison->compareWithShown(runIds, error))
        return false;
    statusBar()->showMessage(tr("Reading the runs to compare…"), 5000);
    return true;
}

void WorkbenchWindow::clearRunComparison() { m_comparison->clear(); }

void WorkbenchWindow::addCandidates(const std::vector<core::Candidate>& candidates) {
    m_views->addCandidates(candidates);
    if (!m_actions->exportCsv->isEnabled())
        updateActions();
}

void WorkbenchWindow::addGenerations(const std::vector<search::GenerationSummary>& summaries) {
    m_views->addGenerations(summaries, !isLiveStatus(m_status) || !isSearchRunning());
    if (summaries.empty())
        return;
    const search::GenerationSummary& last = summaries.back();
    statusBar()->showMessage(tr("Generation %1: %2 evaluated, %n on the front, hypervolume %3", nullptr,
                                int(last.frontIds.size()))
                                 .arg(last.generation)
                                 .arg(last.evaluations)
                                 .arg(last.hypervolume, 0, 'f', 4),
                             4000);
}

QList<qint64> WorkbenchWindow::selectedIds() const { return m_selection->ids(); }

std::vector<core::Candidate> WorkbenchWindow::selectedCandidates() const { return m_selection->candidates(); }

void WorkbenchWindow::selectCandidates(const QList<qint64>& ids) { m_selection->select(ids); }

bool WorkbenchWindow::selectCandidatesByIdentity(const std::vector<std::string>& identities) {
    const QList<qint64> ids = MethodPanelDocks::idsOf(*m_table->model(), identities);
    if (ids.size() < qsizetype(identities.size()))
        statusBar()->showMessage(tr("%n of the chosen networks are not candidates of this run", nullptr,
                                    int(identities.size() - std::size_t(ids.size()))), 5000);
    selectCandidates(ids);
    if (!ids.isEmpty())
        m_panels->bringForward(ids.size() >= 2 ? QStringLiteral("compare") : QStringLiteral("architecture"));
    return ids.size() == qsizetype(identities.size());
}

// ---- running searches -------------------------------------------------------------------

void WorkbenchWindow::setEvaluatorProvider(std::shared_ptr<search::EvaluatorProvider> provider) {
    m_sessions->setEvaluatorProvider(std::move(provider));
}

void WorkbenchWindow::connectSessions() {
    connect(m_sessions, &RunSessionController::sessionLaunched, this, &WorkbenchWindow::onSessionLaunched);
    connect(m_sessions, &RunSessionController::runStarted, this, [this](qint64 runId, const QString& databasePath) {
        m_runId = runId;
        logMessage(0, tr("Run %1 started in %2").arg(runId).arg(databasePath));
        m_browser->setActiveRunId(runId);
        // The Runs panel shows the database the run goes to, with the run in it.
        const QString path = QFileInfo(databasePath).absoluteFilePath();
        if (m_browser->databasePath() == path)
            m_browser->refresh();
        else
            m_browser->openDatabase(path);
        m_browser->selectRun(runId);
        updateActions();
    });
    connect(m_sessions, &RunSessionController::candidatesArrived, this, &WorkbenchWindow::addCandidates);
    connect(m_sessions, &RunSessionController::generationsArrived, this, &WorkbenchWindow::addGenerations);
    connect(m_sessions, &RunSessionController::logLine, this, &WorkbenchWindow::logMessage);
    connect(m_sessions, &RunSessionController::progressChanged, m_progress, &RunProgressPanel::setProgress);
    connect(m_sessions, &RunSessionController::pausedChanged, this, [this](bool paused) {
        m_status = paused ? QStringLiteral("paused") : QStringLiteral("running");
        m_progress->setStatus(m_status);
        statusBar()->showMessage(paused ? tr("Pausing after the candidate under evaluation…") : tr("Resumed"), 5000);
        updateActions();
    });
    connect(m_sessions, &RunSessionController::finished, this, &WorkbenchWindow::onSessionFinished);
}

bool WorkbenchWindow::startSearch(const search::RunConfig& config, const QString& databasePath, const QString& runName,
                                  QString* error) {
    if (!m_sessions->start(config, databasePath, runName, error))
        return false;
    logMessage(0, tr("Starting %1 on %2 (%3 evaluations, population %4, seed %5)")
                      .arg(methodLabel(config.method), spaceLabel(config.space))
                      .arg(config.evaluations)
                      .arg(config.population)
                      .arg(config.seed));
    statusBar()->showMessage(tr("Search started"), 3000);
    updateActions();
    return true;
}

bool WorkbenchWindow::resumeSearch(const QString& databasePath, qint64 runId, QString* error) {
    if (!m_sessions->resume(databasePath, runId, error))
        return false;
    logMessage(0, tr("Resuming run %1 from its last committed generation").arg(runId));
    statusBar()->showMessage(tr("Search resumed"), 3000);
    updateActions();
    return true;
}

void WorkbenchWindow::onSessionLaunched(const search::RunConfig& config, const QString& databasePath, qint64 runId) {
    m_follower->close();
    m_log->clear();
    resetViews(config, databasePath, runId, QStringLiteral("running"));
}

void WorkbenchWindow::onSessionFinished(qint64 runId, const QString& status, const QString& error) {
    if (runId >= 0)
        m_runId = runId;
    m_status = status;
    m_progress->setStatus(status);
    const QString text = status == QLatin1String("finished")      ? tr("Run %1 finished").arg(runId)
                         : status == QLatin1String("interrupted") ? tr("Run %1 stopped; it can be resumed from the Runs panel").arg(runId)
                                                                  : tr("Run %1 failed").arg(runId);
    logMessage(status == QLatin1String("failed") ? 2 : 0, error.isEmpty() ? text : text + QStringLiteral(": ") + error);
    statusBar()->showMessage(text, 8000);
    m_browser->setActiveRunId(-1);
    if (m_browser->databasePath() != m_databasePath && QFileInfo::exists(m_databasePath))
        m_browser->openDatabase(m_databasePath);
    else if (m_browser->databasePath() == m_databasePath)
        m_browser->refresh();
    updateActions();
    emit searchFinished(runId, status);
    if (m_closeWhenStopped) {
        close();
        return;
    }
    if (status == QLatin1String("failed"))
        showError(tr("Search Failed"), error.isEmpty() ? text : tr("The search stopped with an error:\n%1").arg(error));
}

void WorkbenchWindow::stopSearch() {
    if (!m_sessions->requestStop())
        return;
    m_status = QStringLiteral("stopping");
    m_progress->setStatus(m_status);
    statusBar()->showMessage(tr("Stopping after the current step…"));
    updateActions();
}

bool WorkbenchWindow::openDatabase(const QString& path, QString* error) {
    if (!m_browser->openDatabase(path, error))
        return false;
    m_panels->bringForward(QStringLiteral("runs"));
    statusBar()->showMessage(tr("%n run(s) in %1", nullptr, int(m_browser->runs().size())).arg(path), 5000);
    return true;
}

bool WorkbenchWindow::showStoredRun(const QString& databasePath, qint64 runId, QString* error) {
    if (isSearchRunning() && session()->runId() == runId &&
        QFileInfo(session()->databasePath()) == QFileInfo(databasePath)) {
        statusBar()->showMessage(tr("Run %1 is the search running here; it is already shown.").arg(runId), 5000);
        return true;
    }
    if (isSearchRunning()) {
        if (error)
            *error = tr("A search is running in this window; stop it before showing another run.");
        return false;
    }
    const std::optional<RunFollower::StoredRun> stored = RunFollower::readStoredRun(databasePath, runId, error);
    if (!stored)
        return false;
    const QString status = stored->status;
    resetViews(stored->config, QFileInfo(databasePath).absoluteFilePath(), runId, status);
    m_log->clear();
    if (!m_follower->open(databasePath, runId, error))
        return false;
    m_plot->replotNow();
    if (m_follower->isFollowing()) {
        m_status = QStringLiteral("following");
        m_progress->setStatus(m_status);
        logMessage(0, tr("Following run %1: another process is writing it; the view updates as it commits.").arg(runId));
    } else {
        m_progress->setStatus(status);
    }
    logMessage(0, tr("Showing run %1 (%2) from %3: %n candidate(s)", nullptr, m_table->model()->rowCount())
                      .arg(runId)
                      .arg(QString::fromStdString(m_follower->record().name), databasePath));
    updateActions();
    return true;
}

// ---- dialogs ----------------------------------------------------------------------------

LaunchDialog* WorkbenchWindow::showLaunchDialog() {
    if (m_launchDialog) {
        m_launchDialog->raise();
        return m_launchDialog;
    }
    auto* dialog = new LaunchDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->restoreLastLaunch(defaultDatabasePath());
    connect(dialog, &QDialog::accepted, this, [this, dialog] { m_commands->startSearch(*dialog); });
    m_launchDialog = dialog;
    dialog->open();
    return dialog;
}

void WorkbenchWindow::newSearch() { showLaunchDialog(); }

void WorkbenchWindow::showError(const QString& title, const QString& text) { m_commands->showError(title, text); }

void WorkbenchWindow::logMessage(int level, const QString& text) { m_log->append(level, text); }

// ---- export and reports -----------------------------------------------------------------

bool WorkbenchWindow::exportTableCsv(const QString& path, QString* error) {
    return m_exports->writeTableCsv(*m_table->model(), path, error);
}

bool WorkbenchWindow::writeReport(const QString& path, QString* error) {
    return m_exports->writeReport(m_databasePath, m_runId, *m_plot, *m_progress->hypervolumePlot(), path, error);
}

bool WorkbenchWindow::exportSelectedCandidate(const QString& folder, bool weights, bool torchScript, QString* error) {
    const std::vector<core::Candidate> selected = selectedCandidates();
    if (selected.size() != 1) {
        if (error)
            *error = tr("Select exactly one candidate to export.");
        return false;
    }
    if (!m_exports->exportCandidate(selected.front(), m_config, m_databasePath, m_runId, folder, weights, torchScript,
                                    error))
        return false;
    updateActions();
    return true;
}

void WorkbenchWindow::connectExports() {
    connect(m_exports, &RunExports::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_exports, &RunExports::logLine, this, &WorkbenchWindow::logMessage);
    connect(m_exports, &RunExports::exportFinished, this, [this] { updateActions(); });
    connect(m_exports, &RunExports::exportFailed, this, [this] { updateActions(); });
    connect(m_exports, &RunExports::exportFinished, this, &WorkbenchWindow::exportFinished);
    connect(m_exports, &RunExports::exportFailed, this, &WorkbenchWindow::exportFailed);
}

void WorkbenchWindow::closeEvent(QCloseEvent* event) {
    if (isSearchRunning()) {
        // Stop cleanly: the engine marks the run interrupted, then the window closes itself.
        m_closeWhenStopped = true;
        stopSearch();
        statusBar()->showMessage(tr("Stopping the search before closing…"));
        event->ignore();
        return;
    }
    WindowSettings::save(*this, *m_actions->logX);
    event->accept();
}

} // namespace edgenas::app
