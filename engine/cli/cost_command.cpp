#include "cli_support.h"
#include "commands.h"

#include "core/architecture_json.h"
#include "core/errors.h"
#include "core/canonical_form.h"
#include "cost/architecture_cost.h"
#include "cost/device_catalog.h"
#include "cost/device_prediction.h"
#include "cost/latency_table.h"
#include "models/latency_meter.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <optional>

namespace edgenas::cli {

int runCost(const std::vector<std::string>& args) {
    const CommandLine line(args, {"threads", "batch", "warmup", "repeats", "device", "dvfs", "table"},
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
        result["device"] = {{"name", p.device},
                            {"operating_point", p.operatingPoint},
                            {"latency_ms", p.latencyMs},
                            {"latency_provenance", std::string(core::toString(p.latencyProvenance))},
                            {"table_share", p.tableShare},
                            {"energy_mj", p.energyMj},
                            {"energy_provenance", std::string(core::toString(p.energyProvenance))},
                            {"average_power_w", p.averagePowerW}};
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
        std::printf("on %s @ %s  latency %.3f ms (%s), energy %.3f mJ (%s), %.2f W average\n",
                    d["name"].get<std::string>().c_str(), d["operating_point"].get<std::string>().c_str(),
                    d["latency_ms"].get<double>(), d["latency_provenance"].get<std::string>().c_str(),
                    d["energy_mj"].get<double>(), d["energy_provenance"].get<std::string>().c_str(),
                    d["average_power_w"].get<double>());
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
