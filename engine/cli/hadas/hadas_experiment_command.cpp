#include "cli/cli_support.h"
#include "cli/experiment_console.h"
#include "hadas_commands.h"

#include "core/errors.h"
#include "search/hadas/hadas_experiment.h"
#include "search/run_config.h"
#include "search/search_control.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <map>

namespace edgenas::cli {

namespace {

std::string energyText(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", value);
    return value < 0.0 ? std::string("-") : std::string(text);
}

std::string saving(double energy, double reference) {
    if (energy < 0.0 || reference <= 0.0)
        return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %%", 100.0 * (1.0 - energy / reference));
    return text;
}

} // namespace

int runHadasExperiment(const std::vector<std::string>& args) {
    const CommandLine line(args, {"db", "seeds", "preset", "settings", "dataset", "data-dir", "device", "threads", "tolerance"},
                           {"report"});
    const auto db = line.value("db");
    if (!db)
        throw core::InputError("option --db FILE is required (the run database; the experiment resumes from it)");
    const search::RunConfig config = experimentConfigFor("hadas", line);
    search::HadasExperimentOptions options;
    options.seeds = static_cast<int>(line.integer("seeds", options.seeds, 1, 1000));
    options.reportOnly = line.flag("report");
    options.accuracyTolerance = line.real("tolerance", options.accuracyTolerance, 0.0, 1.0);
    applyThreadOption(line);

    search::SearchControl control;
    ExperimentConsole console("hadas-experiment", /*verbose=*/true);
    StopOnInterrupt stopper(control);
    const search::HadasExperimentReport report = search::HadasExperiment(*db, config, options, control, console).run();

    std::printf("== HADAS vs random search, equal evaluations, %s (latency and energy MODELLED), %s ==\n",
                report.device.c_str(), config.dataset.c_str());
    std::printf("archive hypervolume of (1 - validation accuracy, latency / %.4g ms, energy / %.4g mJ), reference "
                "(1, 2, 2); the divisors are the largest backbone's static figures at the default point\n",
                report.referenceLatencyMs, report.referenceEnergyMj);
    std::printf("  %-8s %-9s %5s %6s %11s %11s %8s\n", "strategy", "rule", "seed", "run", "evaluations",
                "hypervolume", "archive");
    for (const search::HadasExperimentRun& r : report.runs)
        std::printf("  %-8s %-9s %5llu %6lld %11d %11.4f %8d%s\n", r.strategy.c_str(), r.rule.c_str(),
                    static_cast<unsigned long long>(r.seed), static_cast<long long>(r.runId), r.evaluations,
                    r.hypervolume, r.archiveSize, r.rule == "oracle" ? "  (upper bound, not deployable)" : "");
    std::map<std::string, std::vector<double>> byVariant;
    for (const search::HadasExperimentRun& r : report.runs)
        byVariant[r.strategy + " " + r.rule].push_back(r.hypervolume);
    for (const auto& [variant, values] : byVariant) {
        double mean = 0.0;
        for (double v : values)
            mean += v / double(values.size());
        double var = 0.0;
        for (double v : values)
            var += (v - mean) * (v - mean);
        const double sd = values.size() > 1 ? std::sqrt(var / double(values.size() - 1)) : 0.0;
        std::printf("  %-18s mean hypervolume %.4f (sd %.4f over %zu seeds)\n", variant.c_str(), mean, sd, values.size());
    }
    if (!report.energy.empty()) {
        std::printf("== energy per inference at matched accuracy (within %.1f points), MODELLED; HADAS runs ==\n",
                    100.0 * options.accuracyTolerance);
        std::printf("  %-9s %5s %8s %5s %8s | %10s %10s %10s | %9s %9s\n", "rule", "seed", "backbone", "P0 W",
                    "accuracy", "static mJ", "EEx mJ", "EEx+DVFS", "EEx save", "+DVFS save");
        for (const search::HadasEnergyComparison& e : report.energy)
            std::printf("  %-9s %5llu %8lld %5.1f %8.4f | %10s %10s %10s | %9s %9s\n", e.rule.c_str(),
                        static_cast<unsigned long long>(e.seed), static_cast<long long>(e.backboneId), e.staticPowerW,
                        e.accuracy, energyText(e.staticEnergyMj).c_str(), energyText(e.exitsEnergyMj).c_str(),
                        energyText(e.dvfsEnergyMj).c_str(), saving(e.exitsEnergyMj, e.staticEnergyMj).c_str(),
                        saving(e.dvfsEnergyMj, e.staticEnergyMj).c_str());
        std::printf("  (oracle rows are an upper bound, not deployable; threshold rows are the deployable rule)\n");
    }
    if (!report.supernetSummaryJson.empty()) {
        const nlohmann::json s = nlohmann::json::parse(report.supernetSummaryJson);
        std::printf("supernet %s", s.value("key", std::string("-")).c_str());
        if (s.contains("fidelity"))
            std::printf(": Kendall tau %.3f [%.3f, %.3f] against stand-alone training over %zu subnets, inherited "
                        "accuracy sd %.4f\n",
                        s["fidelity"].value("kendall_tau", 0.0), s["fidelity"].value("tau_low", 0.0),
                        s["fidelity"].value("tau_high", 0.0), s["fidelity"]["subnets"].size(),
                        s["fidelity"].value("inherited_sd", 0.0));
        else
            std::printf(" (no fidelity study: set fidelity_subnets >= 10)\n");
    }
    if (!report.complete) {
        std::printf("%s: run the same command without --report to go on\n",
                    options.reportOnly ? "runs still missing" : "stopped before the end");
        return options.reportOnly ? kExitOk : kExitInterrupted;
    }
    return kExitOk;
}

} // namespace edgenas::cli
