#include "evrsnas_settings.h"

#include "search/method_settings_json.h"

#include "core/errors.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <initializer_list>
#include <map>
#include <string_view>

namespace edgenas::search {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& key, const std::string& what) {
    throw core::InputError("config key 'settings." + key + "' must be " + what);
}

int wholeNumber(const json& v, const std::string& key, long long min, long long max) {
    if (!v.is_number_integer() || v.get<long long>() < min || v.get<long long>() > max)
        bad(key, "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return static_cast<int>(v.get<long long>());
}

double number(const json& v, const std::string& key, double min, double max) {
    if (!v.is_number() || !(v.get<double>() >= min) || !(v.get<double>() <= max))
        bad(key, "a number from " + json(min).dump() + " to " + json(max).dump());
    return v.get<double>();
}

std::string text(const json& v, const std::string& key) {
    if (!v.is_string())
        bad(key, "a string");
    return v.get<std::string>();
}

/// One of the named words ("" stands for "empty"); the error lists them all.
std::string oneOf(const json& v, const std::string& key, std::initializer_list<std::string_view> choices) {
    const std::string value = text(v, key);
    std::string listed;
    std::size_t i = 0;
    for (std::string_view choice : choices) {
        if (value == choice)
            return value;
        if (i > 0)
            listed += i + 1 == choices.size() ? " or " : ", ";
        listed += choice.empty() ? std::string("empty") : "\"" + std::string(choice) + "\"";
        ++i;
    }
    bad(key, listed);
}

using Setter = std::function<void(EvrsnasSettings&, const json&, const std::string&)>;

const std::map<std::string, Setter>& setters() {
    static const std::map<std::string, Setter> table{
        {"population", [](auto& s, const json& v, const auto& k) { s.population = wholeNumber(v, k, 0, 100000); }},
        {"tournament", [](auto& s, const json& v, const auto& k) { s.tournament = wholeNumber(v, k, 1, 1000); }},
        {"elites", [](auto& s, const json& v, const auto& k) { s.elites = wholeNumber(v, k, 0, 1000); }},
        {"mutation_rate", [](auto& s, const json& v, const auto& k) { s.mutationRate = number(v, k, 0.0, 1.0); }},
        {"mutation", [](auto& s, const json& v, const auto& k) { s.mutation = oneOf(v, k, {"per-gene", "novel"}); }},
        {"generations", [](auto& s, const json& v, const auto& k) { s.generations = wholeNumber(v, k, 0, 1000000); }},
        {"preset", [](auto& s, const json& v, const auto& k) { s.preset = oneOf(v, k, {"quick", "paper", ""}); }},
        {"duplicate_retries",
         [](auto& s, const json& v, const auto& k) { s.duplicateRetries = wholeNumber(v, k, 1, 10000); }},
        {"survival",
         [](auto& s, const json& v, const auto& k) {
             s.survival = oneOf(v, k, {"feasible-first", "penalised", "generational"});
         }},
        {"steps", [](auto& s, const json& v, const auto& k) { s.rmi.steps = wholeNumber(v, k, 0, 100000); }},
        {"beta", [](auto& s, const json& v, const auto& k) { s.rmi.beta = number(v, k, 0.0, 1.0); }},
        {"learning_rate",
         [](auto& s, const json& v, const auto& k) { s.rmi.learningRate = number(v, k, 1e-9, 100.0); }},
        {"momentum", [](auto& s, const json& v, const auto& k) { s.rmi.momentum = number(v, k, 0.0, 1.0); }},
        {"weight_decay", [](auto& s, const json& v, const auto& k) { s.rmi.weightDecay = number(v, k, 0.0, 1.0); }},
        {"pairs", [](auto& s, const json& v, const auto& k) { s.rmi.pairs = wholeNumber(v, k, 1, 16); }},
        {"batch", [](auto& s, const json& v, const auto& k) { s.batch = wholeNumber(v, k, 2, 65536); }},
        {"cost", [](auto& s, const json& v, const auto& k) { s.cost = oneOf(v, k, {"latency", "energy"}); }},
        {"lambda", [](auto& s, const json& v, const auto& k) { s.lambda = number(v, k, 0.0, 1e6); }},
        {"penalty", [](auto& s, const json& v, const auto& k) { s.penalty = oneOf(v, k, {"one-sided", "symmetric"}); }},
        {"threshold_quantile",
         [](auto& s, const json& v, const auto& k) { s.thresholdQuantile = number(v, k, 0.0, 1.0); }},
        {"quantile_samples",
         [](auto& s, const json& v, const auto& k) { s.quantileSamples = wholeNumber(v, k, 10, 1000000); }},
        {"reference_architecture",
         [](auto& s, const json& v, const auto& k) { s.referenceArchitecture = text(v, k); }},
        {"reference_weights", [](auto& s, const json& v, const auto& k) { s.referenceWeights = text(v, k); }},
        {"reference_width",
         [](auto& s, const json& v, const auto& k) { s.referenceWidth = wholeNumber(v, k, 1, 1024); }},
        {"reference_blocks",
         [](auto& s, const json& v, const auto& k) { s.referenceBlocks = wholeNumber(v, k, 1, 64); }},
        {"reference_epochs",
         [](auto& s, const json& v, const auto& k) { s.referenceEpochs = wholeNumber(v, k, 1, 10000); }},
        {"reference_subset",
         [](auto& s, const json& v, const auto& k) { s.referenceSubset = wholeNumber(v, k, 0, 100000000); }},
        {"reference_batch",
         [](auto& s, const json& v, const auto& k) { s.referenceBatch = wholeNumber(v, k, 1, 65536); }},
        {"reference_learning_rate",
         [](auto& s, const json& v, const auto& k) { s.referenceLearningRate = number(v, k, 1e-9, 100.0); }},
        {"reference_seed",
         [](auto& s, const json& v, const auto& k) {
             s.referenceSeed = static_cast<std::uint64_t>(wholeNumber(v, k, 0, 2147483647));
         }},
        {"reference_folder", [](auto& s, const json& v, const auto& k) { s.referenceFolder = text(v, k); }},
        {"final_top_k", [](auto& s, const json& v, const auto& k) { s.finalTopK = wholeNumber(v, k, 0, 1000); }},
        {"final_epochs", [](auto& s, const json& v, const auto& k) { s.finalEpochs = wholeNumber(v, k, 1, 10000); }},
        {"final_subset",
         [](auto& s, const json& v, const auto& k) { s.finalSubset = wholeNumber(v, k, 0, 100000000); }},
        {"parallel", [](auto& s, const json& v, const auto& k) { s.parallel = wholeNumber(v, k, 0, 2); }},
    };
    return table;
}

} // namespace

EvrsnasSettings evrsnasSettingsFromJson(const std::string& text) {
    const json j = methodSettingsObject(text);
    EvrsnasSettings s;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const auto setter = setters().find(it.key());
        if (setter == setters().end()) {
            std::string known;
            for (const auto& entry : setters())
                known += (known.empty() ? "" : ", ") + entry.first;
            throw core::InputError("unknown config key 'settings." + it.key() + "' (evrsnas knows " + known + ")");
        }
        setter->second(s, *it, it.key());
    }
    if (s.referenceArchitecture.empty() != s.referenceWeights.empty())
        throw core::InputError("config keys 'settings.reference_architecture' and 'settings.reference_weights' "
                               "go together: a user-named reference needs both");
    if (s.batch < 2)
        bad("batch", "at least 2");
    return s;
}

std::string toJson(const EvrsnasSettings& s) {
    const json j{{"population", s.population},
                 {"tournament", s.tournament},
                 {"elites", s.elites},
                 {"mutation_rate", s.mutationRate},
                 {"mutation", s.mutation},
                 {"duplicate_retries", s.duplicateRetries},
                 {"generations", s.generations},
                 {"preset", s.preset},
                 {"survival", s.survival},
                 {"steps", s.rmi.steps},
                 {"beta", s.rmi.beta},
                 {"learning_rate", s.rmi.learningRate},
                 {"momentum", s.rmi.momentum},
                 {"weight_decay", s.rmi.weightDecay},
                 {"pairs", s.rmi.pairs},
                 {"batch", s.batch},
                 {"cost", s.cost},
                 {"lambda", s.lambda},
                 {"penalty", s.penalty},
                 {"threshold_quantile", s.thresholdQuantile},
                 {"quantile_samples", s.quantileSamples},
                 {"reference_architecture", s.referenceArchitecture},
                 {"reference_weights", s.referenceWeights},
                 {"reference_width", s.referenceWidth},
                 {"reference_blocks", s.referenceBlocks},
                 {"reference_epochs", s.referenceEpochs},
                 {"reference_subset", s.referenceSubset},
                 {"reference_batch", s.referenceBatch},
                 {"reference_learning_rate", s.referenceLearningRate},
                 {"reference_seed", s.referenceSeed},
                 {"reference_folder", s.referenceFolder},
                 {"final_top_k", s.finalTopK},
                 {"final_epochs", s.finalEpochs},
                 {"final_subset", s.finalSubset},
                 {"parallel", s.parallel}};
    return j.dump();
}

std::string costMetric(const EvrsnasSettings& settings) {
    return settings.cost == "energy" ? "energy_mj" : "latency_ms";
}

} // namespace edgenas::search
