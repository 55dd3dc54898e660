#include "cli_support.h"
#include "commands.h"
#include "progress_bar.h"

#include "core/errors.h"
#include "cost/architecture_cost.h"
#include "cost/device_catalog.h"
#include "cost/device_prediction.h"
#include "cost/latency_agreement.h"
#include "cost/latency_probe.h"
#include "models/latency_meter.h"
#include "models/torch_runtime.h"
#include "spaces/space_factory.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace edgenas::cli {

namespace {

// The figures GOS asks a per-operator table to reach (methods notes, section 3, item 9).
constexpr double kTargetSpearman = 0.9;
constexpr double kTargetMape = 15.0;

nlohmann::ordered_json agreementJson(const cost::LatencyAgreement& a) {
    return {{"count", a.count},
            {"mape_percent", a.mape},
            {"spearman", a.spearman},
            {"within_10_percent", a.within10},
            {"mean_ratio", a.meanRatio},
            {"max_error_percent", a.maxAbsPercent}};
}


void printAgreement(const char* label, const cost::LatencyAgreement& a) {
    std::printf("  %-22s MAPE %6.2f %%   Spearman %6.3f   within +-10 %%: %5.1f %%   mean pred/meas %.3f   "
                "worst %.1f %%\n",
                label, a.mape, a.spearman, 100.0 * a.within10, a.meanRatio, a.maxAbsPercent);
}

} // namespace

int runValidateLatency(const std::vector<std::string>& args) {
    std::set<std::string> options = kSpaceOptions;
    options.insert({"samples", "table", "threads", "seed", "repeats", "warmup", "probe-repeats", "save-table",
                    "statistic"});
    const CommandLine line(args, options, {"json"});
    if (!line.positionals().empty())
        throw core::InputError("unexpected argument '" + line.positionals().front() + "'");
    if (!line.has("space"))
        throw core::InputError("missing --space (one of: nb201, mobilenet; see edgenas spaces)");
    const auto space = spaces::makeSearchSpace(line.text("space", ""), spaceOptionsFrom(line));
    const int samples = static_cast<int>(line.integer("samples", 20, 2, 100000));
    const auto seed = static_cast<std::uint64_t>(line.integer("seed", 1, 0, (1LL << 62)));
    models::LatencyConfig meter;
    meter.repeats = static_cast<int>(line.integer("repeats", meter.repeats, 1, 100000));
    meter.warmup = static_cast<int>(line.integer("warmup", meter.warmup, 0, 100000));
    const std::string statistic = line.text("statistic", "median");
    if (statistic != "median" && statistic != "min")
        throw core::InputError("option --statistic must be median or min, got '" + statistic + "'");
    const bool useMinimum = statistic == "min";
    const int threads = applyThreadOption(line);
    const bool json = line.flag("json");
    if (models::usingReferenceBlas())
        std::fprintf(stderr, "warning: the reference BLAS is ~50x slower; install libopenblas0-openmp\n");

    const cost::DeviceProfile& host = cost::DeviceCatalog::builtIn().find("host");
    const std::vector<core::Architecture> archs = cost::sampleArchitectures(*space, samples, seed);
    warnIfMachineBusy();
    const double loadBefore = cost::loadPerCore();
    InterruptGuard interrupt;
    const auto cancel = [] { return InterruptGuard::interrupted(); };

    // The table: given, or probed now for exactly these architectures (every signature covered).
    cost::LatencyTable table;
    std::string tableSource;
    if (auto path = line.value("table")) {
        table = cost::LatencyTable::load(*path);
        tableSource = *path;
        if (table.conditions().device != "host")
            throw core::InputError(*path + ": measured on '" + table.conditions().device +
                                   "', but validate-latency measures on this host");
        const auto& c = table.conditions();
        if (c.threads != threads || c.batchSize != meter.batchSize || c.statistic != statistic)
            std::fprintf(stderr, "warning: %s holds the %s with %d threads and batch %d; this run takes the %s with %d "
                         "threads and batch %d\n",
                         path->c_str(), c.statistic.c_str(), c.threads, c.batchSize, statistic.c_str(), threads,
                         meter.batchSize);
    } else {
        cost::ProbeConfig probe;
        probe.repeats = static_cast<int>(line.integer("probe-repeats", probe.repeats, 1, 100000));
        probe.warmup = meter.warmup;
        probe.useMinimum = useMinimum;
        ProgressBar bar("probe " + space->name());
        table = cost::probeArchitectures(
            archs, probe,
            [&bar](int done, int total, const std::string& what) {
                bar.update(total > 0 ? double(done) / total : 1.0,
                           std::to_string(done) + "/" + std::to_string(total) + "  " + what.substr(0, 50));
            },
            cancel);
        bar.finish();
        tableSource = "probed for these architectures";
        if (auto save = line.value("save-table"))
            table.save(*save);
    }

    std::vector<double> measured, predicted, modelled;
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    int misses = 0;
    {
        ProgressBar bar("measure " + space->name());
        for (std::size_t i = 0; i < archs.size(); ++i) {
            const core::Architecture& arch = archs[i];
            bar.update(double(i) / archs.size(), std::to_string(i) + "/" + std::to_string(archs.size()));
            const models::LatencyStats stats = models::measureLatency(arch, meter, cancel);
            const double ms = useMinimum ? stats.minMs : stats.medianMs;
            const cost::DevicePrediction fromTable = cost::predictOnDevice(arch, host, "", &table);
            const cost::DevicePrediction roofline = cost::predictOnDevice(arch, host, "");
            measured.push_back(ms);
            predicted.push_back(fromTable.latencyMs);
            modelled.push_back(roofline.latencyMs);
            misses += fromTable.tableMisses;
            const auto archName = arch.metadata.find("arch");
            rows.push_back({{"arch", archName != arch.metadata.end() ? archName->second : ""},
                            {"macs", cost::analyseCost(arch).macs},
                            {"measured_ms", ms},
                            {"table_ms", fromTable.latencyMs},
                            {"table_provenance", std::string(core::toString(fromTable.latencyProvenance))},
                            {"table_misses", fromTable.tableMisses},
                            {"roofline_ms", roofline.latencyMs}});
        }
        bar.finish();
    }
    const cost::LatencyAgreement tableAgreement = cost::LatencyAgreement::compare(predicted, measured);
    const cost::LatencyAgreement rooflineAgreement = cost::LatencyAgreement::compare(modelled, measured);
    const bool targetMet = tableAgreement.spearman >= kTargetSpearman && tableAgreement.mape <= kTargetMape;

    if (json) {
        nlohmann::ordered_json result{
            {"space", space->name()},
            {"description", space->description()},
            {"samples", samples},
            {"seed", seed},
            {"threads", threads},
            {"load_per_core", loadBefore},
            {"repeats", meter.repeats},
            {"warmup", meter.warmup},
            {"statistic", statistic},
            {"table",
             {{"source", tableSource},
              {"signatures", table.size()},
              {"network_overhead_ms", table.conditions().networkOverheadMs},
              {"misses", misses}}},
            {"table_agreement", agreementJson(tableAgreement)},
            {"roofline_agreement", agreementJson(rooflineAgreement)},
            {"target", {{"spearman", kTargetSpearman}, {"mape_percent", kTargetMape}, {"met", targetMet}}},
            {"architectures", rows},
        };
        std::printf("%s\n", result.dump(2).c_str());
        return kExitOk;
    }
    std::printf("validate-latency %s: %d architectures (seed %llu), host, %d threads, batch 1, load %.2f per core\n",
                space->name().c_str(), samples, static_cast<unsigned long long>(seed), threads, loadBefore);
    std::printf("  table: %s, %zu signatures, per-call overhead %.4f ms%s\n", tableSource.c_str(), table.size(),
                table.conditions().networkOverheadMs,
                misses > 0 ? (", " + std::to_string(misses) + " nodes not in it (roofline used)").c_str() : "");
    std::printf("  measured end to end: %s of %d runs after %d warm-up\n", statistic.c_str(), meter.repeats,
                meter.warmup);
    printAgreement("table sum (table)", tableAgreement);
    printAgreement("roofline only (host)", rooflineAgreement);
    std::printf("  target (GOS): Spearman >= %.1f and MAPE <= %.0f %%: %s\n", kTargetSpearman, kTargetMape,
                targetMet ? "met" : "NOT met");
    return kExitOk;
}

} // namespace edgenas::cli
