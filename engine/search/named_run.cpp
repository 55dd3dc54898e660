#include "named_run.h"

#include "run_database.h"
#include "search_runner.h"

#include <filesystem>

namespace edgenas::search {

NamedRun runOrResumeNamed(const std::string& databasePath, const std::string& name, const RunConfig& config,
                          NamedRunMode mode, SearchControl& control, SearchObserver& observer,
                          const std::shared_ptr<EvaluatorProvider>& evaluators) {
    NamedRun stored;
    // Opening a reader would create the file: a report of nothing must leave none behind.
    if (std::filesystem::exists(databasePath))
        for (const store::RunSummary& r : openRunReader(databasePath).listRuns())
            if (r.run.name == name) {
                stored.runId = r.run.id;
                stored.status = r.run.status;
            }
    if (stored.runId >= 0 && stored.status == "finished") {
        stored.reused = true;
        return stored;
    }
    if (mode == NamedRunMode::ReuseOnly)
        return {};

    SearchRunner runner(databasePath, control, observer);
    if (evaluators)
        runner.setEvaluatorProvider(evaluators);
    const RunResult result = stored.runId >= 0 ? runner.resume(stored.runId, config.threads) : runner.start(config, name);
    return {result.runId, result.status, false};
}

} // namespace edgenas::search
