#include "cli/cli_support.h"
#include "cli/experiment_console.h"
#include "gram_commands.h"

#include "core/errors.h"
#include "search/method_registry.h"
#include "search/run_config.h"
#include "search/search_control.h"
#include "search/gram/gram_experiment.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace edgenas::cli {

namespace {

std::vector<std::string> methodList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty()) {
            search::MethodRegistry::global().require(item);  // names the known methods
            out.push_back(item);
        }
    if (out.empty())
        throw core::InputError("option --methods wants a list such as gram,nsga2,random");
    return out;
}

std::string accuracy(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4f", value);
    return value < 0.0 ? std::string("-") : std::string(text);
}

} // namespace

int runGramExperiment(const std::vector<std::string>& args) {
    const CommandLine line(args,
                           {"db", "seeds", "methods", "preset", "budget", "settings", "dataset", "data-dir", "device",
                            "table", "channels", "nodes", "epochs", "subset", "threads", "cache"},
                           {"no-width", "report"});
    const auto db = line.value("db");
    if (!db)
        throw core::InputError("option --db FILE is required (the run database; the experiment resumes from it)");
    const search::RunConfig config = experimentConfigFor("gram", line, [&line](search::RunConfig& c) {
        c.latencyTable = line.text("table", c.latencyTable);
        c.spaceChannels = static_cast<int>(line.integer("channels", c.spaceChannels, 1, 1024));
        c.spaceNodes = static_cast<int>(line.integer("nodes", c.spaceNodes, 2, 16));
        c.evaluations = static_cast<int>(line.integer("budget", c.evaluations, 6, 10'000'000));
        c.trainEpochs = static_cast<int>(line.integer("epochs", c.trainEpochs, 1, 10'000));
        c.trainSubset = static_cast<int>(line.integer("subset", c.trainSubset, 0, 10'000'000));
    });
    search::GramExperimentOptions options;
    options.seeds = static_cast<int>(line.integer("seeds", options.seeds, 1, 1000));
    if (auto methods = line.value("methods"))
        options.methods = methodList(*methods);
    options.widthComparison = !line.flag("no-width");
    options.reportOnly = line.flag("report");
    options.cacheFolder = line.text("cache", "");
    applyThreadOption(line);

    search::SearchControl control;
    ExperimentConsole console("gram-experiment");
    StopOnInterrupt stopper(control);
    const search::GramExperimentReport report =
        search::GramExperiment(*db, config, options, control, console).run();

    std::printf("== GRAM vs other methods at %d evaluations per run, DAG space (%d nodes, C = %d), %s ==\n",
                config.evaluations, config.spaceNodes, config.spaceChannels, config.dataset.c_str());
    std::printf("hypervolume of (1 - trained validation accuracy, %s), reference (1, %.4g), normalised by the "
                "reference box; %s from: %s\n",
                report.latencyMetric.c_str(), report.referenceLatency, report.latencyMetric.c_str(),
                report.latencySource.empty() ? "-" : report.latencySource.c_str());
    std::printf("  %-8s %5s %6s %9s %11s %6s %9s\n", "method", "seed", "run", "networks", "hypervolume", "front",
                "best acc");
    for (const search::GramComparisonRun& r : report.runs)
        std::printf("  %-8s %5llu %6lld %9d %11.4f %6d %9.4f\n", r.method.c_str(),
                    static_cast<unsigned long long>(r.seed), static_cast<long long>(r.runId), r.networks,
                    r.hypervolume, r.frontSize, r.bestAccuracy);
    for (const std::string& method : options.methods) {
        double sum = 0.0, squares = 0.0;
        int n = 0;
        for (const search::GramComparisonRun& r : report.runs)
            if (r.method == method) {
                sum += r.hypervolume;
                squares += r.hypervolume * r.hypervolume;
                ++n;
            }
        if (n > 0) {
            const double mean = sum / n;
            const double sd = n > 1 ? std::sqrt(std::max(0.0, (squares - n * mean * mean) / (n - 1))) : 0.0;
            std::printf("  %-8s mean hypervolume %.4f (sd %.4f over %d seeds)\n", method.c_str(), mean, sd, n);
        }
    }
    if (!report.widths.empty()) {
        std::printf("== pruned family vs the most probable graph made narrower to the same MACs ==\n");
        std::printf("accuracy density = test top-1 in %% per million parameters (and per million MACs)\n");
        std::printf("  %4s %6s | %10s %9s %8s %8s %9s | %3s %10s %9s %8s %8s %9s\n", "seed", "budget", "pruned MACs",
                    "params", "val", "test", "%/Mparam", "C", "narrow MACs", "params", "val", "test", "%/Mparam");
        for (const search::GramWidthComparison& w : report.widths) {
            auto density = [](double test, double params) { return test < 0.0 ? -1.0 : 100.0 * test / (params / 1e6); };
            std::printf("  %4llu %5.0f%% | %10.0f %9.0f %8s %8s %9.1f | %3d %10.0f %9.0f %8s %8s %9.1f\n",
                        static_cast<unsigned long long>(w.seed), 100.0 * w.budgetFraction, w.prunedMacs,
                        w.prunedParams, accuracy(w.prunedValidation).c_str(), accuracy(w.prunedTest).c_str(),
                        density(w.prunedTest, w.prunedParams), w.widthChannels, w.widthMacs, w.widthParams,
                        accuracy(w.widthValidation).c_str(), accuracy(w.widthTest).c_str(),
                        density(w.widthTest, w.widthParams));
        }
    }
    if (!report.complete) {
        std::printf("%s: run the same command without --report to go on\n",
                    options.reportOnly ? "runs still missing" : "stopped before the end");
        return options.reportOnly ? kExitOk : kExitInterrupted;
    }
    return kExitOk;
}

} // namespace edgenas::cli
