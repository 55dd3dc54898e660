// Prints, per network of each real search space, the cost of what the run store does on read
// (decode a genome, write its compact JSON) and of the other text paths in core: indented JSON,
// parsing JSON back, and the canonical hash.
// Usage: bench_core [networks per space]   (default 2000)

#include "core/architecture.h"
#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "spaces/space_factory.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <ctime>

using namespace edgenas;

namespace {

// CPU time of this process: the machine is shared, so the wall clock would count others' work.
double processCpuSeconds() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

// Keeps the optimiser from dropping work whose result is otherwise unused.
std::size_t g_sink = 0;

// Microseconds of CPU per item: best of a few passes over all items, so one preemption or cache
// miss storm on the shared machine does not decide the figure.
template <typename Work>
double microsecondsPerItem(std::size_t items, Work&& work) {
    constexpr int kPasses = 5;
    double best = 1e300;
    for (int pass = 0; pass < kPasses; ++pass) {
        const double start = processCpuSeconds();
        for (std::size_t i = 0; i < items; ++i)
            g_sink += work(i);
        best = std::min(best, processCpuSeconds() - start);
    }
    return best * 1e6 / double(items);
}

void benchSpace(const char* title, const std::string& name, const spaces::SpaceOptions& options,
                std::size_t count) {
    const auto space = spaces::makeSearchSpace(name, options);
    spaces::Rng rng(20240611);
    std::vector<spaces::Genome> genomes;
    std::vector<core::Architecture> networks;
    std::vector<std::string> compact;
    std::size_t nodes = 0;
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < count; ++i) {
        genomes.push_back(space->sample(rng));
        networks.push_back(space->decode(genomes.back()));
        compact.push_back(core::toJson(networks.back(), -1));
        nodes += networks.back().nodes.size();
        bytes += compact.back().size();
    }

    const double decode = microsecondsPerItem(count, [&](std::size_t i) {
        return space->decode(genomes[i]).nodes.size();
    });
    // As the store reads: the network just decoded, still in cache, written at once.
    const double storeRead = microsecondsPerItem(count, [&](std::size_t i) {
        return core::toJson(space->decode(genomes[i]), -1).size();
    });
    // Over all the networks kept in memory, whose labels are mostly out of cache by then.
    const double writeCompact = microsecondsPerItem(count, [&](std::size_t i) {
        return core::toJson(networks[i], -1).size();
    });
    const double writeIndented = microsecondsPerItem(count, [&](std::size_t i) {
        return core::toJson(networks[i]).size();
    });
    const double parse = microsecondsPerItem(count, [&](std::size_t i) {
        return core::architectureFromJson(compact[i]).nodes.size();
    });
    const double hash = microsecondsPerItem(count, [&](std::size_t i) {
        return core::canonicalHash(networks[i]).size();
    });

    std::printf("%s: %zu networks, %.0f nodes and %.0f bytes of compact JSON each\n", title, count,
                double(nodes) / double(count), double(bytes) / double(count));
    std::printf("  decode genome          %8.2f us\n", decode);
    std::printf("  store read: decode, then compact JSON %8.2f us (so the JSON %.2f us)\n", storeRead,
                storeRead - decode);
    std::printf("  toJson compact (-1)    %8.2f us\n", writeCompact);
    std::printf("  toJson indented (2)    %8.2f us\n", writeIndented);
    std::printf("  architectureFromJson   %8.2f us\n", parse);
    std::printf("  canonicalHash          %8.2f us\n", hash);
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t count = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 2000;
    std::printf("CPU microseconds per network, best of 5 passes\n");
    benchSpace("nb201 (C=16, N=5, CIFAR input)", "nb201",
               {.input = {3, 32, 32}, .numClasses = 10, .nb201Channels = 16, .nb201CellsPerStage = 5}, count);
    benchSpace("mobilenet (width 1.0, Fashion-MNIST input)", "mobilenet", {}, count);
    std::printf("(checksum %zu)\n", g_sink);
    return 0;
}
