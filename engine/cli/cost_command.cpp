#include "cli_support.h"
#include "commands.h"

#include "core/architecture_json.h"
#include "core/errors.h"
#include "core/canonical_form.h"
#include "cost/architecture_cost.h"
#include "cost/device_catalog.h"
#include "cost/device_prediction.h"
#include "cost/energy_source.h"
#include "cost/package_energy_counter.h"
#include "cost/latency_table.h"
#include "models/energy_meter.h"
#include "models/latency_meter.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <optional>

namespace edgenas::cli {

int runCost(const std::vector<std::string>& args) {
    const CommandLine line(args, {"threads", "batch", "warmup", "repeats", "device", "dvfs", "table", "powercap-root"},
                           {"json", "no-latency", "per-node"});
    const std::string path = line.onePositional("architecture file (ARCH.json)");
    const core::Architecture arch = core::loadArchitectureFile(path);
    const cost::ArchitectureCost cost = cost::analyseCost(arch);

    nlohmann::ordered_json result{
        {"architecture", path},
        {"hash", core::canonicalHash(arch)},
        {"macs", cost.macs},
        {"params", cost.params},
        {"peak_activation_bytes", cost.peakActivationBytes},
    };
    if (!line.flag("no-latency")) {
        const int threads = applyThreadOption(line);
        models::LatencyConfig config;
        config.batchSize = static_cast<int>(line.integer("batch", config.batchSize, 1, 4096));
        config.warmup = static_cast<int>(line.integer("warmup", config.warmup, 0, 100000));
        config.repeats = static_cast<int>(line.integer("repeats", config.repeats, 1, 100000));
        const models::LatencyStats stats = models::measureLatency(arch, config);
        result["latency"] = {{"median_ms", stats.medianMs}, {"p90_ms", stats.p90Ms},   {"mean_ms", stats.meanMs},
                             {"min_ms", stats.minMs},       {"repeats", stats.repeats}, {"batch", stats.batchSize},
                             {"threads", threads},          {"provenance", "measured"}, {"device", "host"}};
    }
    if (auto deviceName = line.value("device")) {
        const cost::DeviceProfile& profile = cost::DeviceCatalog::builtIn().find(*deviceName);
        std::optional<cost::LatencyTable> table;
        if (auto tablePath = line.value("table"))
            table = cost::LatencyTable::load(*tablePath);
        const cost::DevicePrediction p =
            cost::predictOnDevice(arch, profile, line.text("dvfs", ""), table ? &*table : nullptr);
        const cost::PackageEnergyCounter counter(line.text("powercap-root", cost::PackageEnergyCounter::kSystemRoot));
        const cost::EnergySource source = cost::energySourceOf(profile, &counter);
        nlohmann::ordered_json device{{"name", p.device},
                                      {"operating_point", p.operatingPoint},
                                      {"latency_ms", p.latencyMs},
                                      {"latency_provenance", std::string(core::toString(p.latencyProvenance))},
                                      {"table_share", p.tableShare},
                                      {"energy_mj", p.energyMj},
                                      {"energy_provenance", std::string(core::toString(p.energyProvenance))},
                                      {"average_power_w", p.averagePowerW},
                                      {"energy_source", source.summary},
                                      {"energy_follows_latency", source.followsLatency},
                                      {"energy_note", source.explanation}};
        if (source.provenance == core::Provenance::Measured) {
            const cost::EnergySource modelled = cost::energySourceOf(profile);  // what stands in for a measurement
            // This machine's package counter: energy of the network run here, idle power subtracted.
            if (line.flag("no-latency")) {
                device["energy_note"] = "not measured (--no-latency runs nothing): the model's figure. " +
                                        source.explanation;
                device["energy_source"] = modelled.summary;
                device["energy_follows_latency"] = modelled.followsLatency;
            } else {
                models::EnergyConfig config;
                config.batchSize = static_cast<int>(line.integer("batch", config.batchSize, 1, 4096));
                try {
                    const models::EnergyStats e = models::measureEnergy(arch, counter, config);
                    device["energy_mj"] = e.energyMj;
                    device["energy_provenance"] = "measured";
                    device["average_power_w"] = e.averageWatts;
                    device["energy_measurement"] = {{"counter", e.counter},        {"idle_w", e.idleWatts},
                                                    {"ms_per_inference", e.msPerInference},
                                                    {"windows", e.windows},        {"window_ms", e.windowMs},
                                                    {"inferences", e.inferences}};
                    device["energy_note"] = source.explanation + " Average power is the package's above idle.";
                } catch (const core::MeasurementError& e) {
                    device["energy_source"] = modelled.summary;
                    device["energy_follows_latency"] = modelled.followsLatency;
                    device["energy_note"] = std::string("the energy measurement failed (") + e.what() +
                                            "), so this is the model's figure. " + modelled.explanation;
                }
            }
        }
        result["device"] = device;
    }
    if (line.flag("per-node")) {
        nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
        for (const core::Node& node : arch.nodes) {
            const auto& c = cost.nodes[static_cast<std::size_t>(node.id)];
            nodes.push_back({{"id", node.id},
                             {"op", std::string(core::toString(node.op))},
                             {"label", node.label},
                             {"output", {c.output.channels, c.output.height, c.output.width}},
                             {"macs", c.macs},
                             {"params", c.params}});
        }
        result["nodes"] = nodes;
    }
    if (line.flag("json")) {
        std::printf("%s\n", result.dump(2).c_str());
        return kExitOk;
    }
    std::printf("architecture  %s  (hash %s, %zu nodes)\n", path.c_str(), result["hash"].get<std::string>().c_str(),
                arch.nodes.size());
    std::printf("MACs          %s  (%lld)\n", humanCount(cost.macs).c_str(), static_cast<long long>(cost.macs));
    std::printf("parameters    %s  (%lld)\n", humanCount(cost.params).c_str(), static_cast<long long>(cost.params));
    std::printf("peak memory   %s  (activations, batch 1, float32)\n", humanBytes(cost.peakActivationBytes).c_str());
    if (result.contains("latency")) {
        const auto& l = result["latency"];
        std::printf("host latency  median %.3f ms, p90 %.3f ms  (measured, batch %d, %d threads, %d runs)\n",
                    l["median_ms"].get<double>(), l["p90_ms"].get<double>(), l["batch"].get<int>(),
                    l["threads"].get<int>(), l["repeats"].get<int>());
    }
    if (result.contains("device")) {
        const auto& d = result["device"];
        std::printf("on %s @ %s  latency %.3f ms (%s), energy %.3f mJ (%s%s), %.2f W average\n",
                    d["name"].get<std::string>().c_str(), d["operating_point"].get<std::string>().c_str(),
                    d["latency_ms"].get<double>(), d["latency_provenance"].get<std::string>().c_str(),
                    d["energy_mj"].get<double>(), d["energy_provenance"].get<std::string>().c_str(),
                    d["energy_follows_latency"].get<bool>() ? ": follows latency" : "",
                    d["average_power_w"].get<double>());
        std::printf("  energy: %s\n", d["energy_note"].get<std::string>().c_str());
    }
    if (result.contains("nodes")) {
        std::printf("\n%5s  %-16s %-14s %12s %10s  %s\n", "node", "op", "output", "MACs", "params", "label");
        for (const auto& n : result["nodes"]) {
            const auto& o = n["output"];
            const std::string shape = std::to_string(o[0].get<int>()) + "x" + std::to_string(o[1].get<int>()) + "x" +
                                      std::to_string(o[2].get<int>());
            std::printf("%5d  %-16s %-14s %12lld %10lld  %s\n", n["id"].get<int>(),
                        n["op"].get<std::string>().c_str(), shape.c_str(), n["macs"].get<long long>(),
                        n["params"].get<long long>(), n["label"].get<std::string>().c_str());
        }
    }
    return kExitOk;
}

} // namespace edgenas::cli
