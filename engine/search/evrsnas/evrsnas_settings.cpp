#include "evrsnas_settings.h"

#include "search/method_settings_json.h"
#include "search/settings_schema.h"

#include "core/errors.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <vector>

namespace edgenas::search {

namespace {

using nlohmann::json;

// One settings key: its schema (type, range, default, help) and where its value goes.
struct Field {
    SettingDescriptor schema;
    std::function<void(EvrsnasSettings&, const json&)> assign;
};

int whole(const json& v) { return static_cast<int>(v.get<long long>()); }

const std::vector<Field>& fields() {
    static const std::vector<Field> table = [] {
        const EvrsnasSettings d;  // defaults are the struct's, documented in the header
        return std::vector<Field>{
            {integerSetting("population", 0, 100000, d.population, "population size (0 = the run's population)"),
             [](auto& s, const json& v) { s.population = whole(v); }},
            {integerSetting("tournament", 1, 1000, d.tournament, "tournament size for parent selection"),
             [](auto& s, const json& v) { s.tournament = whole(v); }},
            {integerSetting("elites", 0, 1000, d.elites, "best networks copied unchanged"),
             [](auto& s, const json& v) { s.elites = whole(v); }},
            {numberSetting("mutation_rate", 0.0, 1.0, d.mutationRate, "per-gene resampling probability"),
             [](auto& s, const json& v) { s.mutationRate = v.get<double>(); }},
            {choiceSetting("mutation", {"per-gene", "novel"}, d.mutation, "per-gene (the notes) or novel children only"),
             [](auto& s, const json& v) { s.mutation = v.get<std::string>(); }},
            {integerSetting("generations", 0, 1000000, d.generations, "generations bred (0 = until the budget is spent)"),
             [](auto& s, const json& v) { s.generations = whole(v); }},
            {choiceSetting("preset", {"quick", "paper", ""}, d.preset, "budget preset the run came from (set by --preset)"),
             [](auto& s, const json& v) { s.preset = v.get<std::string>(); }},
            {integerSetting("duplicate_retries", 1, 10000, d.duplicateRetries, "children tried per slot before a known one"),
             [](auto& s, const json& v) { s.duplicateRetries = whole(v); }},
            {choiceSetting("survival", {"feasible-first", "penalised", "generational"}, d.survival,
                           "who forms the next population"),
             [](auto& s, const json& v) { s.survival = v.get<std::string>(); }},
            {integerSetting("steps", 0, 100000, d.rmi.steps, "K: RMI training steps per candidate"),
             [](auto& s, const json& v) { s.rmi.steps = whole(v); }},
            {numberSetting("beta", 0.0, 1.0, d.rmi.beta, "RMI loss weight beta"),
             [](auto& s, const json& v) { s.rmi.beta = v.get<double>(); }},
            {numberSetting("learning_rate", 1e-9, 100.0, d.rmi.learningRate, "RMI training learning rate"),
             [](auto& s, const json& v) { s.rmi.learningRate = v.get<double>(); }},
            {numberSetting("momentum", 0.0, 1.0, d.rmi.momentum, "RMI training momentum"),
             [](auto& s, const json& v) { s.rmi.momentum = v.get<double>(); }},
            {numberSetting("weight_decay", 0.0, 1.0, d.rmi.weightDecay, "RMI training weight decay"),
             [](auto& s, const json& v) { s.rmi.weightDecay = v.get<double>(); }},
            {integerSetting("pairs", 1, 16, d.rmi.pairs, "stage pairs compared with the reference"),
             [](auto& s, const json& v) { s.rmi.pairs = whole(v); }},
            {integerSetting("batch", 2, 65536, d.batch, "n: images in the single batch"),
             [](auto& s, const json& v) { s.batch = whole(v); }},
            {choiceSetting("cost", {"latency", "energy"}, d.cost, "hardware cost Psi"),
             [](auto& s, const json& v) { s.cost = v.get<std::string>(); }},
            {numberSetting("lambda", 0.0, 1e6, d.lambda, "penalty weight"),
             [](auto& s, const json& v) { s.lambda = v.get<double>(); }},
            {choiceSetting("penalty", {"one-sided", "symmetric"}, d.penalty, "distance to the threshold T"),
             [](auto& s, const json& v) { s.penalty = v.get<std::string>(); }},
            {numberSetting("threshold_quantile", 0.0, 1.0, d.thresholdQuantile, "T as a quantile of Psi without a bound"),
             [](auto& s, const json& v) { s.thresholdQuantile = v.get<double>(); }},
            {integerSetting("quantile_samples", 10, 1000000, d.quantileSamples, "networks the quantiles come from"),
             [](auto& s, const json& v) { s.quantileSamples = whole(v); }},
            {textSetting("reference_architecture", d.referenceArchitecture, "your reference: architecture JSON file"),
             [](auto& s, const json& v) { s.referenceArchitecture = v.get<std::string>(); }},
            {textSetting("reference_weights", d.referenceWeights, "your reference: weights file"),
             [](auto& s, const json& v) { s.referenceWeights = v.get<std::string>(); }},
            {integerSetting("reference_width", 1, 1024, d.referenceWidth, "default reference: stem width"),
             [](auto& s, const json& v) { s.referenceWidth = whole(v); }},
            {integerSetting("reference_blocks", 1, 64, d.referenceBlocks, "default reference: blocks per stage"),
             [](auto& s, const json& v) { s.referenceBlocks = whole(v); }},
            {integerSetting("reference_epochs", 1, 10000, d.referenceEpochs, "default reference: training epochs"),
             [](auto& s, const json& v) { s.referenceEpochs = whole(v); }},
            {integerSetting("reference_subset", 0, 100000000, d.referenceSubset, "default reference: images (0 = all)"),
             [](auto& s, const json& v) { s.referenceSubset = whole(v); }},
            {integerSetting("reference_batch", 1, 65536, d.referenceBatch, "default reference: batch size"),
             [](auto& s, const json& v) { s.referenceBatch = whole(v); }},
            {numberSetting("reference_learning_rate", 1e-9, 100.0, d.referenceLearningRate,
                           "default reference: peak learning rate"),
             [](auto& s, const json& v) { s.referenceLearningRate = v.get<double>(); }},
            {integerSetting("reference_seed", 0, 2147483647, static_cast<long long>(d.referenceSeed),
                            "default reference: seed"),
             [](auto& s, const json& v) { s.referenceSeed = static_cast<std::uint64_t>(v.get<long long>()); }},
            {textSetting("reference_folder", d.referenceFolder, "reference cache folder (empty = user data)"),
             [](auto& s, const json& v) { s.referenceFolder = v.get<std::string>(); }},
            {integerSetting("final_top_k", 0, 1000, d.finalTopK, "best feasible networks trained at the end"),
             [](auto& s, const json& v) { s.finalTopK = whole(v); }},
            {integerSetting("final_epochs", 1, 10000, d.finalEpochs, "final training epochs"),
             [](auto& s, const json& v) { s.finalEpochs = whole(v); }},
            {integerSetting("final_subset", 0, 100000000, d.finalSubset, "final training images (0 = all)"),
             [](auto& s, const json& v) { s.finalSubset = whole(v); }},
            {integerSetting("parallel", 0, 2, d.parallel, "candidates scored at once (0 = choose)"),
             [](auto& s, const json& v) { s.parallel = whole(v); }},
        };
    }();
    return table;
}

} // namespace

const std::vector<SettingDescriptor>& evrsnasSettingsSchema() {
    static const std::vector<SettingDescriptor> schema = [] {
        std::vector<SettingDescriptor> out;
        for (const Field& f : fields())
            out.push_back(f.schema);
        return out;
    }();
    return schema;
}

EvrsnasSettings evrsnasSettingsFromJson(const std::string& text) {
    const json j = methodSettingsObject(text);
    checkSettings("evrsnas", evrsnasSettingsSchema(), j);
    EvrsnasSettings s;
    for (const Field& f : fields())
        if (const auto it = j.find(f.schema.key); it != j.end())
            f.assign(s, *it);
    if (s.referenceArchitecture.empty() != s.referenceWeights.empty())
        throw core::InputError("config keys 'settings.reference_architecture' and 'settings.reference_weights' "
                               "go together: a user-named reference needs both");
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
