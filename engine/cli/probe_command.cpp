#include "cli_support.h"
#include "commands.h"
#include "progress_bar.h"

#include "core/errors.h"
#include "cost/latency_probe.h"
#include "models/torch_runtime.h"
#include "spaces/space_factory.h"

#include <chrono>
#include <cstdio>
#include <set>

namespace edgenas::cli {

int runProbe(const std::vector<std::string>& args) {
    std::set<std::string> options = kSpaceOptions;
    options.insert({"out", "samples", "repeats", "warmup", "threads", "seed", "statistic"});
    const CommandLine line(args, options, {"raw"});
    if (!line.positionals().empty())
        throw core::InputError("unexpected argument '" + line.positionals().front() + "'");
    if (!line.has("space"))
        throw core::InputError("missing --space (one of: nb201, mobilenet; see edgenas spaces)");
    if (!line.has("out"))
        throw core::InputError("missing --out FILE.csv (where to write the latency table)");
    const std::string out = line.text("out", "");
    const auto space = spaces::makeSearchSpace(line.text("space", ""), spaceOptionsFrom(line));

    cost::ProbeConfig config;
    const int samples = static_cast<int>(line.integer("samples", 20, 1, 100000));
    config.repeats = static_cast<int>(line.integer("repeats", config.repeats, 1, 100000));
    config.warmup = static_cast<int>(line.integer("warmup", config.warmup, 0, 100000));
    config.seed = static_cast<std::uint64_t>(line.integer("seed", 1, 0, (1LL << 62)));
    config.subtractOverhead = !line.flag("raw");
    const std::string statistic = line.text("statistic", "median");
    if (statistic != "median" && statistic != "min")
        throw core::InputError("option --statistic must be median or min, got '" + statistic + "'");
    config.useMinimum = statistic == "min";
    const int threads = applyThreadOption(line);
    if (models::usingReferenceBlas())
        std::fprintf(stderr, "warning: the reference BLAS is ~50x slower; install libopenblas0-openmp\n");

    warnIfMachineBusy();
    InterruptGuard interrupt;
    const auto start = std::chrono::steady_clock::now();
    ProgressBar bar("probe " + space->name());
    std::set<std::string> measuredAgain;  // entries whose first time was not positive
    const cost::LatencyTable table = cost::probeLatencyTable(
        *space, samples, config,
        [&bar, &measuredAgain](int done, int total, const std::string& what) {
            if (what.rfind(cost::kMeasuredAgain, 0) == 0)
                measuredAgain.insert(what.substr(cost::kMeasuredAgain.size()));
            bar.update(total > 0 ? double(done) / total : 1.0,
                       std::to_string(done) + "/" + std::to_string(total) + "  " + what.substr(0, 60));
        },
        [] { return InterruptGuard::interrupted(); });
    bar.finish();
    table.save(out);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("wrote %s: %zu operator signatures from %d %s architectures\n", out.c_str(), table.size(), samples,
                space->name().c_str());
    char overhead[96];
    if (config.subtractOverhead)
        std::snprintf(overhead, sizeof overhead, "per-call overhead %.4f ms measured and subtracted",
                      table.conditions().networkOverheadMs);
    else
        std::snprintf(overhead, sizeof overhead, "raw times (per-call overhead in every entry)");
    std::printf("  host, %d threads, batch %d, %s of %d runs after %d warm-up; %s; %.1f s\n", threads,
                config.batchSize, statistic.c_str(), config.repeats, config.warmup, overhead, seconds);
    int free = 0;
    for (const auto& [key, ms] : table.entries())
        free += ms == 0.0 ? 1 : 0;
    std::printf("  %zu operators or baselines timed not positive at first and were measured again with more repeats; "
                "%d operators run no kernel (entry 0); no entry is clamped\n",
                measuredAgain.size(), free);
    return kExitOk;
}

} // namespace edgenas::cli
