#include "evrsnas_presets.h"

#include "evrsnas_settings.h"

#include "search/method_registry.h"

#include "core/errors.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace edgenas::search {

namespace {

std::string percent(double fraction) {
    if (fraction < 0)
        return "unknown";
    char text[32];
    std::snprintf(text, sizeof text, "%.2f %%", 100 * fraction);
    return text;
}

} // namespace

const std::vector<EvrsnasPreset>& evrsnasPresets() {
    // Times estimated from measured parts, not from whole timed runs: on the project's two cores,
    // NB-201 C = 8 on Fashion-MNIST at the default K = 50, n = 128, the proxy experiment measured
    // about 8 s per scored candidate; the top-3 final trainings take about a minute each; the
    // default reference is trained once per machine first (about 30 min on two idle cores).
    static const std::vector<EvrsnasPreset> presets{
        {"quick", 10, 10, 100, "about 15 minutes (estimated: 100 candidates x 8 s, 3 final trainings)"},
        {"paper", 20, 50, 1000, "about 2.5 hours (estimated: 1,000 candidates x 8 s, 3 final trainings)"},
    };
    return presets;
}

const EvrsnasPreset& evrsnasPreset(const std::string& name) {
    for (const auto& p : evrsnasPresets())
        if (p.name == name)
            return p;
    throw core::InputError("unknown evrsnas preset '" + name + "' (known: quick, paper)");
}

void applyEvrsnasPreset(RunConfig& config, const std::string& name) {
    evrsnasPreset(name);  // the evrsnas commands' own message for an unknown name
    config.method = "evrsnas";
    applyMethodPreset(config, name);
}

bool belowPaperBudget(const RunConfig& config) {
    const EvrsnasPreset& paper = evrsnasPreset("paper");
    const EvrsnasSettings s = evrsnasSettingsFromJson(config.methodSettingsJson);
    const int population = s.population > 0 ? s.population : config.population;
    return config.evaluations < paper.evaluations || population < paper.population ||
           (s.generations > 0 && s.generations < paper.generations);
}

std::vector<std::string> evrsnasReportLines(const RunConfig& config, const std::optional<EvrsnasOutcome>& outcome) {
    std::vector<std::string> lines;
    const EvrsnasSettings s = evrsnasSettingsFromJson(config.methodSettingsJson);
    const std::string metric = costMetric(s);
    lines.push_back("cost source: " + metric + " on " + config.device + " " +
                    (outcome ? outcome->costSource : std::string("unknown (no generation stored)")) +
                    (config.latencyTable.empty() ? std::string() : " (table " + config.latencyTable + ")") +
                    "; thresholds, penalty and outcome all use it");
    const EvrsnasPreset& paper = evrsnasPreset("paper");
    const int population = s.population > 0 ? s.population : config.population;
    std::string budget = std::to_string(config.evaluations) + " evaluations, population " + std::to_string(population) +
                         ", " + (s.generations > 0 ? std::to_string(s.generations) : std::string("unlimited")) +
                         " generations" + (s.preset.empty() ? std::string() : " (preset " + s.preset + ")");
    if (belowPaperBudget(config))
        lines.push_back("BELOW THE PAPER BUDGET: " + budget + "; the notes use " + std::to_string(paper.evaluations) +
                        " evaluations, population " + std::to_string(paper.population) + ", " +
                        std::to_string(paper.generations) + " generations (preset paper)");
    else
        lines.push_back("budget: " + budget + " (at least the paper's)");
    // The variant the run recorded: runs stored before the setting existed bred "novel" children
    // although today's default is "per-gene".
    const std::string mutation = outcome && !outcome->mutation.empty() ? outcome->mutation
                                 : outcome                              ? std::string("novel")
                                                                        : s.mutation;
    lines.push_back("mutation " + mutation + ", survival " + s.survival + ", K = " + std::to_string(s.rmi.steps) +
                    ", n = " + std::to_string(s.batch));
    if (outcome) {
        lines.push_back("children bred: " + std::to_string(outcome->children) + ", already seen (cached): " +
                        std::to_string(outcome->childrenAlreadySeen) + ", generations " +
                        std::to_string(outcome->generations));
        lines.push_back("reference model: test accuracy " + percent(outcome->referenceTestAccuracy) +
                        ", validation accuracy " + percent(outcome->referenceAccuracy) + " (trained)");
    }
    return lines;
}

std::vector<std::string> evrsnasOutcomeLines(const EvrsnasOutcome& outcome) {
    if (outcome.hash.empty())
        return {"evrsnas: no architecture was scored"};
    auto line = [](const char* format, auto... values) {
        char text[512];
        std::snprintf(text, sizeof text, format, values...);
        return std::string(text);
    };
    const std::string candidate = outcome.candidateId >= 0
                                      ? "candidate " + std::to_string(outcome.candidateId) + " (" + outcome.hash + ")"
                                      : outcome.hash;
    std::vector<std::string> lines;
    if (outcome.feasible)
        lines.push_back(line("evrsnas result: %s, phi %.4f (proxy), %s %.4g <= T = %.4g, fitness %.4f", candidate.c_str(),
                             outcome.phi, outcome.costMetric.c_str(), outcome.psi, outcome.threshold, outcome.fitness));
    else
        lines.push_back(line("evrsnas result: NO architecture met T = %.4g; the cheapest seen is %s, %s %.4g, phi %.4f",
                             outcome.threshold, candidate.c_str(), outcome.costMetric.c_str(), outcome.psi, outcome.phi));
    lines.push_back(line("final population: %d of %d within T; reference %s", outcome.feasibleInPopulation,
                         outcome.populationSize, outcome.referenceKey.c_str()));
    for (const auto& t : outcome.trained)
        lines.push_back(line("  trained %s: accuracy %.4f (trained, %.1f s)  phi %.4f (proxy)  %s %.4g", t.hash.c_str(),
                             t.accuracy, t.seconds, t.phi, outcome.costMetric.c_str(), t.psi));
    return lines;
}

std::vector<std::string> evrsnasReportLines(const std::string& method, const std::string& configJson,
                                            const std::string& generationStateJson) {
    if (method != "evrsnas")
        return {};
    try {
        const RunConfig config = runConfigFromJson(configJson);
        std::optional<EvrsnasOutcome> outcome;
        if (!generationStateJson.empty()) {
            const nlohmann::json state = nlohmann::json::parse(generationStateJson);
            if (state.contains("method"))
                outcome = evrsnasOutcomeFromState(state.at("method").dump());
        }
        std::vector<std::string> lines = outcome ? evrsnasOutcomeLines(*outcome) : std::vector<std::string>{};
        for (std::string& line : evrsnasReportLines(config, outcome))
            lines.push_back(std::move(line));
        return lines;
    } catch (const std::exception&) {
        // A run this version cannot read still gets its report, without these lines.
        return {};
    }
}

} // namespace edgenas::search
