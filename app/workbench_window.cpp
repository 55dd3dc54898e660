#include "workbench_window.h"

#include "launch_dialog.h"
#include "log_panel.h"
#include "method_panel_docks.h"
#include "objective_naming.h"
#include "panel_registry.h"
#include "run_browser.h"
#include "run_follower.h"
#include "run_progress_panel.h"
#include "search_session.h"
#include "steering_panel.h"

#ifdef EDGENAS_HAVE_APP_EXPORT
#include "candidate_csv_writer.h"
#include "report_writer.h"
#include "run_report.h"
#if __has_include("candidate_exporter.h")
#include "candidate_exporter.h"
#define EDGENAS_HAVE_CANDIDATE_EXPORTER 1
#endif
#endif

#include "search/method_registry.h"
#include "search/run_database.h"
#include "store/run_reader.h"
#include "store/run_store.h"

#include "widgets/architecture_compare_view.h"
#include "widgets/architecture_view.h"
#include "widgets/candidate_table_view.h"
#include "widgets/hypervolume_plot.h"
#include "widgets/pareto_plot.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

#include <algorithm>

namespace edgenas::app {

namespace {

constexpr int kStateVersion = 1;
const char* kLastConfigKey = "launch/lastConfig";
const char* kLastDatabaseKey = "launch/database";

QString defaultDatabasePath() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/edgenas/runs");
    return QDir(dir).filePath(QStringLiteral("workbench.sqlite"));
}

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
    createActions();
    createPanels();
    createMenus();

    m_runLabel = new QLabel;
    statusBar()->addPermanentWidget(m_runLabel);
    statusBar()->showMessage(tr("Ready. Start a search with Ctrl+N or open a run database with Ctrl+O."));

    connect(m_plot, &widgets::ParetoPlot::selectionChanged, this, [this](QList<qint64> ids) { showSelection(ids, m_plot); });
    connect(m_table, &widgets::CandidateTableView::selectionChanged, this,
            [this](QList<qint64> ids) { showSelection(ids, m_table); });
    auto activate = [this](qint64 id) {
        showSelection({id}, nullptr);
        if (QDockWidget* dock = panelDock(QStringLiteral("architecture"))) {
            dock->show();
            dock->raise();
        }
    };
    connect(m_plot, &widgets::ParetoPlot::candidateActivated, this, activate);
    connect(m_table, &widgets::CandidateTableView::candidateActivated, this, activate);
    connect(m_plot, &widgets::ParetoPlot::axesChanged, this, [this] { applyBoundToPlot(); });

    connect(m_follower, &RunFollower::candidatesArrived, this, &WorkbenchWindow::addCandidates);
    connect(m_follower, &RunFollower::generationsArrived, this, &WorkbenchWindow::addGenerations);
    connect(m_follower, &RunFollower::statusChanged, this, [this](const QString& status) {
        m_status = status;
        m_progress->setStatus(m_follower->isFollowing() ? QStringLiteral("following") : status);
        logMessage(0, tr("Run %1 is now %2").arg(m_runId).arg(status));
        updateActions();
    });
    connect(m_follower, &RunFollower::failed, this, [this](const QString& error) { logMessage(2, error); });

    connect(m_browser, &RunBrowser::runActivated, this, [this](const QString& path, qint64 runId) {
        QString error;
        if (!showStoredRun(path, runId, &error))
            showError(tr("Run Not Shown"), error);
    });
    connect(m_browser, &RunBrowser::resumeRequested, this, [this](const QString& path, qint64 runId) {
        QString error;
        if (!resumeSearch(path, runId, &error))
            showError(tr("Run Not Resumed"), error);
    });
    connect(m_browser, &RunBrowser::runDeleted, this, [this](const QString& path, qint64 runId) {
        if (path == m_databasePath && runId == m_runId && !isSearchRunning()) {
            m_follower->close();
            resetViews(search::RunConfig{}, QString(), -1, QString());
        }
    });
    connect(m_browser, &RunBrowser::errorOccurred, this, &WorkbenchWindow::showError);

    connect(m_steering, &SteeringPanel::boundChanged, this, [this](const QString& metric, std::optional<double> bound) {
        if (bound)
            m_config.constraints[metric.toStdString()] = *bound;
        else
            m_config.constraints.erase(metric.toStdString());
        applyBoundToPlot();
    });
    connect(m_steering, &SteeringPanel::objectivesChanged, this, [this](const QStringList& objectives) {
        m_config.objectives.clear();
        for (const QString& o : objectives)
            m_config.objectives.push_back(o.toStdString());
        applyAxes(m_config.objectives);
    });
    connect(m_steering, &SteeringPanel::message, this, [this](const QString& text) {
        logMessage(0, text);
        statusBar()->showMessage(text, 5000);
    });

    resize(1280, 820);
    restoreSettings();
    m_methodPanels.showFor(m_config.method, *this);
    updateActions();
    updateWindowTitle();
}

WorkbenchWindow::~WorkbenchWindow() {
    if (m_session)
        m_session->shutdown();
}

void WorkbenchWindow::createActions() {
    m_newAction = new QAction(QIcon::fromTheme(QStringLiteral("document-new")), tr("&New Search…"), this);
    m_newAction->setShortcut(QKeySequence::New);
    m_newAction->setStatusTip(tr("Set up and start a search"));
    connect(m_newAction, &QAction::triggered, this, &WorkbenchWindow::newSearch);

    m_openAction = new QAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open Database…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("List the runs of a run database"));
    connect(m_openAction, &QAction::triggered, this, &WorkbenchWindow::openDatabaseInteractive);

    m_pauseAction = new QAction(style()->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), this);
    m_pauseAction->setShortcuts({QKeySequence(Qt::Key_Space), QKeySequence(Qt::CTRL | Qt::Key_P)});
    m_pauseAction->setStatusTip(tr("Pause or resume the running search (after the candidate in training)"));
    connect(m_pauseAction, &QAction::triggered, this, &WorkbenchWindow::togglePause);

    m_stopAction = new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("&Stop"), this);
    m_stopAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_stopAction->setStatusTip(tr("Stop the running search; it can be resumed later"));
    connect(m_stopAction, &QAction::triggered, this, &WorkbenchWindow::stopSearch);

    m_exportAction = new QAction(QIcon::fromTheme(QStringLiteral("document-save-as")), tr("&Export Candidate…"), this);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setStatusTip(tr("Save the selected candidate as architecture JSON, trained weights and TorchScript"));
    connect(m_exportAction, &QAction::triggered, this, &WorkbenchWindow::exportCandidateInteractive);

    m_csvAction = new QAction(tr("Export &Table as CSV…"), this);
    m_csvAction->setStatusTip(tr("Save every candidate with its figures as a CSV file"));
    connect(m_csvAction, &QAction::triggered, this, &WorkbenchWindow::exportCsvInteractive);

    m_reportAction = new QAction(QIcon::fromTheme(QStringLiteral("x-office-document")), tr("&Report…"), this);
    m_reportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_reportAction->setStatusTip(tr("Write the shown run's report as HTML or PDF"));
    connect(m_reportAction, &QAction::triggered, this, &WorkbenchWindow::reportInteractive);

    m_compareAction = new QAction(tr("&Compare Selected"), this);
    m_compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_compareAction->setStatusTip(tr("Compare the selected candidates side by side"));
    connect(m_compareAction, &QAction::triggered, this, &WorkbenchWindow::compareSelected);

    m_resetViewAction = new QAction(tr("&Reset Plot View"), this);
    m_resetViewAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(m_resetViewAction, &QAction::triggered, m_plot, &widgets::ParetoPlot::resetView);

    m_logXAction = new QAction(tr("&Logarithmic X Axis"), this);
    m_logXAction->setCheckable(true);
    connect(m_logXAction, &QAction::toggled, m_plot, &widgets::ParetoPlot::setLogScaleX);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
}

void WorkbenchWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newAction);
    file->addAction(m_openAction);
    QMenu* recent = m_browser->recentMenu();
    recent->setTitle(tr("Recent &Databases"));
    file->addMenu(recent);
    file->addSeparator();
    file->addAction(m_exportAction);
    file->addAction(m_csvAction);
    file->addAction(m_reportAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_pauseAction);
    run->addAction(m_stopAction);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(m_compareAction);
    m_viewMenu->addAction(m_resetViewAction);
    m_viewMenu->addAction(m_logXAction);
    m_viewMenu->addSeparator();
    m_panelsMenu = m_viewMenu->addMenu(tr("&Panels"));
    for (const auto& [id, dock] : m_docks)
        m_panelsMenu->addAction(dock->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About EdgeNAS Workbench"), this, [this] {
        QMessageBox::about(this, tr("About EdgeNAS Workbench"),
                           tr("<p><b>EdgeNAS Workbench</b> %1</p><p>Hardware-aware neural architecture search for "
                              "edge devices: launch, watch and steer searches, compare architectures, export models "
                              "and reports.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    QToolBar* tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->addAction(m_newAction);
    tools->addAction(m_openAction);
    tools->addSeparator();
    tools->addAction(m_pauseAction);
    tools->addAction(m_stopAction);
    tools->addSeparator();
    tools->addAction(m_exportAction);
    tools->addAction(m_reportAction);
    tools->addAction(m_compareAction);
}

QDockWidget* WorkbenchWindow::addPanel(const QString& id, const QString& title, QWidget* widget,
                                       Qt::DockWidgetArea area, bool visible) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(id + QStringLiteral("Dock"));
    dock->setWidget(widget);
    addDockWidget(area, dock);
    dock->setVisible(visible);
    m_docks.emplace_back(id, dock);
    if (m_panelsMenu)
        m_panelsMenu->addAction(dock->toggleViewAction());
    if (auto* panel = dynamic_cast<RunPanel*>(widget)) {
        m_runPanels.push_back(panel);
        panel->setSelectionRequest([this](const std::vector<std::string>& ids) { selectCandidatesByIdentity(ids); });
    }
    return dock;
}

QDockWidget* WorkbenchWindow::panelDock(const QString& id) const {
    for (const auto& [name, dock] : m_docks)
        if (name == id)
            return dock;
    return nullptr;
}

void WorkbenchWindow::createPanels() {
    m_table = new widgets::CandidateTableView;
    m_architecture = new widgets::ArchitectureView;
    m_compare = new widgets::ArchitectureCompareView;
    m_steering = new SteeringPanel;
    m_steering->addRunAction(m_pauseAction);
    m_steering->addRunAction(m_stopAction);
    m_progress = new RunProgressPanel;
    m_log = new LogPanel;
    m_browser = new RunBrowser;

    // Left: how the run goes and how to steer it; right: the selected networks; bottom: lists.
    QDockWidget* progress = addPanel(QStringLiteral("progress"), tr("Progress"), m_progress, Qt::LeftDockWidgetArea);
    QDockWidget* steering = addPanel(QStringLiteral("steering"), tr("Steering"), m_steering, Qt::LeftDockWidgetArea);
    QDockWidget* architecture =
        addPanel(QStringLiteral("architecture"), tr("Architecture"), m_architecture, Qt::RightDockWidgetArea);
    QDockWidget* compare = addPanel(QStringLiteral("compare"), tr("Compare"), m_compare, Qt::RightDockWidgetArea);
    QDockWidget* table = addPanel(QStringLiteral("table"), tr("Candidates"), m_table, Qt::BottomDockWidgetArea);
    QDockWidget* runs = addPanel(QStringLiteral("runs"), tr("Runs"), m_browser, Qt::BottomDockWidgetArea);
    QDockWidget* log = addPanel(QStringLiteral("log"), tr("Log"), m_log, Qt::BottomDockWidgetArea);
    splitDockWidget(progress, steering, Qt::Vertical);
    tabifyDockWidget(architecture, compare);
    tabifyDockWidget(table, runs);
    tabifyDockWidget(runs, log);
    architecture->raise();
    table->raise();
    resizeDocks({progress, architecture}, {300, 380}, Qt::Horizontal);
    resizeDocks({table}, {230}, Qt::Vertical);

    // Later modules (GOS, HADAS, GRAM views) add theirs through the registry.
    for (const PanelSpec& spec : PanelRegistry::panels()) {
        if (!spec.create)
            continue;
        QDockWidget* dock = addPanel(spec.id, spec.title ? spec.title() : spec.id, spec.create(), spec.area,
                                     spec.visibleByDefault && spec.isFor(m_config.method));
        if (QDockWidget* beside = panelDock(spec.tabifyWith))
            tabifyDockWidget(beside, dock);
        if (!spec.methods.empty())
            m_methodPanels.add(dock, spec.methods);
    }
}


void WorkbenchWindow::restoreSettings() {
    QSettings settings;
    if (const QByteArray geometry = settings.value(QStringLiteral("window/geometry")).toByteArray(); !geometry.isEmpty())
        restoreGeometry(geometry);
    if (const QByteArray state = settings.value(QStringLiteral("window/state")).toByteArray(); !state.isEmpty())
        restoreState(state, kStateVersion);
    m_logXAction->setChecked(settings.value(QStringLiteral("plot/logX"), false).toBool());
    const QStringList recent = m_browser->recentFiles();
    if (!recent.isEmpty() && QFileInfo::exists(recent.first()))
        m_browser->openDatabase(recent.first());
}

void WorkbenchWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState(kStateVersion));
    settings.setValue(QStringLiteral("plot/logX"), m_logXAction->isChecked());
}

bool WorkbenchWindow::isSearchRunning() const { return m_session && m_session->isRunning(); }

void WorkbenchWindow::updateActions() {
    const bool running = isSearchRunning();
    m_pauseAction->setEnabled(running);
    const bool paused = running && m_session->isPaused();
    m_pauseAction->setText(paused ? tr("Res&ume") : tr("&Pause"));
    m_pauseAction->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    m_stopAction->setEnabled(running);
    m_exportAction->setEnabled(m_selectedIds.size() == 1 && !m_exporter);
    m_csvAction->setEnabled(m_table->model()->rowCount() > 0);
    m_reportAction->setEnabled(m_runId >= 0);
    m_compareAction->setEnabled(m_selectedIds.size() >= 2);
    m_newAction->setEnabled(!running);
    m_steering->setSession(running ? m_session.get() : nullptr);
    m_browser->setActiveRunId(running ? m_session->runId() : -1);

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
    m_hypervolume.clear();
    m_frontIds.clear();
    m_selectedIds.clear();
    m_plot->clear();
    m_table->model()->clear();
    m_architecture->clearView();
    m_compare->setCandidates({});
    m_progress->reset(isLiveStatus(status));
    applyAxes(config.objectives);
    m_steering->setRunSettings(config.objectives, config.constraints);
    m_steering->setSelection({});
    const bool onDevice = std::any_of(config.objectives.begin(), config.objectives.end(),
                                      [](const std::string& o) { return o == "latency" || o == "energy"; });
    m_architecture->setDevice(onDevice ? QString::fromStdString(config.device) : QString(),
                              QString::fromStdString(config.dvfs));
    for (RunPanel* panel : m_runPanels)
        panel->runCleared(config);
    m_methodPanels.showFor(m_config.method, *this);
    updateActions();
    updateWindowTitle();
}

void WorkbenchWindow::applyAxes(const std::vector<std::string>& objectives) {
    // y: the maximised objective (accuracy), x: the first cost objective. A method may prefer a
    // metric for y (HW-EvRSNAS trains only its finalists, so it draws candidates by their
    // similarity to the reference). Two costs and no maximised objective (params against latency):
    // the second cost goes up the y axis, or the plot would wait for an accuracy never computed.
    const search::MethodDescriptor* method = search::MethodRegistry::global().find(m_config.method);
    const bool methodPrefersY = method && !method->plotY.empty();
    QString x = method && !method->plotX.empty() ? QString::fromStdString(method->plotX) : QStringLiteral("params");
    QString y = methodPrefersY ? QString::fromStdString(method->plotY) : QStringLiteral("accuracy");
    bool haveY = false;
    std::vector<QString> costs;
    for (const std::string& o : objectives) {
        if (search::isMaximised(o)) {
            y = metricOfObjective(o);
            haveY = true;
        } else {
            costs.push_back(metricOfObjective(o));
        }
    }
    if (!costs.empty())
        x = costs.front();
    if (!haveY && !methodPrefersY && costs.size() >= 2)
        y = costs[1];
    m_plot->setAxes(x, y);
    applyBoundToPlot();
}

void WorkbenchWindow::applyBoundToPlot() {
    std::optional<double> bound;
    for (const auto& [name, value] : m_config.constraints)
        if (metricOfObjective(name) == m_plot->xMetric())
            bound = value;
    m_plot->setConstraint(bound);
}

void WorkbenchWindow::addCandidates(const std::vector<core::Candidate>& candidates) {
    m_plot->addCandidates(candidates);
    m_table->model()->appendCandidates(candidates);
    for (RunPanel* panel : m_runPanels)
        panel->candidatesAdded(candidates);
    if (!m_csvAction->isEnabled())
        updateActions();
}

void WorkbenchWindow::addGenerations(const std::vector<search::GenerationSummary>& summaries) {
    for (const search::GenerationSummary& s : summaries) {
        m_hypervolume.emplace_back(s.evaluations, s.hypervolume);
        m_progress->addHypervolume(s.evaluations, s.hypervolume);
        if (!isLiveStatus(m_status) || !isSearchRunning())
            m_progress->setProgress(s.evaluations, s.budget);
    }
    std::vector<store::MethodStateRecord> records;
    for (const search::GenerationSummary& s : summaries)
        for (const core::ResultRecord& r : s.records)
            records.push_back({s.generation, r});
    if (!records.empty())
        for (RunPanel* panel : m_runPanels)
            panel->runRecordsAdded(records);
    if (!summaries.empty()) {
        const search::GenerationSummary& last = summaries.back();
        m_frontIds = QList<qint64>(last.frontIds.begin(), last.frontIds.end());
        m_table->model()->setFrontIds(m_frontIds);
        statusBar()->showMessage(tr("Generation %1: %2 evaluated, %n on the front, hypervolume %3", nullptr,
                                    int(m_frontIds.size()))
                                     .arg(last.generation)
                                     .arg(last.evaluations)
                                     .arg(last.hypervolume, 0, 'f', 4),
                                 4000);
    }
}

std::vector<core::Candidate> WorkbenchWindow::selectedCandidates() const {
    std::vector<core::Candidate> out;
    const widgets::CandidateTableModel* model = m_table->model();
    for (qint64 id : m_selectedIds)
        if (const int row = model->rowOfId(id); row >= 0)
            out.push_back(model->candidateAt(row));
    return out;
}

void WorkbenchWindow::selectCandidates(const QList<qint64>& ids) {
    m_plot->setSelectedIds(ids);
    m_table->setSelectedIds(ids);
    showSelection(ids, this);
}

bool WorkbenchWindow::selectCandidatesByIdentity(const std::vector<std::string>& identities) {
    const QList<qint64> ids = MethodPanelDocks::idsOf(*m_table->model(), identities);
    if (ids.size() < qsizetype(identities.size()))
        statusBar()->showMessage(tr("%n of the chosen networks are not candidates of this run", nullptr,
                                    int(identities.size() - std::size_t(ids.size()))), 5000);
    selectCandidates(ids);
    if (QDockWidget* dock = panelDock(ids.size() >= 2 ? QStringLiteral("compare") : QStringLiteral("architecture")); dock && !ids.isEmpty()) {
        dock->show();
        dock->raise();
    }
    return ids.size() == qsizetype(identities.size());
}

void WorkbenchWindow::showSelection(const QList<qint64>& ids, QObject* source) {
    m_selectedIds = ids;
    // Mirror into the other view; the views do not echo what they are told.
    if (source != m_plot)
        m_plot->setSelectedIds(ids);
    if (source != m_table)
        m_table->setSelectedIds(ids);
    const std::vector<core::Candidate> selected = selectedCandidates();
    if (selected.empty())
        m_architecture->clearView();
    else
        m_architecture->setCandidate(selected.front());
    if (selected.size() >= 2)
        m_compare->setCandidates(selected);
    m_steering->setSelection(selected);
    for (RunPanel* panel : m_runPanels)
        panel->selectionChanged(selected);
    updateActions();
}

void WorkbenchWindow::compareSelected() {
    const std::vector<core::Candidate> selected = selectedCandidates();
    if (selected.size() < 2) {
        statusBar()->showMessage(tr("Select two or more candidates to compare (Ctrl+click in the plot or table)."), 5000);
        return;
    }
    m_compare->setCandidates(selected);
    if (QDockWidget* dock = panelDock(QStringLiteral("compare"))) {
        dock->show();
        dock->raise();
    }
}

// ---- running searches -------------------------------------------------------------------

void WorkbenchWindow::setEvaluatorProvider(std::shared_ptr<search::EvaluatorProvider> provider) {
    m_provider = std::move(provider);
}

bool WorkbenchWindow::startSearch(const search::RunConfig& config, const QString& databasePath, const QString& runName,
                                  QString* error) {
    if (isSearchRunning()) {
        if (error)
            *error = tr("A search is already running; stop it before starting another.");
        return false;
    }
    if (!launchSession(config, databasePath, error))
        return false;
    m_session->start(m_databasePath, config, runName);
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
    if (isSearchRunning()) {
        if (error)
            *error = tr("A search is already running; stop it before resuming another.");
        return false;
    }
    // The stored config sets up the views; the session then sends the committed candidates.
    RunFollower probe;
    if (!probe.open(databasePath, runId, error))
        return false;
    const search::RunConfig config = probe.config();
    probe.close();
    if (!launchSession(config, databasePath, error))
        return false;
    m_runId = runId;
    m_session->resume(m_databasePath, runId);
    logMessage(0, tr("Resuming run %1 from its last committed generation").arg(runId));
    statusBar()->showMessage(tr("Search resumed"), 3000);
    updateActions();
    return true;
}

bool WorkbenchWindow::launchSession(const search::RunConfig& config, const QString& databasePath, QString* error) {
    const QFileInfo db(databasePath);
    if (databasePath.isEmpty() || !QDir().mkpath(db.absolutePath())) {
        if (error)
            *error = tr("The database folder %1 cannot be created.").arg(db.absolutePath());
        return false;
    }
    m_follower->close();
    m_session.reset();
    m_session = std::make_unique<SearchSession>();
    if (m_provider)
        m_session->setEvaluatorProvider(m_provider);
    SearchSession* session = m_session.get();
    connect(session, &SearchSession::runStarted, this, [this, session](qint64 runId) {
        m_runId = runId;
        logMessage(0, tr("Run %1 started in %2").arg(runId).arg(session->databasePath()));
        m_browser->setActiveRunId(runId);
        // The Runs panel shows the database the run goes to, with the run in it.
        const QString path = QFileInfo(session->databasePath()).absoluteFilePath();
        if (m_browser->databasePath() == path)
            m_browser->refresh();
        else
            m_browser->openDatabase(path);
        m_browser->selectRun(runId);
        updateActions();
    });
    connect(session, &SearchSession::candidatesArrived, this, &WorkbenchWindow::addCandidates);
    connect(session, &SearchSession::generationsArrived, this, &WorkbenchWindow::addGenerations);
    connect(session, &SearchSession::logLine, this, &WorkbenchWindow::logMessage);
    connect(session, &SearchSession::progressChanged, this,
            [this](int done, int total, double) { m_progress->setProgress(done, total); });
    connect(session, &SearchSession::pausedChanged, this, [this](bool paused) {
        m_status = paused ? QStringLiteral("paused") : QStringLiteral("running");
        m_progress->setStatus(m_status);
        statusBar()->showMessage(paused ? tr("Pausing after the candidate under evaluation…") : tr("Resumed"), 5000);
        updateActions();
    });
    connect(session, &SearchSession::finished, this, &WorkbenchWindow::onSessionFinished);

    m_log->clear();
    resetViews(config, db.absoluteFilePath(), -1, QStringLiteral("running"));
    return true;
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

void WorkbenchWindow::togglePause() {
    if (!isSearchRunning())
        return;
    if (m_session->isPaused())
        m_session->resumeRun();
    else
        m_session->pause();
}

void WorkbenchWindow::stopSearch() {
    if (!isSearchRunning())
        return;
    m_session->requestStop();
    m_status = QStringLiteral("stopping");
    m_progress->setStatus(m_status);
    statusBar()->showMessage(tr("Stopping after the current step…"));
    updateActions();
}

bool WorkbenchWindow::openDatabase(const QString& path, QString* error) {
    if (!m_browser->openDatabase(path, error))
        return false;
    if (QDockWidget* dock = panelDock(QStringLiteral("runs"))) {
        dock->show();
        dock->raise();
    }
    statusBar()->showMessage(tr("%n run(s) in %1", nullptr, int(m_browser->runs().size())).arg(path), 5000);
    return true;
}

bool WorkbenchWindow::showStoredRun(const QString& databasePath, qint64 runId, QString* error) {
    if (isSearchRunning() && m_session->runId() == runId &&
        QFileInfo(m_session->databasePath()) == QFileInfo(databasePath)) {
        statusBar()->showMessage(tr("Run %1 is the search running here; it is already shown.").arg(runId), 5000);
        return true;
    }
    if (isSearchRunning()) {
        if (error)
            *error = tr("A search is running in this window; stop it before showing another run.");
        return false;
    }
    RunFollower probe;
    if (!probe.open(databasePath, runId, error))
        return false;
    const search::RunConfig config = probe.config();
    const QString status = QString::fromStdString(probe.record().status);
    probe.close();
    resetViews(config, QFileInfo(databasePath).absoluteFilePath(), runId, status);
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
    QSettings settings;
    const QString last = settings.value(QLatin1String(kLastConfigKey)).toString();
    if (!last.isEmpty()) {
        try {
            dialog->setConfig(search::runConfigFromJson(last.toStdString()));
        } catch (const std::exception&) {
            // A config saved by an older build that this one refuses: start from the defaults.
        }
    }
    dialog->setDatabasePath(settings.value(QLatin1String(kLastDatabaseKey), defaultDatabasePath()).toString());
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const search::RunConfig config = dialog->config();
        QSettings s;
        s.setValue(QLatin1String(kLastConfigKey), QString::fromStdString(search::toJson(config)));
        s.setValue(QLatin1String(kLastDatabaseKey), dialog->databasePath());
        QString error;
        if (!startSearch(config, dialog->databasePath(), dialog->runName(), &error))
            showError(tr("Search Not Started"), error);
    });
    m_launchDialog = dialog;
    dialog->open();
    return dialog;
}

void WorkbenchWindow::newSearch() { showLaunchDialog(); }

void WorkbenchWindow::openDatabaseInteractive() {
    QString start = m_browser->databasePath();
    if (start.isEmpty())
        start = QFileInfo(defaultDatabasePath()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Run Database"), start,
                                                      tr("Run databases (*.sqlite *.db);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!openDatabase(path, &error))
        showError(tr("Database Not Opened"), error);
}

void WorkbenchWindow::showError(const QString& title, const QString& text) {
    logMessage(2, text);
    QMessageBox::warning(this, title, text);
}

void WorkbenchWindow::logMessage(int level, const QString& text) { m_log->append(level, text); }

// ---- export and reports -----------------------------------------------------------------

bool WorkbenchWindow::exportTableCsv(const QString& path, QString* error) {
    const widgets::CandidateTableModel* model = m_table->model();
    if (model->rowCount() == 0) {
        if (error)
            *error = tr("There are no candidates to export.");
        return false;
    }
#ifdef EDGENAS_HAVE_APP_EXPORT
    std::vector<core::Candidate> all;
    all.reserve(std::size_t(model->rowCount()));
    for (int row = 0; row < model->rowCount(); ++row)
        all.push_back(model->candidateAt(row));
    try {
        writeCandidatesCsv(path, all, model->metricNames());
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    statusBar()->showMessage(tr("%n candidate(s) written to %1", nullptr, int(all.size())).arg(path), 5000);
    return true;
#else
    if (error)
        *error = tr("This build has no export support.");
    return false;
#endif
}

bool WorkbenchWindow::writeReport(const QString& path, QString* error) {
    if (m_runId < 0 || m_databasePath.isEmpty()) {
        if (error)
            *error = tr("There is no run to report on: start a search or open one from the Runs panel.");
        return false;
    }
#ifdef EDGENAS_HAVE_APP_EXPORT
    try {
        const store::RunReader reader = search::openRunReader(m_databasePath.toStdString());
        RunReport report = runReportFromStore(reader, m_runId);
        m_plot->replotNow();
        report.paretoImage = m_plot->renderImage(QSize(1000, 640));
        m_progress->hypervolumePlot()->replotNow();
        report.hypervolumeImage = m_progress->hypervolumePlot()->renderImage(QSize(1000, 360));
        if (path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive))
            writePdfReport(report, path);
        else
            writeHtmlReport(report, path);
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    recordArtefact(QStringLiteral("report"), QFileInfo(path).absoluteFilePath(), -1);
    statusBar()->showMessage(tr("Report written to %1").arg(path), 5000);
    logMessage(0, tr("Report written to %1").arg(path));
    return true;
#else
    if (error)
        *error = tr("This build has no export support.");
    return false;
#endif
}

bool WorkbenchWindow::exportSelectedCandidate(const QString& folder, bool weights, bool torchScript, QString* error) {
    const std::vector<core::Candidate> selected = selectedCandidates();
    if (selected.size() != 1) {
        if (error)
            *error = tr("Select exactly one candidate to export.");
        return false;
    }
    if (m_exporter) {
        if (error)
            *error = tr("An export is still running.");
        return false;
    }
    if (!QFileInfo(folder).isDir()) {
        if (error)
            *error = tr("The folder %1 does not exist.").arg(folder);
        return false;
    }
#ifdef EDGENAS_HAVE_CANDIDATE_EXPORTER
    auto* exporter = new CandidateExporter(this);
    m_exporter = exporter;
    connect(exporter, &CandidateExporter::progress, this, [this](const QString& text) {
        statusBar()->showMessage(text);
        logMessage(0, text);
    });
    auto done = [this, exporter] {
        m_exporter = nullptr;
        exporter->deleteLater();
        updateActions();
    };
    const qint64 candidateId = selected.front().id;
    connect(exporter, &CandidateExporter::finished, this, [this, done, candidateId](const QStringList& files) {
        done();
        for (const QString& file : files)
            recordArtefact(CandidateExporter::artefactKind(file), file, candidateId);
        const QString text = tr("Exported %1").arg(files.join(QStringLiteral(", ")));
        statusBar()->showMessage(text, 8000);
        logMessage(0, text);
        emit exportFinished(files);
    });
    connect(exporter, &CandidateExporter::failed, this, [this, done](const QString& why) {
        done();
        logMessage(2, why);
        emit exportFailed(why);
    });
    ExportKinds kinds = ExportKind::Architecture;
    if (weights)
        kinds |= ExportKind::Weights;
    if (torchScript)
        kinds |= ExportKind::TorchScript;
    exporter->exportCandidate(selected.front(), m_config, folder, kinds);
    updateActions();
    return true;
#else
    Q_UNUSED(weights);
    Q_UNUSED(torchScript);
    if (error)
        *error = tr("This build has no export support.");
    return false;
#endif
}

void WorkbenchWindow::recordArtefact(const QString& kind, const QString& path, qint64 candidateId) {
    if (m_runId < 0 || m_databasePath.isEmpty() || kind.isEmpty())
        return;
    // The run keeps a list of what was made from it; failing to note it must not fail the export.
    try {
        store::ArtefactRecord artefact;
        artefact.runId = m_runId;
        if (candidateId >= 0)
            artefact.candidateId = candidateId;
        artefact.kind = kind.toStdString();
        artefact.path = path.toStdString();
        search::openRunStore(m_databasePath.toStdString()).addArtefact(artefact);
    } catch (const std::exception& e) {
        logMessage(1, tr("%1 was written but could not be listed in the run: %2").arg(path, QString::fromUtf8(e.what())));
    }
}

void WorkbenchWindow::exportCandidateInteractive() {
    const std::vector<core::Candidate> selected = selectedCandidates();
    if (selected.size() != 1) {
        statusBar()->showMessage(tr("Select one candidate in the plot or table to export it."), 5000);
        return;
    }
    // One small dialog: where, and which files (training takes a while, so it is optional).
    QDialog ask(this);
    ask.setWindowTitle(tr("Export Candidate %1").arg(selected.front().id));
    auto* folder = new QLineEdit(QSettings().value(QStringLiteral("export/folder"), QDir::homePath()).toString());
    auto* browse = new QPushButton(tr("Browse…"));
    auto* json = new QCheckBox(tr("Architecture JSON"));
    json->setChecked(true);
    json->setEnabled(false);
    auto* weights = new QCheckBox(tr("Trained weights (.pt) — trains the network with the run's settings"));
    auto* script = new QCheckBox(tr("TorchScript (.torchscript.pt) for torch.jit.load"));
    weights->setChecked(true);
    script->setChecked(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Export"));
    auto* row = new QHBoxLayout;
    row->addWidget(folder, 1);
    row->addWidget(browse);
    auto* layout = new QVBoxLayout(&ask);
    layout->addWidget(new QLabel(tr("Folder:")));
    layout->addLayout(row);
    layout->addWidget(json);
    layout->addWidget(weights);
    layout->addWidget(script);
    layout->addWidget(buttons);
    connect(browse, &QPushButton::clicked, &ask, [&] {
        const QString dir = QFileDialog::getExistingDirectory(&ask, tr("Export Folder"), folder->text());
        if (!dir.isEmpty())
            folder->setText(dir);
    });
    connect(buttons, &QDialogButtonBox::accepted, &ask, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &ask, &QDialog::reject);
    if (ask.exec() != QDialog::Accepted)
        return;
    QSettings().setValue(QStringLiteral("export/folder"), folder->text());
    QString error;
    if (!exportSelectedCandidate(folder->text(), weights->isChecked(), script->isChecked(), &error))
        showError(tr("Candidate Not Exported"), error);
}

void WorkbenchWindow::exportCsvInteractive() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Candidates as CSV"),
                                                      QSettings().value(QStringLiteral("export/folder"), QDir::homePath()).toString() +
                                                          QStringLiteral("/candidates.csv"),
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportTableCsv(path, &error))
        showError(tr("Table Not Exported"), error);
}

void WorkbenchWindow::reportInteractive() {
    QString selectedFilter;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Write Run Report"),
        QSettings().value(QStringLiteral("export/folder"), QDir::homePath()).toString() +
            QStringLiteral("/run-%1-report.html").arg(m_runId),
        tr("HTML report (*.html);;PDF report (*.pdf)"), &selectedFilter);
    if (path.isEmpty())
        return;
    QString target = path;
    if (QFileInfo(target).suffix().isEmpty())
        target += selectedFilter.contains(QStringLiteral("pdf")) ? QStringLiteral(".pdf") : QStringLiteral(".html");
    QString error;
    if (!writeReport(target, &error))
        showError(tr("Report Not Written"), error);
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
    saveSettings();
    event->accept();
}

} // namespace edgenas::app
