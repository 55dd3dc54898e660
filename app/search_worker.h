#pragma once

#include "app_metatypes.h"

#include "core/candidate.h"
#include "search/candidate_evaluator.h"
#include "search/run_config.h"
#include "search/search_control.h"
#include "search/search_observer.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace edgenas::app {

/// Runs one search::SearchRunner start or resume on the thread it has been moved to and turns
/// the engine's observer callbacks into queued signals carrying value types. Candidates are
/// sent once their generation is committed, read back from the run store so they carry their
/// store ids; steering goes straight to the shared SearchControl, never through this object.
class SearchWorker : public QObject {
    Q_OBJECT
public:
    explicit SearchWorker(std::shared_ptr<search::SearchControl> control, QObject* parent = nullptr);
    ~SearchWorker() override;

    /// Replaces the default (training) evaluators, e.g. for tests; call before a run starts.
    void setEvaluatorProvider(std::shared_ptr<search::EvaluatorProvider> provider);

public slots:
    /// A new run; blocks this (worker) thread until the run ends.
    void startRun(const QString& databasePath, const edgenas::search::RunConfig& config, const QString& runName);
    /// Continues a stored run; `threads` > 0 overrides its thread count.
    void resumeRun(const QString& databasePath, qint64 runId, int threads);

signals:
    void runStarted(qint64 runId);
    /// Newly committed candidates with their store ids, in evaluation order.
    void candidatesCommitted(const std::vector<edgenas::core::Candidate>& candidates);
    void generationFinished(const edgenas::search::GenerationSummary& summary);
    /// `level` is a search::LogLevel.
    void logLine(int level, const QString& message);
    /// Evaluations done of the budget; sent at most every ~50 ms (and always for the last one).
    void progress(int done, int total, double fraction);
    /// `status` is "finished", "interrupted" or "failed"; `error` says why a run failed (the
    /// run id is -1 when the run could not even be created).
    void finished(qint64 runId, const QString& status, const QString& error);

private:
    class Observer;
    template <typename Work> void runGuarded(const QString& databasePath, Work&& work);

    std::shared_ptr<search::SearchControl> m_control;
    std::shared_ptr<search::EvaluatorProvider> m_provider;
};

} // namespace edgenas::app
