#pragma once

#include "core/candidate.h"
#include "search/candidate_evaluator.h"
#include "search/run_config.h"
#include "search/search_observer.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace edgenas::app {

class SearchSession;

/// Runs the window's searches: launches a new run or resumes a stored one on a SearchSession
/// (one per run, on its own thread), pauses and stops it, and hands on what the session
/// reports. The window listens and updates its views; nothing here touches a widget.
class RunSessionController : public QObject {
    Q_OBJECT
public:
    explicit RunSessionController(QObject* parent = nullptr);
    /// Stops a search still going and waits for its thread.
    ~RunSessionController() override;

    /// Evaluators for the searches started from now on (tests, benchmarks).
    void setEvaluatorProvider(std::shared_ptr<search::EvaluatorProvider> provider);

    /// Starts a new run in `databasePath`; false if a search is running or the database folder
    /// cannot be created.
    bool start(const search::RunConfig& config, const QString& databasePath, const QString& runName,
               QString* error = nullptr);
    /// Continues a stored run from its last committed generation.
    bool resume(const QString& databasePath, qint64 runId, QString* error = nullptr);
    /// Pauses the running search, or resumes it when paused; nothing when none runs.
    void togglePause();
    /// Asks the running search to stop after its current step; false when none runs.
    bool requestStop();
    /// Stops a search still going and waits for it (the window is closing).
    void shutdown();

    bool isRunning() const;
    bool isPaused() const;
    /// The session of the latest search (running or ended); null before the first.
    SearchSession* session() const { return m_session.get(); }

signals:
    /// A search is about to send the run with this config into `databasePath` (absolute);
    /// `runId` is -1 for a new run, whose id comes with runStarted.
    void sessionLaunched(const edgenas::search::RunConfig& config, const QString& databasePath, qint64 runId);
    void runStarted(qint64 runId, const QString& databasePath);
    void candidatesArrived(const std::vector<edgenas::core::Candidate>& candidates);
    void generationsArrived(const std::vector<edgenas::search::GenerationSummary>& summaries);
    void logLine(int level, const QString& message);
    void progressChanged(int done, int total);
    void pausedChanged(bool paused);
    /// The search ended ("finished", "interrupted", "failed"); `error` says why it failed.
    void finished(qint64 runId, const QString& status, const QString& error);

private:
    bool launch(const search::RunConfig& config, const QString& databasePath, qint64 runId, QString* error);

    std::unique_ptr<SearchSession> m_session;
    std::shared_ptr<search::EvaluatorProvider> m_provider;
};

} // namespace edgenas::app
