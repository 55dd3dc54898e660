#include "evrsnas_report.h"

#include "cli/progress_bar.h"

#include "core/errors.h"
#include "data/dataset_spec.h"
#include "search/evrsnas/evrsnas_presets.h"
#include "search/evrsnas/evrsnas_search.h"
#include "search/method_settings_json.h"
#include "search/run_database.h"
#include "store/run_reader.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <sstream>

namespace edgenas::cli {

const std::set<std::string>& evrsnasConfigOptions() {
    static const std::set<std::string> options{"config", "space",  "dataset",    "data-dir", "device",
                                               "dvfs",   "budget", "population", "seed",     "threads",
                                               "channels", "cells", "width",     "settings", "validation-subset",
                                               "preset",   "table"};
    return options;
}

search::RunConfig evrsnasConfigFrom(const CommandLine& line) {
    search::RunConfig c;
    c.objectives = {"latency"};
    if (auto path = line.value("config"))
        c = search::loadRunConfigFile(*path);
    c.method = "evrsnas";
    c.space = line.text("space", c.space);
    c.dataset = line.text("dataset", c.dataset);
    data::datasetInputShape(c.dataset);
    c.datasetDirectory = line.text("data-dir", c.datasetDirectory);
    c.device = line.text("device", c.device);
    c.dvfs = line.text("dvfs", c.dvfs);
    c.evaluations = static_cast<int>(line.integer("budget", c.evaluations, 1, 10'000'000));
    c.population = static_cast<int>(line.integer("population", c.population, 2, 100'000));
    c.seed = static_cast<std::uint64_t>(line.integer("seed", static_cast<long long>(c.seed), 0, 1LL << 62));
    c.threads = static_cast<int>(line.integer("threads", c.threads, 0, 256));
    c.spaceChannels = static_cast<int>(line.integer("channels", c.spaceChannels, 1, 1024));
    c.spaceCells = static_cast<int>(line.integer("cells", c.spaceCells, 1, 64));
    c.spaceWidth = line.real("width", c.spaceWidth, 0.05, 8.0);
    c.validationSubset = static_cast<int>(line.integer("validation-subset", c.validationSubset, 0, 10'000'000));
    if (auto settings = line.value("settings")) {
        search::methodSettingsObject(*settings);  // malformed text is named here, before the presets parse it
        c.methodSettingsJson = *settings;
    }
    c.latencyTable = line.text("table", c.latencyTable);
    // The budget preset: named, or "quick" unless a config file sets the budget. Flags and keys
    // given explicitly win over it.
    if (line.has("preset") || !line.has("config")) {
        const std::string name = line.text("preset", "quick");
        search::RunConfig withPreset = c;
        search::applyEvrsnasPreset(withPreset, name);
        if (!line.has("population"))
            c.population = withPreset.population;
        if (!line.has("budget"))
            c.evaluations = withPreset.evaluations;
        const nlohmann::json given = search::methodSettingsObject(c.methodSettingsJson);
        nlohmann::json merged = nlohmann::json::parse(withPreset.methodSettingsJson);
        // A budget given on the command line is the whole budget: the preset's generation cap
        // would otherwise end the run early.
        if (line.has("budget"))
            merged.erase("generations");
        merged.update(given);  // settings named by the user win
        merged["preset"] = name;
        c.methodSettingsJson = merged.dump();
        const search::EvrsnasPreset& preset = search::evrsnasPreset(name);
        std::fprintf(stderr, "evrsnas preset %s (population %d, %d generations, %d evaluations), per run: %s%s\n",
                     preset.name.c_str(), preset.population, preset.generations, preset.evaluations,
                     preset.expectedTime.c_str(),
                     name == "quick" ? "; below the paper's budget (--preset paper)" : "");
    }
    // The same checks as a config file, the method's settings included.
    c = search::runConfigFromJson(search::toJson(c));
    search::evrsnasSettingsFromJson(c.methodSettingsJson);
    return c;
}

EvrsnasConsole::EvrsnasConsole(std::string title, bool verbose)
    : m_title(std::move(title)), m_verbose(verbose), m_bar(std::make_unique<ProgressBar>(m_title)) {}

void EvrsnasConsole::logLine(search::LogLevel level, const std::string& message) {
    // The reference's one-time training takes long enough that its progress is always shown.
    const bool reference = message.rfind("reference model", 0) == 0;
    if (level != search::LogLevel::Info || m_verbose || reference)
        std::fprintf(stderr, "\n%s: %s\n", m_title.c_str(), message.c_str());
}

void EvrsnasConsole::progress(int done, int total, double fraction) {
    m_bar->update(fraction, std::to_string(done) + "/" + std::to_string(total));
}

void EvrsnasConsole::runFinished(std::int64_t, const std::string& status) {
    m_bar->finish(status);
    m_bar = std::make_unique<ProgressBar>(m_title);
}

std::vector<double> parseQuantiles(const std::string& text) {
    std::vector<double> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        try {
            std::size_t used = 0;
            const double q = std::stod(item, &used);
            if (used != item.size())
                throw std::invalid_argument(item);
            out.push_back(q > 1.0 ? q / 100.0 : q);
        } catch (const std::logic_error&) {
            throw core::InputError("option --quantiles wants numbers like 0.1,0.5,0.9 (or 10,50,90), got '" + item +
                                   "'");
        }
    }
    return out;
}

} // namespace edgenas::cli
