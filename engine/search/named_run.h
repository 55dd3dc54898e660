#pragma once

#include "candidate_evaluator.h"
#include "run_config.h"
#include "search_control.h"
#include "search_observer.h"

#include <cstdint>
#include <memory>
#include <string>

namespace edgenas::search {

/// Whether runOrResumeNamed may do work or only look up what is stored.
enum class NamedRunMode {
    RunOrResume,  ///< start the run, or resume it if a previous invocation left it unfinished
    ReuseOnly,    ///< take a finished run as it is and start or resume none (an experiment's report)
};

/// Where a named run stands after runOrResumeNamed.
struct NamedRun {
    std::int64_t runId = -1;  ///< -1: ReuseOnly found no finished run of that name
    std::string status;       ///< the run's status ("finished", "interrupted", ...); empty with runId -1
    bool reused = false;      ///< a finished run was found, and nothing ran
};

/// How an experiment made of named runs resumes across invocations: the latest run called
/// `name` in the database is reused if it finished, resumed (with config.threads) if it did not,
/// and `config` is started under that name only when there is none. With ReuseOnly nothing is
/// started or resumed, and a missing database stays missing. `evaluators`, when given, replace
/// the default ones (tests). Errors are SearchRunner's.
NamedRun runOrResumeNamed(const std::string& databasePath, const std::string& name, const RunConfig& config,
                          NamedRunMode mode, SearchControl& control, SearchObserver& observer,
                          const std::shared_ptr<EvaluatorProvider>& evaluators = nullptr);

} // namespace edgenas::search
