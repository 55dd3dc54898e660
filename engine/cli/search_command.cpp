#include "cli_support.h"
#include "commands.h"

#include "data/dataset_spec.h"
#include "progress_bar.h"

#include "core/errors.h"
#include "cost/device_catalog.h"
#include "cost/energy_source.h"
#include "cost/package_energy_counter.h"
#include "search/front_table.h"
#include "search/method_help.h"
#include "search/method_registry.h"
#include "search/method_report.h"
#include "search/method_settings_json.h"
#include "search/run_config.h"
#include "search/search_control.h"
#include "search/search_observer.h"
#include "search/run_database.h"
#include "search/search_runner.h"
#include "store/run_reader.h"


#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <thread>

namespace edgenas::cli {

namespace {

// Drives the progress bar from the engine's reports; everything runs on the main thread.
class ConsoleObserver : public search::SearchObserver {
public:
    void candidateEvaluated(const core::Candidate& candidate) override { m_lastHash = candidate.hash; }
    void generationFinished(const search::GenerationSummary& s) override {
        m_generation = s.generation;
        m_hypervolume = s.hypervolume;
        m_frontSize = s.frontIds.size();
    }
    void progress(int done, int total, double fraction) override {
        char detail[128];
        std::snprintf(detail, sizeof detail, "%d/%d evaluated  gen %d  front %zu  hv %.4f", done, total,
                      m_generation, m_frontSize, m_hypervolume);
        m_bar.update(fraction, detail);
    }
    void logLine(search::LogLevel level, const std::string& message) override {
        if (level != search::LogLevel::Info)
            std::fprintf(stderr, "\nedgenas search: %s\n", message.c_str());
    }
    void runFinished(std::int64_t, const std::string& status) override { m_bar.finish(status); }

private:
    ProgressBar m_bar{"search"};
    std::string m_lastHash;
    int m_generation = 0;
    double m_hypervolume = 0.0;
    std::size_t m_frontSize = 0;
};

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
}

// Command-line flags override the config file, key by key.
search::RunConfig configFrom(const CommandLine& line) {
    search::RunConfig c;
    if (auto path = line.value("config"))
        c = search::loadRunConfigFile(*path);
    c.method = line.text("method", c.method);
    const search::MethodDescriptor& method = search::MethodRegistry::global().require(c.method);
    // A new run without a config file starts from the method's default preset; flags override it.
    if (line.has("preset") || !line.has("config"))
        search::applyMethodPreset(c, line.text("preset", method.presets.front().name));
    mergeSettingsOption(c, line);
    if (auto assignments = line.value("set"))
        for (const std::string& assignment : splitList(*assignments))
            search::applySettingAssignment(c, assignment);
    c.space = line.text("space", c.space);
    c.dataset = line.text("dataset", c.dataset);
    data::datasetInputShape(c.dataset); // names the known data sets
    c.datasetDirectory = line.text("data-dir", c.datasetDirectory);
    c.spaceChannels = static_cast<int>(line.integer("channels", c.spaceChannels, 1, 1024));
    c.spaceCells = static_cast<int>(line.integer("cells", c.spaceCells, 1, 64));
    c.spaceNodes = static_cast<int>(line.integer("nodes", c.spaceNodes, 2, 16));
    c.spaceStages = static_cast<int>(line.integer("stages", c.spaceStages, 1, 4));
    c.spaceLayout = line.text("layout", c.spaceLayout);
    if (c.spaceLayout != "reduced" && c.spaceLayout != "full")
        throw core::InputError("option --layout: '" + c.spaceLayout + "' is not a layout (known: reduced, full)");
    c.spaceWidth = line.real("width", c.spaceWidth, 0.05, 8.0);
    if (auto objectives = line.value("objectives"))
        c.objectives = splitList(*objectives);
    c.device = line.text("device", c.device);
    c.dvfs = line.text("dvfs", c.dvfs);
    c.latencyTable = line.text("table", c.latencyTable);
    if (auto bounds = line.value("bounds")) {
        // --bounds latency=12,params=50000,accuracy>=0.8: "=" or "<=" an upper bound, ">=" a floor
        for (const auto& item : splitList(*bounds)) {
            const auto eq = item.find('=');
            if (eq == std::string::npos || eq == 0)
                throw core::InputError("option --bounds wants metric=value or metric>=value, got '" + item + "'");
            const bool floor = item[eq - 1] == '>';
            const std::string name = item.substr(0, item[eq - 1] == '>' || item[eq - 1] == '<' ? eq - 1 : eq);
            double value = 0.0;
            try {
                value = std::stod(item.substr(eq + 1));
            } catch (const std::logic_error&) {
                throw core::InputError("option --bounds: '" + item.substr(eq + 1) + "' is not a number");
            }
            (floor ? c.lowerBounds : c.constraints)[name] = value;
        }
    }
    c.evaluations = static_cast<int>(line.integer("budget", c.evaluations, 1, 10'000'000));
    c.population = static_cast<int>(line.integer("population", c.population, 2, 100'000));
    c.trainEpochs = static_cast<int>(line.integer("epochs", c.trainEpochs, 1, 10'000));
    c.trainSubset = static_cast<int>(line.integer("subset", c.trainSubset, 0, 10'000'000));
    c.validationSubset = static_cast<int>(line.integer("validation-subset", c.validationSubset, 0, 10'000'000));
    c.seed = static_cast<std::uint64_t>(line.integer("seed", static_cast<long long>(c.seed), 0, 1LL << 62));
    c.threads = static_cast<int>(line.integer("threads", c.threads, 0, 256));
    // Re-parse what we built so flags get the same checks as config keys, and check the method's
    // settings against its schema before any work starts.
    return checkedRunConfig(c);
}

} // namespace

int runSearch(const std::vector<std::string>& args) {
    const CommandLine line(args,
                           {"method", "space", "dataset", "data-dir", "objectives", "device", "dvfs", "bounds",
                            "budget", "population", "db", "config", "seed", "threads", "epochs", "subset",
                            "validation-subset", "channels", "cells", "width", "nodes", "stages", "layout", "resume", "name", "table", "preset",
                            "settings", "set"},
                           {});
    const auto db = line.value("db");
    if (!db)
        throw core::InputError("option --db FILE is required (the run database)");

    search::SearchControl control;
    ConsoleObserver observer;
    search::SearchRunner runner(*db, control, observer);

    InterruptGuard interrupt;
    // Ctrl-C only sets a flag; this watcher turns it into a stop request the engine honours
    // between batches, so the run is marked interrupted instead of dying mid-write.
    std::atomic<bool> done{false};
    std::thread watcher([&] {
        while (!done.load()) {
            if (InterruptGuard::interrupted()) {
                control.requestStop();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    struct Join {
        std::atomic<bool>& done;
        std::thread& thread;
        ~Join() {
            done.store(true);
            thread.join();
        }
    } join{done, watcher};

    search::RunResult result;
    std::string device;  // for the energy note; a resumed run keeps its own
    try {
        if (line.has("resume")) {
            for (const char* option :
                 {"config", "method", "space", "objectives", "budget", "population", "seed", "table", "preset", "settings", "set"})
                if (line.has(option))
                    throw core::InputError(std::string("option --") + option +
                                           " cannot be combined with --resume (the run keeps its settings)");
            const long long runId = line.integer("resume", 0, 1, 1LL << 62);
            result = runner.resume(runId, static_cast<int>(line.integer("threads", 0, 0, 256)));
        } else {
            const search::RunConfig config = configFrom(line);
            device = config.device;
            result = runner.start(config, line.text("name", ""));
        }
    } catch (const search::RunStoppedError& e) {
        // A failure while working (exit 1), but nothing is lost: say how to carry on.
        std::fprintf(stderr, "edgenas search: %s\nresume with: edgenas search --resume %lld --db %s\n", e.what(),
                     static_cast<long long>(e.runId()), db->c_str());
        return kExitFailure;
    }

    std::printf("run %lld %s: %d evaluations, %d generations, hypervolume %.4f\n",
                static_cast<long long>(result.runId), result.status.c_str(), result.evaluations, result.generations,
                result.hypervolume);
    std::printf("Pareto front (%zu):\n%s", result.front.size(),
                search::formatFrontTable(result.front, result.objectives).c_str());
    const bool energyObjective = std::any_of(result.objectives.begin(), result.objectives.end(),
                                             [](const std::string& o) { return o == "energy"; });
    if (energyObjective && !device.empty())
        if (const cost::DeviceProfile* profile = cost::DeviceCatalog::builtIn().tryFind(device)) {
            const cost::PackageEnergyCounter counter;
            const cost::EnergySource energy = cost::energySourceOf(*profile, &counter);
            std::printf("energy: %s. %s\n", energy.summary.c_str(), energy.explanation.c_str());
        }
    for (const std::string& reportLine : search::methodReportLines(search::openRunReader(*db), result.runId))
        std::printf("%s\n", reportLine.c_str());
    std::printf("database: %s\n", db->c_str());
    if (result.status == "interrupted") {
        std::printf("resume with: edgenas search --resume %lld --db %s\n", static_cast<long long>(result.runId),
                    db->c_str());
        return kExitInterrupted;
    }
    return kExitOk;
}

} // namespace edgenas::cli
