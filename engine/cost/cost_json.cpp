#include "cost_json.h"

#include "power_model.h"

namespace edgenas::cost {

nlohmann::ordered_json toJson(const DevicePrediction& p, bool perNode) {
    nlohmann::ordered_json clocks = nlohmann::ordered_json::object();
    for (const auto& [domain, mhz] : p.mhz)
        clocks[domain] = mhz;
    nlohmann::ordered_json j{
        {"device", p.device},
        {"operating_point", p.operatingPoint},
        {"mhz", clocks},
        {"latency_ms", p.latencyMs},
        {"energy_mj", p.energyMj},
        {"average_power_w", p.averagePowerW},
        {"static_power_w", p.staticPowerW},
        {"dynamic_power_w", p.dynamicPowerW},
        {"full_load_power_w", p.fullLoadPowerW},
        {"overhead_ms", p.overheadMs},
        {"latency_provenance", std::string(core::toString(p.latencyProvenance))},
        {"energy_provenance", std::string(core::toString(p.energyProvenance))},
        {"table_share", p.tableShare},
        {"table_hits", p.tableHits},
        {"table_misses", p.tableMisses},
    };
    if (perNode) {
        nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
        for (const NodePrediction& n : p.nodes)
            nodes.push_back({{"id", n.nodeId},
                             {"signature", n.signature},
                             {"latency_ms", n.latencyMs},
                             {"energy_mj", n.energyMj},
                             {"power_w", n.powerW},
                             {"provenance", std::string(core::toString(n.provenance))},
                             {"source", n.source},
                             {"main_path", n.onMainPath}});
        j["nodes"] = nodes;
    }
    return j;
}

nlohmann::ordered_json toJson(const DeviceProfile& p) {
    nlohmann::ordered_json domains = nlohmann::ordered_json::array();
    for (const DvfsDomain& d : p.domains) {
        nlohmann::ordered_json volts = nlohmann::ordered_json::array();
        for (double mhz : d.levelsMhz)
            volts.push_back(d.voltsAt(mhz));
        domains.push_back({{"name", d.name},
                           {"levels_mhz", d.levelsMhz},
                           {"volts", volts},
                           {"voltage_known", !d.levelVolts.empty() || d.voltsMin.has_value()},
                           {"dynamic_w_at_max", d.dynamicWattsAtMax},
                           {"dynamic_coefficient_w_per_mhz_v2", d.dynamicCoefficient()},
                           {"source", d.source}});
    }
    nlohmann::ordered_json points = nlohmann::ordered_json::array();
    for (const OperatingPoint& point : p.operatingPoints) {
        nlohmann::ordered_json clocks = nlohmann::ordered_json::object();
        for (const auto& [domain, mhz] : point.mhz)
            clocks[domain] = mhz;
        const PowerModel power(p, point);
        nlohmann::ordered_json row{{"name", point.name},
                                   {"mhz", clocks},
                                   {"full_load_power_w", power.fullLoadWatts()},
                                   {"power_measured", power.measured()}};
        if (!point.source.empty())
            row["source"] = point.source;
        points.push_back(row);
    }
    return {
        {"name", p.name},
        {"display_name", p.displayName},
        {"origin", p.origin},
        {"source", p.source},
        {"notes", p.notes},
        {"processor", p.processor},
        {"cores", p.cores},
        {"threads", p.threads},
        {"bytes_per_element", p.bytesPerElement},
        {"compute", {{"peak_gflops", p.peakGflopsAtMax}, {"domain", p.computeDomain}, {"source", p.computeSource}}},
        {"memory",
         {{"bandwidth_gbps", p.bandwidthGbpsAtMax}, {"domain", p.memoryDomain}, {"source", p.memorySource}}},
        {"efficiency",
         {{"conv", p.efficiency.conv},
          {"pointwise", p.efficiency.pointwise},
          {"depthwise", p.efficiency.depthwise},
          {"linear", p.efficiency.linear},
          {"elementwise", p.efficiency.elementwise},
          {"memory", p.efficiency.memory},
          {"source", p.efficiency.source}}},
        {"overheads",
         {{"launch_ms", p.launchOverheadMs},
          {"network_ms", p.networkOverheadMs},
          {"domain", p.hostDomain},
          {"fuses_elementwise", p.fusesElementwise},
          {"source", p.overheadSource}}},
        {"power", {{"static_w", p.staticWatts}, {"source", p.powerSource}}},
        {"domains", domains},
        {"operating_points", points},
        {"default_operating_point", p.defaultOperatingPoint},
    };
}

} // namespace edgenas::cost
