#pragma once

#include "app_metatypes.h"

#include "core/candidate.h"
#include "search/candidate_evaluator.h"
#include "search/run_config.h"
#include "search/search_control.h"
#include "search/search_observer.h"

#include <QObject>
#include <QString>
#include <QThread>
#include <QTimer>

#include <memory>
#include <vector>

namespace edgenas::app {

class SearchWorker;

/// One search run seen from the GUI thread: owns the worker thread and the SearchWorker on it,
/// forwards steering to the thread-safe SearchControl directly, and coalesces what the worker
/// reports: arrivals are buffered and handed on together from a ~40 ms single-shot timer, so
/// the widgets redraw once per batch however fast the engine goes.
class SearchSession : public QObject {
    Q_OBJECT
public:
    explicit SearchSession(QObject* parent = nullptr);
    /// Stops a run still going and waits for its thread (see shutdown()).
    ~SearchSession() override;

    /// Replaces the default evaluators (tests, benchmarks); before start() or resume().
    void setEvaluatorProvider(std::shared_ptr<search::EvaluatorProvider> provider);

    /// Starts a new run in `databasePath`. A session runs once.
    void start(const QString& databasePath, const search::RunConfig& config, const QString& runName = {});
    /// Continues a stored run (interrupted, paused or killed).
    void resume(const QString& databasePath, qint64 runId, int threads = 0);

    bool isRunning() const { return m_running; }
    bool isPaused() const { return m_paused; }
    /// -1 until the worker reports the run's id.
    qint64 runId() const { return m_runId; }
    QString databasePath() const { return m_databasePath; }
    /// The config the run was started with (empty objectives for a resumed run until known).
    const search::RunConfig& config() const { return m_config; }
    QString status() const { return m_status; }

    // Steering: straight to the engine's control object, applied at its next step. pause()
    // before start() makes the engine wait before its first evaluation.
    void pause();
    void resumeRun();
    void requestStop();
    void setConstraint(const QString& metric, double bound);
    void clearConstraint(const QString& metric);
    void setLowerBound(const QString& metric, double bound);
    void clearLowerBound(const QString& metric);
    void setObjectives(const QStringList& objectives);
    void injectCandidate(const QString& architectureJson);

    /// Requests a stop, wakes a paused engine and waits for the thread to end. The engine checks
    /// for a stop between candidates and inside training, so this returns within one step.
    void shutdown();

    /// Hands on everything buffered now instead of at the next timer tick (tests, shutdown).
    void flush();

signals:
    void runStarted(qint64 runId);
    void candidatesArrived(const std::vector<edgenas::core::Candidate>& candidates);
    void generationsArrived(const std::vector<edgenas::search::GenerationSummary>& summaries);
    void logLine(int level, const QString& message);
    void progressChanged(int done, int total, double fraction);
    void pausedChanged(bool paused);
    /// After the last batch of data; `status` "finished", "interrupted" or "failed".
    void finished(qint64 runId, const QString& status, const QString& error);

private:
    void launch();
    void schedule();
    void onCandidates(const std::vector<core::Candidate>& candidates);
    void onGeneration(const search::GenerationSummary& summary);
    void onLog(int level, const QString& message);
    void onProgress(int done, int total, double fraction);
    void onFinished(qint64 runId, const QString& status, const QString& error);

    struct LogEntry {
        int level;
        QString text;
    };

    std::shared_ptr<search::SearchControl> m_control;
    QThread m_thread;
    SearchWorker* m_worker = nullptr;  ///< lives on m_thread; deleted when it finishes
    QTimer m_drain;

    std::vector<core::Candidate> m_pendingCandidates;
    std::vector<search::GenerationSummary> m_pendingGenerations;
    std::vector<LogEntry> m_pendingLog;
    struct Progress {
        int done = 0, total = 0;
        double fraction = 0.0;
        bool changed = false;
    } m_progress;

    search::RunConfig m_config;
    QString m_databasePath;
    QString m_status;
    qint64 m_runId = -1;
    bool m_started = false;
    bool m_running = false;
    bool m_paused = false;
};

} // namespace edgenas::app
