#include "cli_support.h"
#include "commands.h"
#include "progress_bar.h"

#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "core/errors.h"
#include "cost/architecture_cost.h"
#include "data/dataset_spec.h"
#include "models/latency_meter.h"
#include "moo/pareto_sort.h"
#include "models/torch_runtime.h"
#include "models/trainer.h"
#include "spaces/space_factory.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>

namespace edgenas::cli {

namespace {

struct DemoEntry {
    std::string arch;
    std::string hash;
    core::Architecture architecture;
    std::int64_t macs = 0;
    std::int64_t params = 0;
    double accuracy = 0.0;
    double latencyMs = 0.0;
    double trainSeconds = 0.0;
    bool pareto = false;
};

std::filesystem::path defaultRunsDirectory() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "edgenas" / "runs";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local" / "share" / "edgenas" / "runs";
    return std::filesystem::current_path() / "edgenas-runs";
}

std::string timestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &utc);
    return text;
}

// Higher accuracy and lower latency are better; a point is kept when nothing beats it on both.
void markParetoFront(std::vector<DemoEntry>& entries) {
    for (auto& a : entries) {
        const std::array<double, 2> pa{-a.accuracy, a.latencyMs}; // moo minimises
        a.pareto = std::none_of(entries.begin(), entries.end(), [&](const DemoEntry& b) {
            const std::array<double, 2> pb{-b.accuracy, b.latencyMs};
            return moo::dominates(pb, pa);
        });
    }
}

} // namespace

int runDemo(const std::vector<std::string>& args) {
    const CommandLine line(args, {"threads", "samples", "epochs", "subset", "seed", "out", "data-dir", "channels", "cells"},
                           {"json"});
    const int threads = applyThreadOption(line);
    const int samples = static_cast<int>(line.integer("samples", 6, 1, 1000));
    const std::uint64_t seed = static_cast<std::uint64_t>(line.integer("seed", 1, 0, 1LL << 62));

    spaces::SpaceOptions options;
    options.nb201Channels = static_cast<int>(line.integer("channels", 8, 1, 256));
    options.nb201CellsPerStage = static_cast<int>(line.integer("cells", 1, 1, 16));
    const auto space = spaces::makeSearchSpace("nb201", options);

    models::TrainConfig train;
    train.epochs = static_cast<int>(line.integer("epochs", 1, 1, 100));
    train.trainSubset = static_cast<std::size_t>(line.integer("subset", 6000, 100, 60000));
    train.validationSubset = 2000;
    train.seed = seed;
    // Small NB201 nets need many small steps: batch 64 at lr 0.1 reaches ~70 % in one epoch on
    // 6,000 images where the trainer's default (128, 0.05) stalls near 50 %.
    train.batchSize = 64;
    train.learningRate = 0.1;

    std::printf("EdgeNAS demo: %d NAS-Bench-201 architectures (C=%d, N=%d) on Fashion-MNIST\n", samples,
                options.nb201Channels, options.nb201CellsPerStage);
    std::printf("each trained %d epoch(s) on %zu images, validated on %zu, latency measured on this host "
                "(%d threads, %s)\n\n",
                train.epochs, train.trainSubset, train.validationSubset, threads,
                models::usingReferenceBlas() ? "reference BLAS: slow" : "OpenBLAS");

    std::fflush(stdout); // progress goes to stderr; keep the header above it in logs

    data::DatasetSpec spec;
    spec.directory = line.text("data-dir", "");
    const data::Dataset trainSet = data::loadDataset(spec, data::DatasetPart::Train);

    // Distinct architectures only: the canonical hash folds away dead edges.
    spaces::Rng rng(seed);
    std::vector<DemoEntry> entries;
    std::set<std::string> seen;
    for (int attempt = 0; static_cast<int>(entries.size()) < samples && attempt < samples * 50; ++attempt) {
        const auto genome = space->sample(rng);
        DemoEntry entry;
        entry.architecture = space->decode(genome);
        entry.hash = core::canonicalHash(entry.architecture);
        if (!seen.insert(entry.hash).second)
            continue;
        entry.arch = space->genomeToString(genome);
        entries.push_back(std::move(entry));
    }

    InterruptGuard interrupt;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        DemoEntry& e = entries[i];
        const auto cost = cost::analyseCost(e.architecture);
        e.macs = cost.macs;
        e.params = cost.params;
        models::Trainer trainer(train);
        char title[64];
        std::snprintf(title, sizeof title, "[%zu/%zu]", i + 1, entries.size());
        ProgressBar bar(title);
        trainer.setProgressCallback([&bar](const models::TrainProgress& p) {
            char detail[80];
            std::snprintf(detail, sizeof detail, "train loss %.3f acc %.1f%%", p.loss, p.accuracySoFar * 100.0);
            bar.update(p.fraction, detail);
        });
        trainer.setCancelPredicate([] { return InterruptGuard::interrupted(); });
        const auto result = trainer.train(e.architecture, trainSet);
        e.accuracy = result.validationAccuracy;
        e.trainSeconds = result.seconds;
        models::LatencyConfig latency;
        latency.repeats = 30;
        e.latencyMs = models::measureLatency(e.architecture, latency, [] { return InterruptGuard::interrupted(); })
                          .medianMs;
        char detail[120];
        std::snprintf(detail, sizeof detail, "val acc %.1f%%  latency %.3f ms  %s MACs", e.accuracy * 100.0,
                      e.latencyMs, humanCount(e.macs).c_str());
        bar.finish(detail);
    }
    markParetoFront(entries);

    const std::filesystem::path dir =
        line.has("out") ? std::filesystem::path(line.text("out", "")) : defaultRunsDirectory() / ("demo-" + timestamp());
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error)
        throw core::InputError(dir.string() + ": cannot create the results folder (" + error.message() + ")");

    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        const std::string file = "architecture-" + std::to_string(i + 1) + ".json";
        core::saveArchitectureFile(e.architecture, (dir / file).string());
        results.push_back({{"arch", e.arch},
                           {"hash", e.hash},
                           {"file", file},
                           {"validation_accuracy", e.accuracy},
                           {"latency_ms", e.latencyMs},
                           {"latency_provenance", "measured"},
                           {"macs", e.macs},
                           {"params", e.params},
                           {"train_seconds", e.trainSeconds},
                           {"pareto", e.pareto}});
    }
    nlohmann::ordered_json summary{{"space", "nb201"},
                                   {"dataset", "fashion-mnist"},
                                   {"seed", seed},
                                   {"threads", threads},
                                   {"libtorch", models::torchVersion()},
                                   {"train", {{"epochs", train.epochs}, {"subset", train.trainSubset}}},
                                   {"candidates", results}};
    const std::filesystem::path summaryFile = dir / "results.json";
    std::ofstream(summaryFile) << summary.dump(2) << '\n';

    if (line.flag("json")) {
        std::printf("%s\n", summary.dump(2).c_str());
        return kExitOk;
    }
    std::printf("\n%-3s %-8s %-9s %-10s %-10s %s\n", "", "val acc", "latency", "MACs", "params", "architecture");
    for (const auto& e : entries)
        std::printf("%-3s %6.2f%%  %6.3f ms %-10s %-10s %s\n", e.pareto ? " * " : "", e.accuracy * 100.0,
                    e.latencyMs, humanCount(e.macs).c_str(), humanCount(e.params).c_str(), e.arch.c_str());
    std::printf("\n* = on the accuracy-latency Pareto front (nothing is both more accurate and faster)\n");
    std::printf("results written to %s\n", summaryFile.string().c_str());
    return kExitOk;
}

} // namespace edgenas::cli
