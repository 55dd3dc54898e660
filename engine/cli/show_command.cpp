#include "cli_support.h"
#include "commands.h"

#include "core/errors.h"
#include "search/front_table.h"
#include "search/method_report.h"
#include "search/run_config.h"
#include "search/run_database.h"
#include "store/run_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace edgenas::cli {

int runShow(const std::vector<std::string>& args) {
    const CommandLine line(args, {"db"}, {"json"});
    const auto db = line.value("db");
    if (!db)
        throw core::InputError("option --db FILE is required (the run database)");
    const std::string runText = line.onePositional("run id");
    long long runId = 0;
    try {
        std::size_t used = 0;
        runId = std::stoll(runText, &used);
        if (used != runText.size() || runId < 1)
            throw std::invalid_argument(runText);
    } catch (const std::logic_error&) {
        throw core::InputError("run id must be a positive whole number, got '" + runText + "'");
    }

    requireDatabaseFile(*db);
    const store::RunReader reader =
        store::RunReader::open(*db, search::architectureCodec(), store::RunReader::WhenIdle::Snapshot);
    const auto run = reader.run(runId);
    if (!run)
        throw core::InputError(*db + ": there is no run " + runText);
    const auto last = reader.lastGeneration(runId);

    // The objectives the front was sorted by: steering may have changed them from the config.
    std::vector<std::string> objectives = search::runConfigFromJson(run->configJson).objectives;
    if (last) {
        const auto state = nlohmann::json::parse(last->stateJson, nullptr, false);
        if (state.is_object() && state.contains("run") && state["run"].contains("objectives"))
            objectives = state["run"]["objectives"].get<std::vector<std::string>>();
    }
    std::vector<core::Candidate> front;
    if (last) {
        const std::vector<core::Candidate> all = reader.candidates(runId);
        for (std::int64_t id : last->frontCandidateIds) {
            auto it = std::find_if(all.begin(), all.end(), [id](const core::Candidate& c) { return c.id == id; });
            if (it != all.end())
                front.push_back(*it);
        }
    }

    if (line.flag("json")) {
        nlohmann::ordered_json out{{"id", run->id},
                                   {"name", run->name},
                                   {"method", run->method},
                                   {"status", run->status},
                                   {"started_at", run->startedAt},
                                   {"ended_at", run->endedAt},
                                   {"objectives", objectives},
                                   {"generation", last ? last->generation : -1},
                                   {"evaluations", last ? last->evaluations : 0},
                                   {"hypervolume", last ? last->hypervolume : 0.0},
                                   {"front", nlohmann::ordered_json::array()}};
        for (const auto& c : front)
            out["front"].push_back(search::candidateToJson(c));
        std::printf("%s\n", out.dump(2).c_str());
        return kExitOk;
    }
    std::printf("run %lld  %s  (%s, %s)\n", static_cast<long long>(run->id), run->name.c_str(), run->method.c_str(),
                run->status.c_str());
    if (!last) {
        std::printf("no generation committed yet\n");
        return kExitOk;
    }
    std::printf("generation %d, %lld evaluations, hypervolume %.4f\n", last->generation,
                static_cast<long long>(last->evaluations), last->hypervolume);
    std::printf("Pareto front (%zu):\n%s", front.size(), search::formatFrontTable(front, objectives).c_str());
    // The method's own account, as `search` prints it when the run ends.
    for (const std::string& reportLine : search::methodReportLines(reader, runId))
        std::printf("%s\n", reportLine.c_str());
    return kExitOk;
}

} // namespace edgenas::cli
