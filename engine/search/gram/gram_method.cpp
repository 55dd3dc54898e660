#include "gram_method.h"

#include "gram_records.h"
#include "gram_search.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace edgenas::search {

namespace {
std::string line(const char* format, auto... values) {
    char text[256];
    std::snprintf(text, sizeof text, format, values...);
    return text;
}

std::string orDash(double value, const char* format) { return value < 0.0 ? std::string("-") : line(format, value); }

std::vector<std::string> gramReport(const std::string&, const std::string& stateJson) {
    const nlohmann::json method = nlohmann::json::parse(stateJson).at("method");
    std::vector<std::string> out;
    out.push_back(line("gram: %d sweeps; %s", method.at("sweeps").get<int>(),
                       method.at("stop_reason").get<std::string>().empty()
                           ? "still searching"
                           : ("stopped: " + method.at("stop_reason").get<std::string>()).c_str()));
    if (method.at("pruning").is_null())
        return out;
    const GramPruningRecord pruning = gramPruningRecordFromJson(method.at("pruning").dump());
    out.push_back(line("gram: most probable graph %s, %.0f MACs, %.0f parameters; pruned in %zu steps (latency: %s)",
                       pruning.startHash.c_str(), pruning.startMacs, pruning.startParams, pruning.steps.size(),
                       pruning.latencySource.empty() ? "not computed" : pruning.latencySource.c_str()));
    out.push_back("gram: family (accuracy density = test top-1 in % per million parameters, and per million MACs)");
    out.push_back("  budget       MACs     params  latency ms  val acc  test acc  %/M params  %/M MACs  hash");
    for (const GramFamilyMember& m : pruning.family)
        out.push_back(line("  %5.0f %% %10.0f %10.0f  %10s  %7s  %8s  %10s  %8s  %s", 100.0 * m.budgetFraction, m.macs,
                           m.params, orDash(m.latencyMs, "%.3f").c_str(), orDash(m.validationAccuracy, "%.4f").c_str(),
                           orDash(m.testAccuracy, "%.4f").c_str(), orDash(m.densityPerMParams, "%.1f").c_str(),
                           orDash(m.densityPerMMacs, "%.2f").c_str(), m.hash.c_str()));
    return out;
}
} // namespace

MethodDescriptor gramMethod() {
    MethodDescriptor m;
    m.name = "gram";
    m.label = "GRAM";
    m.summary = "node-wise Gibbs search on the DAG space guided by a learned meta-graph, then structure-level "
                "pruning into a model family";
    m.settings = gramSettingsSchema();
    // Each variant is trained briefly (the run's training keys); rewards of networks seen before
    // are free, so a sweep costs at most (nodes - 1) x K evaluations.
    m.presets = {
        {"quick",
         "DAG space, 8 nodes at C = 4; K = 4, up to 10 sweeps, at most 200 evaluations on 2,000 training images "
         "each; then pruning to 75/50/25 % of the MACs: about 10 min on 2 idle cores (6.6 min measured with 1,000 "
         "images per network, 150 of them new; estimated for 2,000)",
         200, 0, R"({"variants": 4, "max_sweeps": 10})",
         R"({"space": {"name": "dag", "channels": 4}, "training": {"epochs": 1, "subset": 2000, "validation_subset": 500}})"},
        {"paper",
         "the notes' settings: K = 8, up to 30 sweeps or 0.2 bits of edge entropy, 8 nodes, 20 training epochs per "
         "variant on 10,000 images: days on 2 cores (estimated); resumable",
         2000, 0, R"({"variants": 8, "max_sweeps": 30, "entropy_stop_bits": 0.2})",
         R"({"space": {"name": "dag"}, "training": {"epochs": 20, "subset": 10000, "validation_subset": 5000}})"},
    };
    m.create = [](const std::string& settings) -> std::unique_ptr<SearchMethod> {
        return std::make_unique<GramSearch>(gramSettingsFromJson(settings));
    };
    m.reportLines = gramReport;
    return m;
}

} // namespace edgenas::search
