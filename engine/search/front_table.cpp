#include "front_table.h"

#include "objective_scorer.h"

#include <cstdio>

namespace edgenas::search {

namespace {

std::string cell(const core::Candidate& c, const std::string& objective) {
    const core::Metric* m = c.metric(metricForObjective(objective));
    if (!m)
        return "-";
    char text[48];
    if (objective == "accuracy")
        std::snprintf(text, sizeof text, "%.2f %%", m->value * 100.0);
    else if (objective == "macs" || objective == "params")
        std::snprintf(text, sizeof text, "%.0f", m->value);
    else
        std::snprintf(text, sizeof text, "%.4g %s", m->value, m->unit.c_str());
    return text;
}

std::string header(const std::string& objective) {
    if (objective == "latency")
        return "latency";
    if (objective == "energy")
        return "energy";
    return objective;
}

} // namespace

std::string formatFrontTable(const std::vector<core::Candidate>& front, const std::vector<std::string>& objectives) {
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line, "%8s %4s", "id", "gen");
    out += line;
    for (const auto& o : objectives) {
        std::snprintf(line, sizeof line, " %14s", header(o).c_str());
        out += line;
    }
    out += "  genome\n";
    for (const core::Candidate& c : front) {
        std::snprintf(line, sizeof line, "%8lld %4d", static_cast<long long>(c.id), c.generation);
        out += line;
        for (const auto& o : objectives) {
            std::snprintf(line, sizeof line, " %14s", cell(c, o).c_str());
            out += line;
        }
        out += "  " + c.genome + "\n";
    }
    return out;
}

nlohmann::ordered_json candidateToJson(const core::Candidate& c) {
    nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
    for (const core::Metric& m : c.metrics)
        metrics[m.name] = {{"value", m.value}, {"unit", m.unit}, {"provenance", std::string(core::toString(m.provenance))}};
    return {{"id", c.id},         {"generation", c.generation}, {"hash", c.hash},       {"genome", c.genome},
            {"status", c.status}, {"parents", c.parents},       {"metrics", metrics}};
}

} // namespace edgenas::search
