#include "cli/cli_support.h"
#include "evrsnas_commands.h"
#include "evrsnas_report.h"

#include "core/errors.h"
#include "search/search_control.h"
#include "search/evrsnas/evrsnas_experiment.h"

#include <cstdio>

namespace edgenas::cli {

int runEvrsnasExperiment(const std::vector<std::string>& args) {
    std::set<std::string> options = evrsnasConfigOptions();
    options.insert({"db", "quantiles", "architectures", "seeds", "train-epochs", "train-subset", "truth-seeds",
                    "truth-batch", "truth-lr", "candidates", "batch"});
    const CommandLine line(args, options, {"verbose"});
    const std::string which =
        line.onePositional("experiment (proxy, random, end-to-end, throughput, feasibility or all)");
    if (which != "proxy" && which != "random" && which != "end-to-end" && which != "throughput" &&
        which != "feasibility" && which != "all")
        throw core::InputError("unknown experiment '" + which +
                               "' (known: proxy, random, end-to-end, throughput, feasibility, all)");
    const auto db = line.value("db");
    if (!db)
        throw core::InputError("option --db FILE is required (the run database)");
    const search::RunConfig config = evrsnasConfigFrom(line);
    search::ExperimentOptions o;
    o.architectures = static_cast<int>(line.integer("architectures", o.architectures, 3, 100000));
    o.seeds = static_cast<int>(line.integer("seeds", o.seeds, 1, 1000));
    o.trainEpochs = static_cast<int>(line.integer("train-epochs", o.trainEpochs, 1, 1000));
    o.trainSubset = static_cast<int>(line.integer("train-subset", o.trainSubset, 0, 10'000'000));
    o.truthSeeds = static_cast<int>(line.integer("truth-seeds", o.truthSeeds, 1, 10));
    o.truthBatch = static_cast<int>(line.integer("truth-batch", o.truthBatch, 1, 65536));
    o.truthLearningRate = line.real("truth-lr", o.truthLearningRate, 1e-6, 10.0);
    o.throughputCandidates = static_cast<int>(line.integer("candidates", o.throughputCandidates, 1, 100000));
    o.throughputBatch = static_cast<int>(line.integer("batch", o.throughputBatch, 2, 65536));
    if (line.has("quantiles"))
        o.quantiles = parseQuantiles(*line.value("quantiles"));

    search::SearchControl control;
    EvrsnasConsole console("evrsnas-experiment", line.flag("verbose"));
    StopOnInterrupt stopper(control);
    search::EvrsnasExperiment experiment(*db, config, o, control, console);
    std::vector<search::ExperimentReport> reports;
    for (const char* name : {"proxy", "random", "end-to-end", "throughput", "feasibility"}) {
        if (which != "all" && which != name)
            continue;
        const std::string n = name;
        search::ExperimentReport r = n == "proxy"      ? experiment.proxyValidity()
                                     : n == "random"   ? experiment.versusRandom()
                                     : n == "end-to-end" ? experiment.endToEnd()
                                     : n == "throughput" ? experiment.throughput()
                                                         : experiment.feasibility();
        std::printf("== %s ==\n", r.name.c_str());
        for (const auto& l : r.lines) {
            std::printf("  %s:", l.label.c_str());
            for (const auto& [k, v] : l.values)
                std::printf("  %s %.4g", k.c_str(), v);
            std::printf("\n");
        }
        std::printf("  %s\n  stored as run(s):", r.summary.c_str());
        for (auto id : r.runIds)
            std::printf(" %lld", static_cast<long long>(id));
        std::printf("  in %s\n", db->c_str());
        std::fflush(stdout);
    }
    return kExitOk;
}

} // namespace edgenas::cli
