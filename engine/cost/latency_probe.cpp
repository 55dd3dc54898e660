#include "latency_probe.h"

#include "core/errors.h"
#include "models/latency_meter.h"
#include "models/torch_runtime.h"
#include "spaces/search_space.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <thread>
#include <tuple>

namespace edgenas::cost {

using core::Architecture;
using core::Node;
using core::OpType;
using core::TensorShape;

namespace {

// Baselines are shared between operators with the same output shape.
auto shapeKey(const TensorShape& s) { return std::make_tuple(s.channels, s.height, s.width); }

bool isVector(const TensorShape& s) { return s.height == 1 && s.width == 1; }

Architecture tailOnly(const TensorShape& shape) {
    Architecture a;
    a.input = shape;
    a.numClasses = shape.channels;
    a.metadata["probe"] = "baseline";
    a.add(Node{.op = OpType::Input});
    if (!isVector(shape))
        a.add(Node{.op = OpType::GlobalAvgPool, .inputs = {0}});
    return a;
}

std::string machineName() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line))
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos)
                return line.substr(line.find_first_not_of(' ', colon + 1));
        }
    return {};
}

std::string utcNow() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &utc);
    return text;
}

} // namespace

double loadPerCore() {
    std::ifstream in("/proc/loadavg");
    double load = -1.0;
    if (!(in >> load))
        return -1.0;
    const unsigned cores = std::thread::hardware_concurrency();
    return cores > 0 ? load / cores : load;
}

Architecture emptyNetwork() { return tailOnly({1, 1, 1}); }

ProbeNetworks probeNetworks(const OperatorSignature& sig) {
    Architecture a;
    a.input = sig.inputs.front();
    a.metadata["probe"] = sig.key();
    const int input = a.add(Node{.op = OpType::Input});
    std::vector<int> inputs;
    for (const TensorShape& shape : sig.inputs) {
        if (shape == a.input) {
            inputs.push_back(input);
            continue;
        }
        // Another shape than the first input: make it from the input with a Zero node.
        const int stride = a.input.height / std::max(1, shape.height);
        inputs.push_back(a.add(Node{.op = OpType::Zero, .inputs = {input}, .outChannels = shape.channels,
                                    .stride = std::max(1, stride)}));
    }

    if (sig.node.op == OpType::EarlyExit) {
        // The head spelled out in ordinary nodes (an exit cannot be a network's last node).
        int features = -1;
        if (sig.node.outChannels > 0) {
            const int conv = a.add(Node{.op = OpType::PointwiseConv, .inputs = inputs, .merge = sig.node.merge,
                                        .outChannels = sig.node.outChannels});
            const int bn = a.add(Node{.op = OpType::BatchNorm, .inputs = {conv}});
            features = a.add(Node{.op = OpType::Activation, .inputs = {bn}, .activation = sig.node.activation});
        }
        const int pooled = features >= 0 ? a.add(Node{.op = OpType::GlobalAvgPool, .inputs = {features}})
                                         : a.add(Node{.op = OpType::GlobalAvgPool, .inputs = inputs, .merge = sig.node.merge});
        a.add(Node{.op = OpType::Linear, .inputs = {pooled}, .outChannels = sig.numClasses, .bias = true});
        a.numClasses = sig.numClasses;
        return {std::move(a), emptyNetwork()};
    }

    Node op = sig.node;
    op.inputs = inputs;
    const int out = a.add(op);
    a.numClasses = sig.output.channels;
    if (!isVector(sig.output))
        a.add(Node{.op = OpType::GlobalAvgPool, .inputs = {out}});
    return {std::move(a), isVector(sig.output) ? emptyNetwork() : tailOnly(sig.output)};
}

std::vector<OperatorSignature> distinctSignatures(const std::vector<Architecture>& architectures) {
    std::vector<OperatorSignature> out;
    std::set<std::string> seen;
    for (const Architecture& arch : architectures)
        for (OperatorSignature& sig : OperatorSignature::ofArchitecture(arch))
            if (seen.insert(sig.key()).second)
                out.push_back(std::move(sig));
    return out;
}

std::vector<Architecture> sampleArchitectures(const spaces::SearchSpace& space, int samples, std::uint64_t seed) {
    if (samples < 1)
        throw core::InputError("probe: the number of sampled architectures must be at least 1");
    spaces::Rng rng(seed);
    std::vector<Architecture> out;
    out.reserve(static_cast<std::size_t>(samples));
    for (int i = 0; i < samples; ++i)
        out.push_back(space.decode(space.sample(rng)));
    return out;
}

NetworkTimer hostNetworkTimer(const ProbeConfig& config, const std::function<bool()>& cancel) {
    models::LatencyConfig meter;
    meter.batchSize = config.batchSize;
    meter.warmup = config.warmup;
    const bool useMinimum = config.useMinimum;
    return [meter, useMinimum, cancel](const Architecture& network, int repeats) {
        models::LatencyConfig c = meter;
        c.repeats = repeats;
        const models::LatencyStats stats = models::measureLatency(network, c, cancel);
        return useMinimum ? stats.minMs : stats.medianMs;
    };
}

bool runsNoKernel(const OperatorSignature& signature) {
    return signature.node.op == OpType::Identity && signature.inputs.size() == 1;
}

LatencyTable probeSignatures(const std::vector<OperatorSignature>& signatures, const ProbeConfig& config,
                             const ProbeProgress& progress, const std::function<bool()>& cancel) {
    return probeSignatures(signatures, config, hostNetworkTimer(config, cancel), progress);
}

LatencyTable probeSignatures(const std::vector<OperatorSignature>& signatures, const ProbeConfig& config,
                             const NetworkTimer& timer, const ProbeProgress& progress) {
    if (config.repeats < 1 || config.warmup < 0 || config.batchSize < 1 || config.maxAttempts < 1)
        throw core::InputError("probe: repeats, batch size and attempts must be at least 1 and warm-up not negative");

    std::vector<ProbeNetworks> networks;
    networks.reserve(signatures.size());
    std::map<std::tuple<int, int, int>, Architecture> baselines;
    for (const OperatorSignature& sig : signatures) {
        networks.push_back(probeNetworks(sig));
        if (runsNoKernel(sig))
            continue;
        const Architecture& base = networks.back().baseline;
        baselines.emplace(shapeKey(base.input), base);
    }
    const bool subtract = config.subtractOverhead;
    const int total = static_cast<int>(signatures.size() + (subtract ? baselines.size() + 1 : 0));
    int done = 0;
    auto report = [&](const std::string& what) {
        if (progress)
            progress(done, total, what);
    };
    auto fmt = [](double ms) {
        char text[32];
        std::snprintf(text, sizeof text, "%.6g ms", ms);
        return std::string(text);
    };
    // A whole network's time: a positive number, else measured again with more repeats.
    auto timeNetwork = [&](const Architecture& network, int repeats, const std::string& what) {
        std::string seen;
        for (int attempt = 1; attempt <= config.maxAttempts; ++attempt, repeats *= 2) {
            if (attempt > 1)
                report(kMeasuredAgain + what);
            const double ms = timer(network, repeats);
            if (std::isfinite(ms) && ms > 0.0)
                return ms;
            seen += (seen.empty() ? "" : ", ") + fmt(ms);
        }
        throw core::MeasurementError("probe: " + what + ": the network's time was not a positive number in " +
                                     std::to_string(config.maxAttempts) + " measurements (" + seen + ")");
    };

    LatencyTable::Conditions conditions;
    conditions.device = "host";
    conditions.threads = models::threadCount();
    conditions.batchSize = config.batchSize;
    conditions.warmup = config.warmup;
    conditions.repeats = config.repeats;
    conditions.statistic = config.useMinimum ? "min" : "median";
    conditions.machine = machineName();
    conditions.loadPerCore = loadPerCore();
    conditions.runtime = "LibTorch " + models::torchVersion() + ", " + models::blasLibrary();
    conditions.created = utcNow() + (subtract ? "" : " (raw: per-call overhead included in every entry)");

    std::map<std::tuple<int, int, int>, double> baselineMs;
    if (subtract) {
        report("baseline: empty network");
        conditions.networkOverheadMs = timeNetwork(emptyNetwork(), config.repeats, "the empty network");
        ++done;
        for (const auto& [key, arch] : baselines) {
            const TensorShape& s = arch.input;
            const std::string what =
                "baseline " + std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" + std::to_string(s.width);
            report(what);
            baselineMs[key] = timeNetwork(arch, config.repeats, what);
            ++done;
        }
    }
    LatencyTable table(conditions);
    for (std::size_t i = 0; i < signatures.size(); ++i) {
        const std::string key = signatures[i].key();
        report(key);
        if (runsNoKernel(signatures[i])) {
            table.set(key, 0.0);
            ++done;
            continue;
        }
        const Architecture& baseline = networks[i].baseline;
        double baseMs = subtract ? baselineMs.at(shapeKey(baseline.input)) : 0.0;
        std::string seen;
        int repeats = config.repeats;
        for (int attempt = 1; attempt <= config.maxAttempts; ++attempt, repeats *= 2) {
            if (attempt > 1)
                report(kMeasuredAgain + key);
            const double withOperatorMs = timeNetwork(networks[i].withOperator, repeats, key);
            if (!subtract) {
                table.set(key, withOperatorMs);
                break;
            }
            // A retry re-times the baseline too: either network may have been the disturbed one.
            if (attempt > 1)
                baseMs = timeNetwork(baseline, repeats, key + " (baseline)");
            const double ms = withOperatorMs - baseMs;
            if (ms > 0.0) {
                table.set(key, ms);
                break;
            }
            seen += (seen.empty() ? "" : "; ") + fmt(withOperatorMs) + " - " + fmt(baseMs) + " baseline at " +
                    std::to_string(repeats) + " repeats";
        }
        if (!table.contains(key))
            throw core::MeasurementError(
                "probe: operator " + key + ": its time (its network minus the baseline) was not positive in " +
                std::to_string(config.maxAttempts) + " measurements (" + seen +
                "); the machine may be too busy or the operator below the timing noise: try --statistic min, "
                "more --repeats, or --raw");
        ++done;
    }
    report("done");
    return table;
}

LatencyTable probeArchitectures(const std::vector<Architecture>& architectures, const ProbeConfig& config,
                                const ProbeProgress& progress, const std::function<bool()>& cancel) {
    return probeSignatures(distinctSignatures(architectures), config, progress, cancel);
}

LatencyTable probeLatencyTable(const spaces::SearchSpace& space, int samples, const ProbeConfig& config,
                               const ProbeProgress& progress, const std::function<bool()>& cancel) {
    return probeArchitectures(sampleArchitectures(space, samples, config.seed), config, progress, cancel);
}

} // namespace edgenas::cost
