#include "cli_support.h"

#include "core/errors.h"
#include "cost/latency_probe.h"
#include "models/torch_runtime.h"
#include "search/method_registry.h"
#include "search/method_settings_json.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>

namespace edgenas::cli {

void requireDatabaseFile(const std::string& path) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (!std::filesystem::exists(status))
        throw core::InputError(path + ": no such run database");
    if (std::filesystem::is_directory(status))
        throw core::InputError(path + " is a folder, not a run database");
}

void mergeSettingsOption(search::RunConfig& config, const CommandLine& line) {
    if (auto settings = line.value("settings")) {
        nlohmann::json merged = search::methodSettingsObject(config.methodSettingsJson);
        merged.merge_patch(search::methodSettingsObject(*settings));
        config.methodSettingsJson = merged.dump();
    }
}

search::RunConfig checkedRunConfig(const search::RunConfig& config) {
    const search::RunConfig checked = search::runConfigFromJson(search::toJson(config));
    search::validateMethodSettings(search::MethodRegistry::global().require(checked.method), checked.methodSettingsJson);
    return checked;
}

search::RunConfig experimentConfigFor(const std::string& method, const CommandLine& line,
                                      const std::function<void(search::RunConfig&)>& commandOptions) {
    search::RunConfig c;
    c.method = method;
    search::applyMethodPreset(c, line.text("preset", "quick"));
    mergeSettingsOption(c, line);
    c.dataset = line.text("dataset", c.dataset);
    data::datasetInputShape(c.dataset);  // names the known data sets
    c.datasetDirectory = line.text("data-dir", c.datasetDirectory);
    c.device = line.text("device", c.device);
    c.threads = static_cast<int>(line.integer("threads", c.threads, 0, 256));
    if (commandOptions)
        commandOptions(c);
    return checkedRunConfig(c);
}

namespace {
std::atomic<bool> g_interrupted{false};
void onInterrupt(int) { g_interrupted.store(true); }
using SignalHandler = void (*)(int);
SignalHandler g_previousHandler = SIG_DFL;
} // namespace

int applyThreadOption(const CommandLine& line) {
    const int requested = static_cast<int>(line.integer("threads", 0, 0, 256));
    models::setThreadCount(requested);
    return models::threadCount();
}

spaces::SpaceOptions spaceOptionsFrom(const CommandLine& line) {
    spaces::SpaceOptions options;
    const std::string dataset = line.text("dataset", "fashion-mnist");
    options.input = data::datasetInputShape(dataset);
    options.numClasses = data::datasetClassCount(dataset);
    options.nb201Channels = static_cast<int>(line.integer("channels", options.nb201Channels, 1, 1024));
    options.nb201CellsPerStage = static_cast<int>(line.integer("cells", options.nb201CellsPerStage, 1, 64));
    options.widthMultiplier = line.real("width", options.widthMultiplier, 0.05, 8.0);
    options.dagChannels = static_cast<int>(line.integer("channels", options.dagChannels, 1, 1024));
    options.dagNodes = static_cast<int>(line.integer("nodes", options.dagNodes, 2, 16));
    options.dagStages = static_cast<int>(line.integer("stages", options.dagStages, 1, 4));
    options.attentiveLayout = line.text("layout", options.attentiveLayout);
    return options;
}

data::DatasetSpec datasetSpecFrom(const CommandLine& line) {
    data::DatasetSpec spec;
    spec.name = line.text("dataset", spec.name);
    data::datasetInputShape(spec.name); // a clear error before any file is touched
    spec.directory = line.text("data-dir", "");
    return spec;
}

void warnIfMachineBusy() {
    const double load = cost::loadPerCore();
    if (load > 1.0)
        std::fprintf(stderr,
                     "warning: the machine is busy (load %.1f per core): timings will be inflated and noisy; "
                     "measure on an idle machine, or use --threads 1 --statistic min\n",
                     load);
}

std::string humanCount(std::int64_t value) {
    char text[32];
    const double v = static_cast<double>(value);
    if (value >= 1'000'000'000)
        std::snprintf(text, sizeof text, "%.2f G", v / 1e9);
    else if (value >= 1'000'000)
        std::snprintf(text, sizeof text, "%.2f M", v / 1e6);
    else if (value >= 10'000)
        std::snprintf(text, sizeof text, "%.1f k", v / 1e3);
    else
        std::snprintf(text, sizeof text, "%lld", static_cast<long long>(value));
    return text;
}

std::string humanBytes(std::int64_t bytes) {
    char text[32];
    const double v = static_cast<double>(bytes);
    if (bytes >= (1LL << 20))
        std::snprintf(text, sizeof text, "%.2f MiB", v / (1 << 20));
    else if (bytes >= (1LL << 10))
        std::snprintf(text, sizeof text, "%.1f KiB", v / (1 << 10));
    else
        std::snprintf(text, sizeof text, "%lld B", static_cast<long long>(bytes));
    return text;
}

InterruptGuard::InterruptGuard() {
    g_interrupted.store(false);
    g_previousHandler = std::signal(SIGINT, onInterrupt);
}

InterruptGuard::~InterruptGuard() { std::signal(SIGINT, g_previousHandler); }

bool InterruptGuard::interrupted() { return g_interrupted.load(); }

StopOnInterrupt::StopOnInterrupt(search::SearchControl& control)
    : m_thread([this, &control] {
          while (!m_done.load()) {
              if (InterruptGuard::interrupted()) {
                  control.requestStop();
                  return;
              }
              std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
      }) {}

StopOnInterrupt::~StopOnInterrupt() {
    m_done = true;
    m_thread.join();
}

} // namespace edgenas::cli
