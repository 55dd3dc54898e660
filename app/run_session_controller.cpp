#include "run_session_controller.h"

// Its texts keep the translation context of the window they were written in first.
#include "workbench_window.h"
#include "run_follower.h"
#include "search_session.h"

#include <QDir>
#include <QFileInfo>

namespace edgenas::app {

RunSessionController::RunSessionController(QObject* parent) : QObject(parent) {}

RunSessionController::~RunSessionController() { shutdown(); }

void RunSessionController::setEvaluatorProvider(std::shared_ptr<search::EvaluatorProvider> provider) {
    m_provider = std::move(provider);
}

bool RunSessionController::isRunning() const { return m_session && m_session->isRunning(); }

bool RunSessionController::isPaused() const { return isRunning() && m_session->isPaused(); }

bool RunSessionController::start(const search::RunConfig& config, const QString& databasePath,
                                 const QString& runName, QString* error) {
    if (isRunning()) {
        if (error)
            *error = WorkbenchWindow::tr("A search is already running; stop it before starting another.");
        return false;
    }
    if (!launch(config, databasePath, -1, error))
        return false;
    m_session->start(QFileInfo(databasePath).absoluteFilePath(), config, runName);
    return true;
}

bool RunSessionController::resume(const QString& databasePath, qint64 runId, QString* error) {
    if (isRunning()) {
        if (error)
            *error = WorkbenchWindow::tr("A search is already running; stop it before resuming another.");
        return false;
    }
    // The stored config sets up the views; the session then sends the committed candidates.
    const std::optional<RunFollower::StoredRun> stored = RunFollower::readStoredRun(databasePath, runId, error);
    if (!stored || !launch(stored->config, databasePath, runId, error))
        return false;
    m_session->resume(QFileInfo(databasePath).absoluteFilePath(), runId);
    return true;
}

bool RunSessionController::launch(const search::RunConfig& config, const QString& databasePath, qint64 runId,
                                  QString* error) {
    const QFileInfo db(databasePath);
    if (databasePath.isEmpty() || !QDir().mkpath(db.absolutePath())) {
        if (error)
            *error = WorkbenchWindow::tr("The database folder %1 cannot be created.").arg(db.absolutePath());
        return false;
    }
    m_session.reset();
    m_session = std::make_unique<SearchSession>();
    if (m_provider)
        m_session->setEvaluatorProvider(m_provider);
    SearchSession* session = m_session.get();
    connect(session, &SearchSession::runStarted, this,
            [this, session](qint64 id) { emit runStarted(id, session->databasePath()); });
    connect(session, &SearchSession::candidatesArrived, this, &RunSessionController::candidatesArrived);
    connect(session, &SearchSession::generationsArrived, this, &RunSessionController::generationsArrived);
    connect(session, &SearchSession::logLine, this, &RunSessionController::logLine);
    connect(session, &SearchSession::progressChanged, this,
            [this](int done, int total, double) { emit progressChanged(done, total); });
    connect(session, &SearchSession::pausedChanged, this, &RunSessionController::pausedChanged);
    connect(session, &SearchSession::finished, this, &RunSessionController::finished);
    emit sessionLaunched(config, db.absoluteFilePath(), runId);
    return true;
}

void RunSessionController::togglePause() {
    if (!isRunning())
        return;
    if (m_session->isPaused())
        m_session->resumeRun();
    else
        m_session->pause();
}

bool RunSessionController::requestStop() {
    if (!isRunning())
        return false;
    m_session->requestStop();
    return true;
}

void RunSessionController::shutdown() {
    if (m_session)
        m_session->shutdown();
}

} // namespace edgenas::app
