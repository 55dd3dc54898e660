#include "latency_probe.h"

#include "core/errors.h"
#include "models/latency_meter.h"
#include "models/torch_runtime.h"
#include "spaces/search_space.h"

#include <algorithm>
#include <chrono>
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

constexpr double kMinimumEntryMs = 1e-4;

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
        const int pooled = a.add(Node{.op = OpType::GlobalAvgPool, .inputs = inputs, .merge = sig.node.merge});
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

LatencyTable probeSignatures(const std::vector<OperatorSignature>& signatures, const ProbeConfig& config,
                             const ProbeProgress& progress, const std::function<bool()>& cancel) {
    models::LatencyConfig meter;
    meter.batchSize = config.batchSize;
    meter.warmup = config.warmup;
    meter.repeats = config.repeats;

    std::vector<ProbeNetworks> networks;
    networks.reserve(signatures.size());
    std::map<std::tuple<int, int, int>, Architecture> baselines;
    for (const OperatorSignature& sig : signatures) {
        networks.push_back(probeNetworks(sig));
        const Architecture& base = networks.back().baseline;
        baselines.emplace(shapeKey(base.input), base);
    }
    const bool subtract = config.subtractOverhead;
    const int total = static_cast<int>(signatures.size() + (subtract ? baselines.size() + 1 : 0));
    int done = 0;
    auto measure = [&](const Architecture& arch, const std::string& what) {
        if (progress)
            progress(done, total, what);
        const models::LatencyStats stats = models::measureLatency(arch, meter, cancel);
        const double ms = config.useMinimum ? stats.minMs : stats.medianMs;
        ++done;
        return ms;
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
        conditions.networkOverheadMs = measure(emptyNetwork(), "baseline: empty network");
        for (const auto& [key, arch] : baselines) {
            const TensorShape& s = arch.input;
            baselineMs[key] = measure(arch, "baseline " + std::to_string(s.channels) + "x" + std::to_string(s.height) +
                                                "x" + std::to_string(s.width));
        }
    }
    LatencyTable table(conditions);
    for (std::size_t i = 0; i < signatures.size(); ++i) {
        const std::string key = signatures[i].key();
        double ms = measure(networks[i].withOperator, key);
        if (subtract)
            ms -= baselineMs.at(shapeKey(networks[i].baseline.input));
        table.set(key, std::max(ms, kMinimumEntryMs));
    }
    if (progress)
        progress(done, total, "done");
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
