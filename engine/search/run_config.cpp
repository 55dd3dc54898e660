#include "run_config.h"

#include "core/metric_catalog.h"

#include "core/errors.h"
#include "core/input_file.h"
#include "core/json_input.h"
#include "spaces/space_factory.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace edgenas::search {

namespace {

using nlohmann::ordered_json;
using core::InputError;


// Walks the config object and names the full key path in every error.
class ConfigReader {
public:
    [[noreturn]] static void fail(const std::string& key, const std::string& problem) {
        throw InputError("config key '" + key + "' " + problem);
    }

    static void onlyKeys(const ordered_json& object, const std::string& prefix, const std::set<std::string>& keys) {
        if (!object.is_object() && prefix.empty())
            throw InputError("config must be a JSON object");
        if (!object.is_object())
            fail(prefix, "must be an object");
        for (auto it = object.begin(); it != object.end(); ++it)
            if (!keys.count(it.key()))
                throw InputError("unknown config key '" + (prefix.empty() ? "" : prefix + ".") + it.key() + "'");
    }

    static const ordered_json* find(const ordered_json& object, const char* key) {
        auto it = object.find(key);
        return it == object.end() ? nullptr : &*it;
    }

    static void text(const ordered_json& object, const char* key, const std::string& path, std::string& out) {
        if (auto v = find(object, key)) {
            if (!v->is_string())
                fail(path, "must be a string");
            out = v->get<std::string>();
        }
    }

    template <typename Int>
    static void integer(const ordered_json& object, const char* key, const std::string& path, Int& out,
                        long long min, long long max) {
        if (auto v = find(object, key)) {
            if (!v->is_number_integer())
                fail(path, "must be a whole number");
            const long long value = v->get<long long>();
            if (value < min)
                fail(path, "must be at least " + std::to_string(min));
            if (value > max)
                fail(path, "must be at most " + std::to_string(max));
            out = static_cast<Int>(value);
        }
    }

    static void real(const ordered_json& object, const char* key, const std::string& path, double& out, double min,
                     double max) {
        if (auto v = find(object, key)) {
            if (!v->is_number())
                fail(path, "must be a number");
            const double value = v->get<double>();
            if (!(value >= min && value <= max))
                fail(path, "must be between " + std::to_string(min) + " and " + std::to_string(max));
            out = value;
        }
    }
};

// The "space" keys that only some spaces read (spaces::spaceConfigKeys says which), each with how
// it is read and what it holds, so reading and writing need no space names.
struct SpaceKey {
    const char* key;
    void (*read)(const ordered_json& space, RunConfig& c);
    ordered_json (*value)(const RunConfig& c);
};

const SpaceKey kSpaceKeys[] = {
    {"nodes", [](const ordered_json& s, RunConfig& c) { ConfigReader::integer(s, "nodes", "space.nodes", c.spaceNodes, 2, 16); },
     [](const RunConfig& c) { return ordered_json(c.spaceNodes); }},
    {"stages",
     [](const ordered_json& s, RunConfig& c) { ConfigReader::integer(s, "stages", "space.stages", c.spaceStages, 1, 4); },
     [](const RunConfig& c) { return ordered_json(c.spaceStages); }},
    {"layout",
     [](const ordered_json& s, RunConfig& c) {
         ConfigReader::text(s, "layout", "space.layout", c.spaceLayout);
         if (c.spaceLayout != "reduced" && c.spaceLayout != "full")
             ConfigReader::fail("space.layout", "must be \"reduced\" or \"full\"");
     },
     [](const RunConfig& c) { return ordered_json(c.spaceLayout); }},
};

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

bool isKnownObjective(const std::string& name) {
    const std::vector<std::string> known = knownObjectives();
    return std::find(known.begin(), known.end(), name) != known.end();
}

} // namespace

std::vector<std::string> knownObjectives() { return core::MetricCatalog::global().objectiveNames(); }

bool isMaximised(const std::string& objective) { return core::MetricCatalog::global().isMaximised(objective); }

RunConfig runConfigFromJson(const std::string& text) {
    const ordered_json j = core::parseInputJson(text, "config");
    using R = ConfigReader;
    R::onlyKeys(j, "", {"method", "space", "dataset", "objectives", "device", "constraints", "budget", "training",
                        "seed", "threads", "settings", "preset"});
    RunConfig c;
    R::text(j, "method", "method", c.method);
    R::text(j, "preset", "preset", c.preset);
    if (auto space = R::find(j, "space")) {
        std::set<std::string> keys{"name", "channels", "cells", "width"};
        for (const SpaceKey& k : kSpaceKeys)
            keys.insert(k.key);
        R::onlyKeys(*space, "space", keys);
        R::text(*space, "name", "space.name", c.space);
        R::integer(*space, "channels", "space.channels", c.spaceChannels, 1, 1024);
        R::integer(*space, "cells", "space.cells", c.spaceCells, 1, 64);
        R::real(*space, "width", "space.width", c.spaceWidth, 0.05, 8.0);
        // Any space's keys are read whatever the space, as they always were.
        for (const SpaceKey& k : kSpaceKeys)
            k.read(*space, c);
    }
    if (auto dataset = R::find(j, "dataset")) {
        R::onlyKeys(*dataset, "dataset", {"name", "directory"});
        R::text(*dataset, "name", "dataset.name", c.dataset);
        R::text(*dataset, "directory", "dataset.directory", c.datasetDirectory);
    }
    if (auto objectives = R::find(j, "objectives")) {
        if (!objectives->is_array() || objectives->empty())
            R::fail("objectives", "must be a non-empty list of names");
        c.objectives.clear();
        for (const auto& o : *objectives) {
            if (!o.is_string())
                R::fail("objectives", "must hold names");
            const std::string name = o.get<std::string>();
            if (!isKnownObjective(name))
                R::fail("objectives", "has unknown objective '" + name + "' (known: " + joined(knownObjectives()) + ")");
            if (std::find(c.objectives.begin(), c.objectives.end(), name) != c.objectives.end())
                R::fail("objectives", "names '" + name + "' twice");
            c.objectives.push_back(name);
        }
    }
    if (auto device = R::find(j, "device")) {
        R::onlyKeys(*device, "device", {"name", "dvfs", "table"});
        R::text(*device, "name", "device.name", c.device);
        R::text(*device, "dvfs", "device.dvfs", c.dvfs);
        R::text(*device, "table", "device.table", c.latencyTable);
    }
    if (auto constraints = R::find(j, "constraints")) {
        if (!constraints->is_object())
            R::fail("constraints", "must be an object of metric: bound");
        for (auto it = constraints->begin(); it != constraints->end(); ++it) {
            const std::string key = "constraints." + it.key();
            if (!isKnownObjective(it.key()))
                throw InputError("unknown config key '" + key + "' (bounds exist for " + joined(knownObjectives()) + ")");
            auto positive = [&](const ordered_json& v, const std::string& name) {
                if (!v.is_number() || !(v.get<double>() > 0))
                    R::fail(name, "must be a positive number");
                return v.get<double>();
            };
            // A number is an upper bound, as configs have always said.
            if (!it->is_object()) {
                if (isMaximised(it.key()))
                    R::fail(key, "is maximised: give it a floor, {\"min\": value}");
                c.constraints[it.key()] = positive(*it, key);
                continue;
            }
            R::onlyKeys(*it, key, {"min", "max"});
            if (it->empty())
                R::fail(key, "needs \"min\", \"max\" or both");
            if (auto min = it->find("min"); min != it->end())
                c.lowerBounds[it.key()] = positive(*min, key + ".min");
            if (auto max = it->find("max"); max != it->end()) {
                if (isMaximised(it.key()))
                    R::fail(key + ".max", "is not allowed: '" + it.key() + "' is maximised");
                c.constraints[it.key()] = positive(*max, key + ".max");
            }
            if (c.lowerBounds.count(it.key()) && c.constraints.count(it.key()) &&
                c.lowerBounds[it.key()] > c.constraints[it.key()])
                R::fail(key, "has a min above its max");
        }
    }
    if (auto budget = R::find(j, "budget")) {
        R::onlyKeys(*budget, "budget", {"evaluations", "population"});
        R::integer(*budget, "evaluations", "budget.evaluations", c.evaluations, 1, 10'000'000);
        R::integer(*budget, "population", "budget.population", c.population, 2, 100'000);
    }
    if (auto training = R::find(j, "training")) {
        R::onlyKeys(*training, "training", {"epochs", "subset", "validation_subset", "batch", "lr"});
        R::integer(*training, "epochs", "training.epochs", c.trainEpochs, 1, 10'000);
        R::integer(*training, "subset", "training.subset", c.trainSubset, 0, 10'000'000);
        R::integer(*training, "validation_subset", "training.validation_subset", c.validationSubset, 0, 10'000'000);
        R::integer(*training, "batch", "training.batch", c.trainBatch, 1, 65'536);
        R::real(*training, "lr", "training.lr", c.learningRate, 1e-8, 10.0);
    }
    R::integer(j, "seed", "seed", c.seed, 0, 1LL << 62);
    R::integer(j, "threads", "threads", c.threads, 0, 256);
    if (auto settings = R::find(j, "settings")) {
        if (!settings->is_object())
            R::fail("settings", "must be an object");
        c.methodSettingsJson = settings->dump();
    }
    return c;
}

std::string toJson(const RunConfig& c, int indent) {
    ordered_json constraints = ordered_json::object();
    for (const auto& [name, bound] : c.constraints)
        constraints[name] = bound;
    // A floor turns the entry into {"min", "max"}; configs without one read as before.
    for (const auto& [name, floor] : c.lowerBounds) {
        ordered_json both{{"min", floor}};
        if (auto upper = c.constraints.find(name); upper != c.constraints.end())
            both["max"] = upper->second;
        constraints[name] = both;
    }
    ordered_json space{{"name", c.space}, {"channels", c.spaceChannels}, {"cells", c.spaceCells}, {"width", c.spaceWidth}};
    // A space's own keys appear only where they matter, so stored configs of other spaces keep
    // their exact text; a changed value is written whatever the space, so nothing is lost.
    const RunConfig defaults;
    const std::vector<std::string> own = spaces::spaceConfigKeys(c.space);
    for (const SpaceKey& k : kSpaceKeys)
        if (std::find(own.begin(), own.end(), k.key) != own.end() || k.value(c) != k.value(defaults))
            space[k.key] = k.value(c);
    ordered_json j{
        {"method", c.method},
        {"space", space},
        {"dataset", {{"name", c.dataset}, {"directory", c.datasetDirectory}}},
        {"objectives", c.objectives},
        {"device", {{"name", c.device}, {"dvfs", c.dvfs}, {"table", c.latencyTable}}},
        {"constraints", constraints},
        {"budget", {{"evaluations", c.evaluations}, {"population", c.population}}},
        {"training",
         {{"epochs", c.trainEpochs},
          {"subset", c.trainSubset},
          {"validation_subset", c.validationSubset},
          {"batch", c.trainBatch},
          {"lr", c.learningRate}}},
        {"seed", c.seed},
        {"threads", c.threads},
        {"settings", ordered_json::parse(c.methodSettingsJson.empty() ? "{}" : c.methodSettingsJson)},
    };
    if (!c.preset.empty())  // runs stored before presets existed keep their exact text
        j["preset"] = c.preset;
    return j.dump(indent);
}

RunConfig loadRunConfigFile(const std::string& path) {
    const std::string text = core::readInputFile(path, "config file");
    try {
        return runConfigFromJson(text);
    } catch (const InputError& e) {
        throw InputError(path + ": " + e.what());
    }
}

} // namespace edgenas::search
