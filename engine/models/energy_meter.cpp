#include "energy_meter.h"

#include "core/errors.h"
#include "graph_network.h"
#include "torch_runtime.h"

#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/InferenceMode.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>
#include <vector>

namespace edgenas::models {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

struct Window {
    double joules = 0.0;
    double ms = 0.0;
    int forwards = 0;
};

std::string watts(double w) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g W", w);
    return text;
}

} // namespace

EnergyStats measureEnergy(const core::Architecture& architecture, const cost::PackageEnergyCounter& counter,
                          const EnergyConfig& config, const std::function<bool()>& cancel) {
    if (config.batchSize < 1 || config.warmup < 0 || config.windows < 1 || config.maxAttempts < 1 ||
        !(config.windowMs > 0.0) || !(config.idleMs > 0.0))
        throw core::InputError("energy: batch size, windows and attempts must be at least 1, warm-up not negative "
                               "and the window lengths positive");
    if (!counter.readable())
        throw core::MeasurementError("energy: " + counter.problem());
    adoptThreadCount();

    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(0);
    GraphNetwork network(architecture, generator);
    network->eval();
    const core::TensorShape& in = architecture.input;
    const torch::Tensor input = torch::randn({config.batchSize, in.channels, in.height, in.width}, generator);
    c10::InferenceMode inference;
    for (int i = 0; i < config.warmup; ++i) {
        if (cancel && cancel())
            throw core::Cancelled();
        network->forward(input);
    }

    std::string seen;
    for (int attempt = 1; attempt <= config.maxAttempts; ++attempt) {
        // Idle: the package's draw with this process asleep, to subtract from every window.
        const cost::PackageEnergyCounter::Reading idleStart = counter.read();
        const auto idleClock = Clock::now();
        std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(config.idleMs));
        const double idleJoules = counter.joulesBetween(idleStart, counter.read());
        const double idleWatts = idleJoules / (msSince(idleClock) * 1e-3);

        std::vector<Window> windows;
        for (int w = 0; w < config.windows; ++w) {
            Window window;
            const cost::PackageEnergyCounter::Reading start = counter.read();
            const auto clock = Clock::now();
            while (window.forwards == 0 || msSince(clock) < config.windowMs) {
                if (cancel && cancel())
                    throw core::Cancelled();
                network->forward(input);
                ++window.forwards;
            }
            const cost::PackageEnergyCounter::Reading stop = counter.read();
            window.ms = msSince(clock);
            window.joules = counter.joulesBetween(start, stop);
            windows.push_back(window);
        }
        // Energy per forward above idle, window by window; the median window is reported.
        auto perForwardMj = [idleWatts](const Window& w) {
            return (w.joules - idleWatts * w.ms * 1e-3) * 1e3 / w.forwards;
        };
        std::sort(windows.begin(), windows.end(),
                  [&](const Window& a, const Window& b) { return perForwardMj(a) < perForwardMj(b); });
        const Window& median = windows[windows.size() / 2];
        const double energyMj = perForwardMj(median);
        if (std::isfinite(energyMj) && energyMj > 0.0) {
            EnergyStats stats;
            stats.energyMj = energyMj;
            stats.msPerInference = median.ms / median.forwards;
            stats.averageWatts = energyMj / stats.msPerInference;
            stats.idleWatts = idleWatts;
            stats.windows = static_cast<int>(windows.size());
            stats.windowMs = windows.front().ms;
            for (const Window& w : windows) {
                stats.inferences += w.forwards;
                stats.windowMs = std::min(stats.windowMs, w.ms);
            }
            stats.counter = counter.description();
            return stats;
        }
        seen += (seen.empty() ? "" : "; ") + std::string("idle ") + watts(idleWatts) + ", inferring " +
                watts(median.joules / (median.ms * 1e-3));
    }
    throw core::MeasurementError("energy: the package energy above idle was not positive in " +
                                 std::to_string(config.maxAttempts) + " measurements (" + seen +
                                 "); other work on the machine may have run during the idle window");
}

} // namespace edgenas::models
