#include "hadas_records.h"

#include "core/errors.h"
#include "core/json_input.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace edgenas::search {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

// Reads one record, naming the key path of anything damaged ("blocks[2].width"). Integers are
// checked before conversion: a damaged record's 1e300 must not reach an int.
class RecordReader {
public:
    explicit RecordReader(std::string kind) : m_kind(std::move(kind)) {}

    [[noreturn]] void fail(const std::string& path, const std::string& problem) const {
        throw core::InputError(m_kind + " record is damaged: " + path + " " + problem);
    }

    const ordered_json& at(const ordered_json& j, const std::string& path, const char* key) const {
        if (!j.is_object())
            fail(path.empty() ? "the record" : path, "must be an object");
        const auto it = j.find(key);
        if (it == j.end())
            fail(join(path, key), "is missing");
        return *it;
    }

    double number(const ordered_json& j, const std::string& path, const char* key) const {
        return numberValue(at(j, path, key), join(path, key));
    }
    double numberValue(const ordered_json& v, const std::string& path) const {
        if (!v.is_number())
            fail(path, "must be a number");
        const double value = v.get<double>();
        if (!std::isfinite(value))
            fail(path, "must be finite");
        return value;
    }
    int integer(const ordered_json& j, const std::string& path, const char* key) const {
        return integerValue(at(j, path, key), join(path, key));
    }
    int integerValue(const ordered_json& v, const std::string& path) const {
        if (!v.is_number_integer())
            fail(path, "must be an integer");
        const long long value = v.is_number_unsigned() && v.get<unsigned long long>() > 1'000'000'000ULL
                                    ? 1'000'000'001LL
                                    : v.get<long long>();
        if (value < -1'000'000'000LL || value > 1'000'000'000LL)
            fail(path, "is out of range");
        return static_cast<int>(value);
    }
    bool flag(const ordered_json& j, const std::string& path, const char* key) const {
        const ordered_json& v = at(j, path, key);
        if (!v.is_boolean())
            fail(join(path, key), "must be true or false");
        return v.get<bool>();
    }
    std::string text(const ordered_json& j, const std::string& path, const char* key) const {
        const ordered_json& v = at(j, path, key);
        if (!v.is_string())
            fail(join(path, key), "must be a string");
        return v.get<std::string>();
    }
    const ordered_json& array(const ordered_json& j, const std::string& path, const char* key) const {
        const ordered_json& v = at(j, path, key);
        if (!v.is_array())
            fail(join(path, key), "must be an array");
        return v;
    }
    std::vector<double> numbers(const ordered_json& j, const std::string& path, const char* key) const {
        std::vector<double> out;
        const ordered_json& list = array(j, path, key);
        for (std::size_t i = 0; i < list.size(); ++i)
            out.push_back(numberValue(list[i], item(join(path, key), i)));
        return out;
    }
    std::vector<int> integers(const ordered_json& j, const std::string& path, const char* key) const {
        std::vector<int> out;
        const ordered_json& list = array(j, path, key);
        for (std::size_t i = 0; i < list.size(); ++i)
            out.push_back(integerValue(list[i], item(join(path, key), i)));
        return out;
    }

    static std::string join(const std::string& path, const char* key) { return path.empty() ? key : path + "." + key; }
    static std::string item(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

private:
    std::string m_kind;
};

template <typename Read>
auto readRecord(const char* kind, const std::string& text, Read&& read) {
    const RecordReader reader(kind);
    try {
        const ordered_json j = core::parseInputJson(text, std::string(kind) + " record");
        return read(reader, j);
    } catch (const json::exception& e) {
        throw core::InputError(std::string(kind) + " record is damaged: " + e.what());
    }
}

ordered_json figures(const HadasFigures& f) {
    return ordered_json{{"accuracy", f.accuracy}, {"latency_ms", f.latencyMs}, {"energy_mj", f.energyMj}};
}

HadasFigures figuresFrom(const RecordReader& r, const ordered_json& j, const char* key) {
    const ordered_json& f = r.at(j, "", key);
    return {r.number(f, key, "accuracy"), r.number(f, key, "latency_ms"), r.number(f, key, "energy_mj")};
}

} // namespace

std::string toJson(const HadasBackboneRecord& r) {
    ordered_json blocks = ordered_json::array();
    for (const HadasBlock& b : r.blocks)
        blocks.push_back({{"stage", b.stage},
                          {"width", b.width},
                          {"kernel", b.kernel},
                          {"expansion", b.expansion},
                          {"stride", b.stride},
                          {"squeeze_excite", b.squeezeExcite},
                          {"macs", b.macs}});
    ordered_json exits = ordered_json::array();
    for (const HadasExitHead& e : r.exits)
        exits.push_back({{"block", e.block},
                         {"validation_accuracy", e.validationAccuracy},
                         {"test_accuracy", e.testAccuracy},
                         {"temperature", e.temperature},
                         {"macs", e.macs}});
    return ordered_json{{"blocks", blocks},
                        {"stem_macs", r.stemMacs},
                        {"final_head_macs", r.finalHeadMacs},
                        {"supernet_accuracy", r.supernetAccuracy},
                        {"searched_inner", r.searchedInner},
                        {"exits", exits},
                        {"final_test_accuracy", r.finalTestAccuracy},
                        {"supernet_key", r.supernetKey}}
        .dump();
}

HadasBackboneRecord hadasBackboneRecordFromJson(const std::string& text) {
    return readRecord(kHadasBackboneRecord, text, [](const RecordReader& rd, const ordered_json& j) {
        HadasBackboneRecord r;
        const ordered_json& blocks = rd.array(j, "", "blocks");
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const std::string path = RecordReader::item("blocks", i);
            const ordered_json& b = blocks[i];
            r.blocks.push_back({rd.integer(b, path, "stage"), rd.integer(b, path, "width"),
                                rd.integer(b, path, "kernel"), rd.integer(b, path, "expansion"),
                                rd.integer(b, path, "stride"), rd.flag(b, path, "squeeze_excite"),
                                rd.number(b, path, "macs")});
        }
        r.stemMacs = rd.number(j, "", "stem_macs");
        r.finalHeadMacs = rd.number(j, "", "final_head_macs");
        r.supernetAccuracy = rd.number(j, "", "supernet_accuracy");
        r.searchedInner = rd.flag(j, "", "searched_inner");
        const ordered_json& exits = rd.array(j, "", "exits");
        for (std::size_t i = 0; i < exits.size(); ++i) {
            const std::string path = RecordReader::item("exits", i);
            const ordered_json& e = exits[i];
            HadasExitHead head{rd.integer(e, path, "block"), rd.number(e, path, "validation_accuracy"),
                               rd.number(e, path, "test_accuracy"), rd.number(e, path, "temperature"),
                               rd.number(e, path, "macs")};
            if (head.block < 0 || head.block >= static_cast<int>(r.blocks.size()))
                rd.fail(path + ".block", "is not one of the backbone's " + std::to_string(r.blocks.size()) + " blocks");
            r.exits.push_back(head);
        }
        r.finalTestAccuracy = rd.number(j, "", "final_test_accuracy");
        r.supernetKey = rd.text(j, "", "supernet_key");
        return r;
    });
}

std::string toJson(const HadasDynamicRecord& r) {
    ordered_json domains = ordered_json::array();
    for (const HadasDomainLevels& d : r.domains)
        domains.push_back({{"name", d.name}, {"levels_mhz", d.levelsMhz}, {"chosen", d.chosen}});
    return ordered_json{{"rule", r.rule},
                        {"deployable", r.deployable},
                        {"threshold", r.threshold},
                        {"strict_threshold", r.strictThreshold},
                        {"exit_blocks", r.exitBlocks},
                        {"exit_rates", r.exitRates},
                        {"exit_accuracy", r.exitAccuracy},
                        {"domains", domains},
                        {"operating_point", r.operatingPoint},
                        {"static_max_clock", figures(r.staticMaxClock)},
                        {"exits_max_clock", figures(r.exitsMaxClock)},
                        {"exits_dvfs", figures(r.exitsDvfs)},
                        {"test_accuracy", r.testAccuracy},
                        {"sweep_domain", r.sweepDomain},
                        {"sweep_mhz", r.sweepMhz},
                        {"sweep_energy_mj", r.sweepEnergyMj},
                        {"sweep_latency_ms", r.sweepLatencyMs},
                        {"cost_provenance", r.costProvenance}}
        .dump();
}

HadasDynamicRecord hadasDynamicRecordFromJson(const std::string& text) {
    return readRecord(kHadasDynamicRecord, text, [](const RecordReader& rd, const ordered_json& j) {
        HadasDynamicRecord r;
        r.rule = rd.text(j, "", "rule");
        if (r.rule != "oracle" && r.rule != "threshold" && r.rule != "mean")
            rd.fail("rule", "is '" + r.rule + "', not oracle, threshold or mean");
        r.deployable = rd.flag(j, "", "deployable");
        if (r.rule == "oracle" && r.deployable)
            rd.fail("deployable", "is true for the oracle rule, an upper bound");
        r.threshold = rd.number(j, "", "threshold");
        r.strictThreshold = rd.flag(j, "", "strict_threshold");
        r.exitBlocks = rd.integers(j, "", "exit_blocks");
        for (std::size_t i = 0; i < r.exitBlocks.size(); ++i)
            if (r.exitBlocks[i] < 0 || (i > 0 && r.exitBlocks[i] <= r.exitBlocks[i - 1]))
                rd.fail(RecordReader::item("exit_blocks", i), "must be a block index above the previous one");
        r.exitRates = rd.numbers(j, "", "exit_rates");
        r.exitAccuracy = rd.numbers(j, "", "exit_accuracy");
        // One per chosen exit and one for the final head (empty when not computed).
        const auto checkPerExit = [&](const char* key, const std::vector<double>& values) {
            if (!values.empty() && values.size() != r.exitBlocks.size() + 1)
                rd.fail(key, "has " + std::to_string(values.size()) + " values for " +
                                 std::to_string(r.exitBlocks.size()) + " exits and the final head");
        };
        checkPerExit("exit_rates", r.exitRates);
        checkPerExit("exit_accuracy", r.exitAccuracy);
        const ordered_json& domains = rd.array(j, "", "domains");
        for (std::size_t i = 0; i < domains.size(); ++i) {
            const std::string path = RecordReader::item("domains", i);
            HadasDomainLevels d{rd.text(domains[i], path, "name"), rd.numbers(domains[i], path, "levels_mhz"),
                                rd.integer(domains[i], path, "chosen")};
            if (d.chosen < 0 || d.chosen >= static_cast<int>(d.levelsMhz.size()))
                rd.fail(path + ".chosen", "is not an index into its " + std::to_string(d.levelsMhz.size()) + " levels");
            r.domains.push_back(std::move(d));
        }
        r.operatingPoint = rd.text(j, "", "operating_point");
        r.staticMaxClock = figuresFrom(rd, j, "static_max_clock");
        r.exitsMaxClock = figuresFrom(rd, j, "exits_max_clock");
        r.exitsDvfs = figuresFrom(rd, j, "exits_dvfs");
        r.testAccuracy = rd.number(j, "", "test_accuracy");
        r.sweepDomain = rd.text(j, "", "sweep_domain");
        r.sweepMhz = rd.numbers(j, "", "sweep_mhz");
        r.sweepEnergyMj = rd.numbers(j, "", "sweep_energy_mj");
        r.sweepLatencyMs = rd.numbers(j, "", "sweep_latency_ms");
        if (r.sweepEnergyMj.size() != r.sweepMhz.size() || r.sweepLatencyMs.size() != r.sweepMhz.size())
            rd.fail("sweep_energy_mj", "and sweep_latency_ms must have one value per sweep_mhz level");
        r.costProvenance = rd.text(j, "", "cost_provenance");
        return r;
    });
}

} // namespace edgenas::search
