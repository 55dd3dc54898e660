#include "cli/cli_support.h"
#include "evrsnas_commands.h"
#include "evrsnas_report.h"

#include "core/errors.h"
#include "search/search_control.h"
#include "search/evrsnas/threshold_sweep.h"

#include <cstdio>

namespace edgenas::cli {

int runEvrsnasSweep(const std::vector<std::string>& args) {
    std::set<std::string> options = evrsnasConfigOptions();
    options.insert({"db", "quantiles"});
    const CommandLine line(args, options, {"verbose", "json"});
    const auto db = line.value("db");
    if (!db)
        throw core::InputError("option --db FILE is required (the run database)");
    const search::RunConfig config = evrsnasConfigFrom(line);
    const std::vector<double> quantiles =
        line.has("quantiles") ? parseQuantiles(*line.value("quantiles")) : search::ThresholdSweep::defaultQuantiles();

    search::SearchControl control;
    EvrsnasConsole console("evrsnas-sweep", line.flag("verbose"));
    StopOnInterrupt stopper(control);
    search::ThresholdSweep sweep(*db, control, console);
    const std::vector<search::SweepPoint> points = sweep.run(config, quantiles);

    if (line.flag("json")) {
        std::printf("[");
        for (std::size_t i = 0; i < points.size(); ++i) {
            const auto& p = points[i];
            const double accuracy = p.outcome.trained.empty() ? -1.0 : p.outcome.trained.front().accuracy;
            std::printf("%s{\"quantile\": %.4g, \"threshold\": %.6g, \"run\": %lld, \"status\": \"%s\", "
                        "\"hash\": \"%s\", \"feasible\": %s, \"phi\": %.6g, \"psi\": %.6g, \"accuracy\": %.6g}",
                        i ? ", " : "", p.quantile, p.threshold, static_cast<long long>(p.runId), p.status.c_str(),
                        p.outcome.hash.c_str(), p.outcome.feasible ? "true" : "false", p.outcome.phi,
                        p.outcome.psi, accuracy);
        }
        std::printf("]\n");
    } else {
        std::printf("%-8s %-12s %-6s %-18s %-9s %-8s %-12s %s\n", "quantile", "threshold", "run", "architecture",
                    "feasible", "phi", "cost", "accuracy (trained)");
        for (const auto& p : points) {
            const double accuracy = p.outcome.trained.empty() ? -1.0 : p.outcome.trained.front().accuracy;
            std::printf("%-8.0f %-12.4g %-6lld %-18s %-9s %-8.4f %-12.4g %s\n", 100 * p.quantile, p.threshold,
                        static_cast<long long>(p.runId), p.outcome.hash.c_str(), p.outcome.feasible ? "yes" : "NO",
                        p.outcome.phi, p.outcome.psi,
                        accuracy < 0 ? "-" : std::to_string(accuracy).substr(0, 6).c_str());
        }
        std::printf("cost source: %s (thresholds, penalty and outcomes alike)\n", sweep.costSource().c_str());
        std::printf("database: %s (one run per threshold)\n", db->c_str());
        if (sweep.frontRunId() >= 0)
            std::printf("the chosen architectures together: run %lld (edgenas show %lld --db %s)\n",
                        static_cast<long long>(sweep.frontRunId()), static_cast<long long>(sweep.frontRunId()),
                        db->c_str());
    }
    if (points.size() < quantiles.size() || (!points.empty() && points.back().status != "finished"))
        return kExitInterrupted;
    return kExitOk;
}

} // namespace edgenas::cli
