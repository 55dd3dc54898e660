#include "search_session.h"

#include "search_worker.h"

#include <QStringList>

namespace edgenas::app {

namespace {
constexpr int kDrainIntervalMs = 40;
}

SearchSession::SearchSession(QObject* parent)
    : QObject(parent), m_control(std::make_shared<search::SearchControl>()) {
    registerAppMetaTypes();
    m_thread.setObjectName(QStringLiteral("edgenas-search"));
    m_worker = new SearchWorker(m_control);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    // Queued (the worker lives on another thread): the engine never waits for the GUI.
    connect(m_worker, &SearchWorker::runStarted, this, [this](qint64 id) {
        m_runId = id;
        emit runStarted(id);
    });
    connect(m_worker, &SearchWorker::candidatesCommitted, this, &SearchSession::onCandidates);
    connect(m_worker, &SearchWorker::generationFinished, this, &SearchSession::onGeneration);
    connect(m_worker, &SearchWorker::logLine, this, &SearchSession::onLog);
    connect(m_worker, &SearchWorker::progress, this, &SearchSession::onProgress);
    connect(m_worker, &SearchWorker::finished, this, &SearchSession::onFinished);

    m_drain.setSingleShot(true);
    m_drain.setInterval(kDrainIntervalMs);
    connect(&m_drain, &QTimer::timeout, this, &SearchSession::flush);
}

SearchSession::~SearchSession() { shutdown(); }

void SearchSession::setEvaluatorProvider(std::shared_ptr<search::EvaluatorProvider> provider) {
    if (m_worker && !m_started)
        m_worker->setEvaluatorProvider(std::move(provider));
}

void SearchSession::launch() {
    m_started = true;
    m_running = true;
    m_status = QStringLiteral("running");
    m_thread.start();
}

void SearchSession::start(const QString& databasePath, const search::RunConfig& config, const QString& runName) {
    if (m_started)
        return;
    m_config = config;
    m_databasePath = databasePath;
    launch();
    SearchWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, databasePath, config, runName] { worker->startRun(databasePath, config, runName); },
        Qt::QueuedConnection);
}

void SearchSession::resume(const QString& databasePath, qint64 runId, int threads) {
    if (m_started)
        return;
    m_databasePath = databasePath;
    m_runId = runId;
    launch();
    SearchWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, databasePath, runId, threads] { worker->resumeRun(databasePath, runId, threads); },
        Qt::QueuedConnection);
}

void SearchSession::pause() {
    // Allowed before start() too: the engine then waits before its first evaluation.
    if (m_paused || (m_started && !m_running))
        return;
    m_control->pause();
    m_paused = true;
    emit pausedChanged(true);
}

void SearchSession::resumeRun() {
    if (!m_paused)
        return;
    m_control->resume();
    m_paused = false;
    emit pausedChanged(false);
}

void SearchSession::requestStop() {
    m_control->requestStop();
    // A paused engine sleeps in waitWhilePaused(); the stop request wakes it.
    if (m_paused) {
        m_paused = false;
        emit pausedChanged(false);
    }
}

void SearchSession::setConstraint(const QString& metric, double bound) { m_control->setConstraint(metric.toStdString(), bound); }

void SearchSession::clearConstraint(const QString& metric) { m_control->clearConstraint(metric.toStdString()); }

void SearchSession::setLowerBound(const QString& metric, double bound) { m_control->setLowerBound(metric.toStdString(), bound); }

void SearchSession::clearLowerBound(const QString& metric) { m_control->clearLowerBound(metric.toStdString()); }

void SearchSession::setObjectives(const QStringList& objectives) {
    std::vector<std::string> names;
    for (const QString& o : objectives)
        names.push_back(o.toStdString());
    m_control->setObjectives(std::move(names));
}

void SearchSession::injectCandidate(const QString& architectureJson) {
    m_control->injectCandidate(architectureJson.toStdString());
}

void SearchSession::shutdown() {
    if (!m_thread.isRunning())
        return;
    m_control->requestStop();
    m_thread.quit();
    m_thread.wait();
}

void SearchSession::schedule() {
    if (!m_drain.isActive())
        m_drain.start();
}

void SearchSession::onCandidates(const std::vector<core::Candidate>& candidates) {
    m_pendingCandidates.insert(m_pendingCandidates.end(), candidates.begin(), candidates.end());
    schedule();
}

void SearchSession::onGeneration(const search::GenerationSummary& summary) {
    m_pendingGenerations.push_back(summary);
    schedule();
}

void SearchSession::onLog(int level, const QString& message) {
    m_pendingLog.push_back({level, message});
    schedule();
}

void SearchSession::onProgress(int done, int total, double fraction) {
    m_progress = {done, total, fraction, true};
    schedule();
}

void SearchSession::flush() {
    m_drain.stop();
    // Candidates before the generations that mention them (front ids), log lines in order.
    if (!m_pendingCandidates.empty())
        emit candidatesArrived(std::exchange(m_pendingCandidates, {}));
    if (!m_pendingGenerations.empty())
        emit generationsArrived(std::exchange(m_pendingGenerations, {}));
    for (const LogEntry& entry : std::exchange(m_pendingLog, {}))
        emit logLine(entry.level, entry.text);
    if (m_progress.changed) {
        m_progress.changed = false;
        emit progressChanged(m_progress.done, m_progress.total, m_progress.fraction);
    }
}

void SearchSession::onFinished(qint64 runId, const QString& status, const QString& error) {
    flush();
    if (runId >= 0)
        m_runId = runId;
    m_running = false;
    m_status = status;
    if (m_paused) {
        m_paused = false;
        emit pausedChanged(false);
    }
    m_thread.quit();
    emit finished(runId, status, error);
}

} // namespace edgenas::app
