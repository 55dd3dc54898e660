#include "cli_support.h"
#include "commands.h"

#include "search/run_database.h"
#include "store/run_reader.h"
#include "store/run_writer_lock.h"
#include "core/errors.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace edgenas::cli {

namespace {

nlohmann::ordered_json writerJson(const std::string& db, std::int64_t runId) {
    const auto writer = store::RunWriterLock::liveWriter(db, runId);
    if (!writer)
        return nullptr;
    return {{"pid", writer->pid}, {"host", writer->host}, {"started_at", writer->startedAt},
            {"heartbeat_at", writer->heartbeatAt}};
}

} // namespace

int runRuns(const std::vector<std::string>& args) {
    const CommandLine line(args, {"db"}, {"json"});
    const auto db = line.value("db");
    if (!db)
        throw core::InputError("option --db FILE is required (the run database)");
    requireDatabaseFile(*db);
    const store::RunReader reader =
        store::RunReader::open(*db, search::architectureCodec(), store::RunReader::WhenIdle::Snapshot);
    const std::vector<store::RunSummary> runs = reader.listRuns();

    if (line.flag("json")) {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const auto& r : runs)
            out.push_back({{"id", r.run.id},
                           {"name", r.run.name},
                           {"method", r.run.method},
                           {"status", r.run.status},
                           {"started_at", r.run.startedAt},
                           {"ended_at", r.run.endedAt},
                           {"candidates", r.candidateCount},
                           {"generations", r.generationCount},
                           {"evaluations", r.evaluations},
                           {"writer", writerJson(*db, r.run.id)},
                           // JSON has no NaN: a run without generations has no hypervolume.
                           {"hypervolume", std::isnan(r.hypervolume) ? nlohmann::ordered_json(nullptr)
                                                                     : nlohmann::ordered_json(r.hypervolume)}});
        std::printf("%s\n", out.dump(2).c_str());
        return kExitOk;
    }
    if (runs.empty()) {
        std::printf("no runs in %s\n", db->c_str());
        return kExitOk;
    }
    std::printf("%5s  %-12s %-8s %10s %5s %6s %9s  %-24s %s\n", "id", "status", "method", "candidates", "gens",
                "evals", "hv", "started", "name");
    std::vector<std::string> writers;
    for (const auto& r : runs) {
        char hv[32] = "-";
        if (!std::isnan(r.hypervolume))
            std::snprintf(hv, sizeof hv, "%.4f", r.hypervolume);
        std::printf("%5lld  %-12s %-8s %10lld %5d %6lld %9s  %-24s %s\n", static_cast<long long>(r.run.id),
                    r.run.status.c_str(), r.run.method.c_str(), static_cast<long long>(r.candidateCount),
                    r.generationCount, static_cast<long long>(r.evaluations), hv, r.run.startedAt.c_str(),
                    r.run.name.c_str());
        if (const auto writer = store::RunWriterLock::liveWriter(*db, r.run.id))
            writers.push_back("run " + std::to_string(r.run.id) + " is being written by process " +
                              std::to_string(writer->pid) + (writer->host.empty() ? "" : " on " + writer->host) +
                              " (last heartbeat " + writer->heartbeatAt + ")");
        else if (r.run.status == "running" || r.run.status == "paused")
            writers.push_back("run " + std::to_string(r.run.id) + " says " + r.run.status +
                              " but no process writes it: it was killed; resume it with edgenas search --resume " +
                              std::to_string(r.run.id));
    }
    for (const auto& line : writers)
        std::printf("%s\n", line.c_str());
    return kExitOk;
}

} // namespace edgenas::cli
