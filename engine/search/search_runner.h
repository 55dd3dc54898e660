#pragma once

#include "candidate_evaluator.h"
#include "run_config.h"
#include "search_control.h"
#include "search_observer.h"

#include "core/candidate.h"
#include "store/store_error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace edgenas::store {
class RunWriterLock;
}

namespace edgenas::search {

/// How a run ended.
struct RunResult {
    std::int64_t runId = -1;
    std::string status;  ///< "finished", "interrupted"
    int generations = 0; ///< committed generations, generation 0 included
    int evaluations = 0;
    double hypervolume = 0.0;
    std::vector<std::string> objectives; ///< as the run ended (steering may have changed them)
    std::vector<core::Candidate> front;  ///< with store ids, in evaluation order
};

/// The run database could not be written while a run was under way: the disk (or the size limit)
/// is full, the file or its file system became read-only, or another program held the lock past
/// the busy wait. The generation under way was rolled back, every committed one is kept, the
/// writer lock is released, and the run can be resumed once the cause is gone. The message names
/// the file, the cause, what is kept and what to do.
class RunStoppedError : public store::StoreError {
public:
    RunStoppedError(Reason reason, const std::string& message, std::int64_t runId, int committedGenerations)
        : store::StoreError(reason, message), m_runId(runId), m_committedGenerations(committedGenerations) {}
    std::int64_t runId() const { return m_runId; }
    /// Generations 0 to this - 1 are in the database.
    int committedGenerations() const { return m_committedGenerations; }

private:
    std::int64_t m_runId;
    int m_committedGenerations;
};

/// Drives one search method against the run store: creates (or reopens) the run, calls the
/// method step by step, commits every generation with the method's state in one transaction,
/// applies steering between steps (logged as "steer" events), honours pause (between steps and
/// between evaluations; the run shows status "paused" meanwhile, and the pause and resume are
/// logged as "status" events) and stop, and marks the run finished, interrupted or failed. Runs
/// on the calling thread.
class SearchRunner {
public:
    SearchRunner(std::string databasePath, SearchControl& control, SearchObserver& observer);
    ~SearchRunner();

    /// Replaces the default evaluators (training, counting, device predictor), e.g. in tests.
    void setEvaluatorProvider(std::shared_ptr<EvaluatorProvider> provider) { m_provider = std::move(provider); }

    /// Caps the run database's size for this runner's writes (SQLite's max_page_count); a write
    /// beyond it fails as on a full disk. A quota for small devices; 0 or less removes the cap.
    /// A cap below the file's size stops all growth.
    void limitDatabaseSize(std::int64_t maxBytes) { m_sizeLimit = maxBytes; }

    /// A new run. Throws core::InputError for a config that cannot run (unknown method, space,
    /// device) before anything is written; errors during the run mark it failed and propagate,
    /// except that a database that cannot be written any more (full, read-only, locked) marks it
    /// interrupted, if it still can, and throws RunStoppedError.
    RunResult start(const RunConfig& config, const std::string& runName = {});
    /// Continues a stored run from its last committed generation (from scratch if none was).
    /// `threads` > 0 overrides the stored thread count. Throws core::InputError for an unknown
    /// or finished run or a missing database, and store::RunInUseError at once, before any work,
    /// when another live process (or another runner in this one) is writing the run.
    RunResult resume(std::int64_t runId, int threads = 0);

private:
    std::shared_ptr<EvaluatorProvider> providerFor(const RunConfig& config) const;
    RunResult run(std::int64_t runId, const RunConfig& config, bool resuming,
                  const std::shared_ptr<EvaluatorProvider>& provider, store::RunWriterLock& writerLock);

    std::string m_path;
    SearchControl& m_control;
    SearchObserver& m_observer;
    std::shared_ptr<EvaluatorProvider> m_provider;
    std::int64_t m_sizeLimit = 0;
};

} // namespace edgenas::search
