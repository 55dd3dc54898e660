#include "latency_meter.h"

#include "core/errors.h"
#include "graph_network.h"
#include "torch_runtime.h"

#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/InferenceMode.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <vector>

namespace edgenas::models {

LatencyStats measureLatency(const core::Architecture& architecture, const LatencyConfig& config,
                            const std::function<bool()>& cancel) {
    if (config.batchSize < 1 || config.repeats < 1 || config.warmup < 0)
        throw core::InputError("latency: batch size and repeats must be at least 1 and warm-up not negative");
    adoptThreadCount();

    std::vector<double> times;
    times.reserve(static_cast<std::size_t>(config.repeats));
    {
        // Weights and input do not matter; a private generator keeps them off torch's global stream.
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(0);
        GraphNetwork network(architecture, generator);
        network->eval();
        const core::TensorShape& in = architecture.input;
        const torch::Tensor input =
            torch::randn({config.batchSize, in.channels, in.height, in.width}, generator);

        c10::InferenceMode inference;  // implies no autograd, and skips version counting too
        for (int i = 0; i < config.warmup + config.repeats; ++i) {
            if (cancel && cancel())
                throw core::Cancelled();
            const auto start = std::chrono::steady_clock::now();
            const torch::Tensor out = network->forward(input);
            const auto stop = std::chrono::steady_clock::now();
            if (i >= config.warmup)
                times.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
        }
    }

    std::sort(times.begin(), times.end());
    const std::size_t n = times.size();
    LatencyStats stats;
    stats.medianMs = n % 2 == 1 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
    stats.p90Ms = times[static_cast<std::size_t>(std::ceil(0.9 * double(n))) - 1];
    stats.meanMs = std::accumulate(times.begin(), times.end(), 0.0) / double(n);
    stats.minMs = times.front();
    stats.repeats = config.repeats;
    stats.threads = at::get_num_threads();
    stats.batchSize = config.batchSize;
    return stats;
}

} // namespace edgenas::models
