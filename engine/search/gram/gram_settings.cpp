#include "gram_settings.h"

#include "search/method_settings_json.h"
#include "search/settings_schema.h"

#include "core/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace edgenas::search {

using nlohmann::json;

const std::vector<SettingDescriptor>& gramSettingsSchema() {
    static const GramSettings d;
    static const std::vector<SettingDescriptor> schema{
        integerSetting("variants", 1, 64, d.variants, "K: variants of one node's inputs and operator scored per Gibbs step"),
        integerSetting("max_sweeps", 1, 10000, d.maxSweeps, "stop after this many node-wise sweeps"),
        numberSetting("entropy_stop_bits", 0.0, 1.0, d.entropyStopBits,
                      "stop once the mean edge entropy of the meta-graph falls below this (bits)"),
        numberSetting("sampling_temperature", 0.01, 100.0, d.samplingTemperature,
                      "tau: edge probability sigma(W/tau), operator probability softmax(U/tau)"),
        numberSetting("move_temperature", 0.001, 100.0, d.moveTemperature,
                      "T: the chain moves to a variant with probability proportional to exp(advantage/T)"),
        numberSetting("learning_rate", 0.0, 100.0, d.learningRate, "eta of the graph-propagation credit update"),
        numberSetting("baseline_decay", 0.0, 0.999, d.baselineDecay, "decay of the reward baseline's moving average"),
        numberSetting("cost_weight", 0.0, 100.0, d.costWeight,
                      "lambda in reward = accuracy - lambda * log10(cost / cost of the complete graph)"),
        textSetting("prune_budgets", "0.75,0.5,0.25",
                    "MAC budgets of the pruned family, as fractions of the most probable graph's MACs"),
        integerSetting("prune_validation_tries", 0, 64, d.pruneValidationTries,
                       "0 removes the lowest-weight edge; n scores the n lowest and removes the best (costs evaluations)"),
    };
    return schema;
}

namespace {
std::vector<double> budgetsFrom(const std::string& text) {
    std::vector<double> budgets =
        numberListSetting(text, {"prune_budgets", "fraction", 0.0, 1.0, true, "0.75,0.5,0.25", "0.5"});
    std::reverse(budgets.begin(), budgets.end());  // largest budget first: the family's order
    return budgets;
}
} // namespace

GramSettings gramSettingsFromJson(const std::string& text) {
    const json j = methodSettingsObject(text);
    checkSettings("gram", gramSettingsSchema(), j);
    GramSettings s;
    s.variants = j.value("variants", s.variants);
    s.maxSweeps = j.value("max_sweeps", s.maxSweeps);
    s.entropyStopBits = j.value("entropy_stop_bits", s.entropyStopBits);
    s.samplingTemperature = j.value("sampling_temperature", s.samplingTemperature);
    s.moveTemperature = j.value("move_temperature", s.moveTemperature);
    s.learningRate = j.value("learning_rate", s.learningRate);
    s.baselineDecay = j.value("baseline_decay", s.baselineDecay);
    s.costWeight = j.value("cost_weight", s.costWeight);
    s.pruneBudgets = budgetsFrom(j.value("prune_budgets", std::string("0.75,0.5,0.25")));
    s.pruneValidationTries = j.value("prune_validation_tries", s.pruneValidationTries);
    return s;
}

} // namespace edgenas::search
