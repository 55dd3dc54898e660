#include "gram_settings.h"

#include "search/method_settings_json.h"
#include "search/settings_schema.h"

#include "core/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

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
    std::vector<double> budgets;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        std::size_t used = 0;
        double value = 0.0;
        try {
            value = std::stod(item, &used);
        } catch (const std::logic_error&) {
            used = 0;
        }
        if (used == 0 || item.find_first_not_of(" \t", used) != std::string::npos || !(value > 0.0 && value < 1.0))
            throw core::InputError("settings.prune_budgets: '" + item +
                                   "' is not a fraction between 0 and 1 (write e.g. \"0.75,0.5,0.25\")");
        budgets.push_back(value);
    }
    if (budgets.empty())
        throw core::InputError("settings.prune_budgets: give at least one fraction, e.g. \"0.5\"");
    std::sort(budgets.begin(), budgets.end(), std::greater<>());
    budgets.erase(std::unique(budgets.begin(), budgets.end()), budgets.end());
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
