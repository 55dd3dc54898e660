#include "sweep_front.h"

#include "search/run_database.h"

#include "models/torch_runtime.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace edgenas::search {

namespace {

using nlohmann::json;

const EvrsnasTrained* trainedFor(const EvrsnasOutcome& outcome) {
    for (const EvrsnasTrained& t : outcome.trained)
        if (t.hash == outcome.hash)
            return &t;
    return nullptr;
}

} // namespace

std::int64_t storeSweepFront(const std::string& databasePath, const RunConfig& base,
                             const std::vector<SweepPoint>& points) {
    std::vector<core::Candidate> chosen;
    json table = json::array();
    bool allTrained = true;
    const EvrsnasSettings settings = evrsnasSettingsFromJson(base.methodSettingsJson);
    const std::string metric = costMetric(settings);
    {
        const store::RunReader reader = openRunReader(databasePath);
        for (const SweepPoint& p : points) {
            if (p.runId < 0 || p.outcome.hash.empty())
                continue;
            std::optional<core::Candidate> found = reader.findCandidateByHash(p.runId, p.outcome.hash);
            if (!found)
                continue;
            core::Candidate c = std::move(*found);
            c.id = -1;
            c.generation = 0;
            c.parents.clear();
            c.status = "evaluated";
            const core::Metric* psi = c.metric(metric);
            c.metrics.push_back({"threshold_" + metric, p.threshold, psi ? psi->unit : std::string(),
                                 psi ? psi->provenance : core::Provenance::Modelled});
            if (const EvrsnasTrained* t = trainedFor(p.outcome); t && !c.metric("accuracy"))
                c.metrics.push_back({"accuracy", t->accuracy, "", core::Provenance::Trained});
            allTrained = allTrained && c.metric("accuracy") != nullptr;
            table.push_back({{"quantile", p.quantile},
                             {"threshold", p.threshold},
                             {"run", p.runId},
                             {"hash", p.outcome.hash},
                             {"feasible", p.outcome.feasible}});
            chosen.push_back(std::move(c));
        }
    }
    if (chosen.empty())
        return -1;

    // One cost axis and no single bound: each point had its own threshold. The front is drawn
    // against trained accuracy when every point has it, otherwise against the proxy score.
    RunConfig config = base;
    config.constraints.clear();
    config.objectives = allTrained ? std::vector<std::string>{"accuracy", settings.cost}
                                   : std::vector<std::string>{settings.cost};

    store::RunStore store = openRunStore(databasePath);
    store::RunRecord record;
    char name[128];
    std::snprintf(name, sizeof name, "evrsnas sweep front %s on %s (%zu thresholds)", base.space.c_str(),
                  base.device.c_str(), chosen.size());
    record.name = name;
    record.method = "evrsnas-sweep";
    record.configJson = toJson(config);
    record.seed = base.seed;
    record.status = "running";
    record.versionsJson = json{{"torch", models::torchVersion()}}.dump();
    const std::int64_t runId = store.createRun(record);
    store::GenerationRecord generation;
    generation.runId = runId;
    generation.generation = 0;
    generation.evaluations = static_cast<std::int64_t>(chosen.size());
    generation.stateJson = json{{"sweep", table}}.dump();
    store.commitGeneration(runId, generation, chosen);
    store.logEvent({.runId = runId,
                    .kind = "log",
                    .message = "the architectures HW-EvRSNAS chose at " + std::to_string(chosen.size()) +
                               " thresholds; each threshold's own run holds its search",
                    .payloadJson = generation.stateJson});
    store.setRunStatus(runId, "finished");
    return runId;
}

} // namespace edgenas::search
