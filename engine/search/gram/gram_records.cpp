#include "gram_records.h"

#include "core/errors.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace edgenas::search {

using nlohmann::json;

namespace {
// JSON has no NaN: an unknown figure is written as null and read back as NaN.
json number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }
double numberFrom(const json& j, const char* key) {
    const json& v = j.at(key);
    return v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>();
}

// Integers are checked before conversion: a damaged record's 1e300 must not reach an int.
int integerValue(const json& v, const std::string& what) {
    if (!v.is_number_integer())
        throw core::InputError("record is damaged: " + what + " must be an integer");
    const long long value = v.is_number_unsigned() && v.get<unsigned long long>() > 1'000'000'000ULL
                                ? 1'000'000'001LL
                                : v.get<long long>();
    if (value < -1'000'000'000LL || value > 1'000'000'000LL)
        throw core::InputError("record is damaged: " + what + " is out of range");
    return static_cast<int>(value);
}
int integerFrom(const json& j, const char* key) { return integerValue(j.at(key), key); }
std::vector<int> integersFrom(const json& j, const char* key) {
    std::vector<int> out;
    for (const json& v : j.at(key))
        out.push_back(integerValue(v, key));
    if (!j.at(key).is_array())
        throw core::InputError(std::string("record is damaged: ") + key + " must be an array");
    return out;
}
} // namespace

std::string toJson(const GramSweepRecord& r) {
    json ops = json::array();
    for (const auto& row : r.opProbability)
        ops.push_back(row);
    return json{{"sweep", r.sweep},
                {"nodes", r.nodes},
                {"ops", r.ops},
                {"edge_logit", r.edgeLogit},
                {"edge_probability", r.edgeProbability},
                {"op_probability", ops},
                {"edge_entropy_bits", r.edgeEntropyBits},
                {"op_entropy_bits", r.opEntropyBits},
                {"baseline", r.baseline},
                {"current_genome", r.currentGenome},
                {"current_hash", r.currentHash},
                {"current_reward", number(r.currentReward)},
                {"best_hash", r.bestHash},
                {"best_reward", number(r.bestReward)},
                {"variants_scored", r.variantsScored},
                {"variants_new", r.variantsNew}}
        .dump();
}

GramSweepRecord gramSweepRecordFromJson(const std::string& text) {
    try {
        const json j = json::parse(text);
        GramSweepRecord r;
        r.sweep = integerFrom(j, "sweep");
        r.nodes = integerFrom(j, "nodes");
        r.ops = j.at("ops").get<std::vector<std::string>>();
        r.edgeLogit = j.at("edge_logit").get<std::vector<double>>();
        r.edgeProbability = j.at("edge_probability").get<std::vector<double>>();
        r.opProbability = j.at("op_probability").get<std::vector<std::vector<double>>>();
        r.edgeEntropyBits = j.at("edge_entropy_bits").get<double>();
        r.opEntropyBits = j.at("op_entropy_bits").get<double>();
        r.baseline = j.at("baseline").get<double>();
        r.currentGenome = integersFrom(j, "current_genome");
        r.currentHash = j.at("current_hash").get<std::string>();
        r.currentReward = numberFrom(j, "current_reward");
        r.bestHash = j.at("best_hash").get<std::string>();
        r.bestReward = numberFrom(j, "best_reward");
        r.variantsScored = integerFrom(j, "variants_scored");
        r.variantsNew = integerFrom(j, "variants_new");
        const std::size_t cells = static_cast<std::size_t>(r.nodes) * static_cast<std::size_t>(r.nodes);
        if (r.nodes < 2 || r.nodes > 64 || r.edgeLogit.size() != cells || r.edgeProbability.size() != cells ||
            r.opProbability.size() != static_cast<std::size_t>(r.nodes))
            throw core::InputError("record is damaged: matrix sizes do not match " + std::to_string(r.nodes) + " nodes");
        return r;
    } catch (const json::exception& e) {
        throw core::InputError(std::string(kGramSweepRecordKind) + " record is damaged: " + e.what());
    } catch (const core::InputError& e) {
        throw core::InputError(std::string(kGramSweepRecordKind) + " " + e.what());
    }
}

std::string toJson(const GramPruningRecord& r) {
    json steps = json::array();
    for (const auto& s : r.steps)
        steps.push_back({{"from", s.from}, {"to", s.to}, {"edge_logit", s.edgeLogit}, {"hash", s.hash},
                         {"macs", s.macs}, {"params", s.params}, {"latency_ms", s.latencyMs},
                         {"proxy_reward", number(s.proxyReward)}});
    json family = json::array();
    for (const auto& m : r.family)
        family.push_back({{"budget_fraction", m.budgetFraction}, {"hash", m.hash}, {"macs", m.macs},
                          {"params", m.params}, {"latency_ms", m.latencyMs},
                          {"validation_accuracy", m.validationAccuracy}, {"test_accuracy", m.testAccuracy},
                          {"density_per_m_params", m.densityPerMParams}, {"density_per_m_macs", m.densityPerMMacs}});
    return json{{"start_hash", r.startHash},     {"start_genome", r.startGenome}, {"start_macs", r.startMacs},
                {"start_params", r.startParams}, {"start_latency_ms", r.startLatencyMs},
                {"latency_source", r.latencySource}, {"steps", steps}, {"family", family}}
        .dump();
}

GramPruningRecord gramPruningRecordFromJson(const std::string& text) {
    try {
        const json j = json::parse(text);
        GramPruningRecord r;
        r.startHash = j.at("start_hash").get<std::string>();
        r.startGenome = integersFrom(j, "start_genome");
        r.startMacs = j.at("start_macs").get<double>();
        r.startParams = j.at("start_params").get<double>();
        r.startLatencyMs = j.at("start_latency_ms").get<double>();
        r.latencySource = j.at("latency_source").get<std::string>();
        for (const json& s : j.at("steps"))
            r.steps.push_back({integerFrom(s, "from"), integerFrom(s, "to"), s.at("edge_logit").get<double>(),
                               s.at("hash").get<std::string>(), s.at("macs").get<double>(),
                               s.at("params").get<double>(), s.at("latency_ms").get<double>(),
                               numberFrom(s, "proxy_reward")});
        for (const json& m : j.at("family"))
            r.family.push_back({m.at("budget_fraction").get<double>(), m.at("hash").get<std::string>(),
                                m.at("macs").get<double>(), m.at("params").get<double>(),
                                m.at("latency_ms").get<double>(), m.at("validation_accuracy").get<double>(),
                                m.at("test_accuracy").get<double>(), m.at("density_per_m_params").get<double>(),
                                m.at("density_per_m_macs").get<double>()});
        return r;
    } catch (const json::exception& e) {
        throw core::InputError(std::string(kGramPruningRecordKind) + " record is damaged: " + e.what());
    } catch (const core::InputError& e) {
        throw core::InputError(std::string(kGramPruningRecordKind) + " " + e.what());
    }
}

} // namespace edgenas::search
