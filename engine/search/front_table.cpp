#include "front_table.h"

#include "objective_scorer.h"

#include "core/metric_catalog.h"

#include <algorithm>
#include <cstdio>

namespace edgenas::search {

namespace {

// How a figure reads is the metric's descriptor's business: shares as per cent, counts whole.
std::string cell(const core::Candidate& c, const std::string& metric) {
    const core::Metric* m = c.metric(metric);
    if (!m)
        return "-";
    const core::MetricDescriptor* d = core::MetricCatalog::global().find(metric);
    char text[48];
    if (d && d->fraction)
        std::snprintf(text, sizeof text, "%.2f %%", m->value * 100.0);
    else if (d && d->integral)
        std::snprintf(text, sizeof text, "%.0f", m->value);
    else
        std::snprintf(text, sizeof text, "%.4g %s", m->value, m->unit.c_str());
    return text;
}

// The column's name with the provenance of its figures on this front ("energy (modelled)"), so a
// modelled figure never reads as a measurement; "mixed" when candidates differ.
std::string header(const std::string& name, const std::string& metric, const std::vector<core::Candidate>& front) {
    std::string provenance;
    for (const core::Candidate& c : front) {
        const core::Metric* m = c.metric(metric);
        if (!m)
            continue;
        const std::string p(core::toString(m->provenance));
        provenance = provenance.empty() || provenance == p ? p : "mixed";
    }
    return provenance.empty() ? name : name + " (" + provenance + ")";
}

} // namespace

std::string formatFrontTable(const std::vector<core::Candidate>& front, const std::vector<std::string>& objectives) {
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line, "%8s %4s", "id", "gen");
    out += line;
    // The objectives' metrics, then the test-split figures the run reported for its front.
    std::vector<std::pair<std::string, std::string>> columns;  // (name shown, metric)
    for (const auto& o : objectives)
        columns.emplace_back(o, metricForObjective(o));
    if (std::any_of(front.begin(), front.end(), [](const core::Candidate& c) { return c.metric("test_accuracy"); }))
        columns.emplace_back("test accuracy", "test_accuracy");
    std::vector<int> widths;
    for (const auto& [name, metric] : columns) {
        const std::string title = header(name, metric, front);
        widths.push_back(std::max<int>(14, static_cast<int>(title.size())));
        std::snprintf(line, sizeof line, " %*s", widths.back(), title.c_str());
        out += line;
    }
    out += "  genome\n";
    for (const core::Candidate& c : front) {
        std::snprintf(line, sizeof line, "%8lld %4d", static_cast<long long>(c.id), c.generation);
        out += line;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            std::snprintf(line, sizeof line, " %*s", widths[i], cell(c, columns[i].second).c_str());
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
    nlohmann::ordered_json out{{"id", c.id},         {"generation", c.generation}, {"hash", c.hash},
                               {"genome", c.genome}, {"status", c.status},         {"parents", c.parents},
                               {"metrics", metrics}};
    // Only what a candidate has: a single-level run without records prints as it always did.
    if (!c.settingsJson.empty())
        out["settings"] = nlohmann::ordered_json::parse(c.settingsJson);
    if (c.levelParent)
        out["level_parent"] = *c.levelParent;
    if (!c.records.empty()) {
        nlohmann::ordered_json records = nlohmann::ordered_json::array();
        for (const core::ResultRecord& r : c.records)
            records.push_back({{"kind", r.kind}, {"value", nlohmann::ordered_json::parse(r.json)}});
        out["records"] = records;
    }
    return out;
}

} // namespace edgenas::search
