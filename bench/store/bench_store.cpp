// Prints the run store's figures on this machine: batched write rate, open + list time, the
// incremental read rate of a live view, and what a full integrity check would cost on open.
// Usage: bench_store [folder]   (default: the system's temporary folder; files are removed)

#include "core/architecture.h"
#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "store/run_reader.h"
#include "store/run_store.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <ctime>
#include <unistd.h>

using namespace edgenas;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time of the whole process: on a shared machine the wall clock also counts other people's
// work, so both are printed.
double processCpuSeconds() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

struct Rate {
    double wall = 0;  ///< candidates per second of elapsed time
    double cpu = 0;   ///< candidates per second of this process's CPU time
};

// A MobileNet-like chain with labels: compact JSON of about 2 KB, like a real candidate's.
core::Architecture realisticArchitecture(int variant) {
    core::Architecture arch;
    arch.input = {3, 32, 32};
    arch.metadata["space"] = "mobilenetv2";
    arch.metadata["genome"] = "k3e6-k5e3-k3e1-" + std::to_string(variant);
    arch.add(core::Node{.op = core::OpType::Input});
    int channels = 16;
    arch.add(core::Node{.op = core::OpType::Conv, .inputs = {0}, .outChannels = channels, .kernel = 3,
                        .stride = 2, .padding = 1, .label = "stem"});
    for (int block = 0; block < 11; ++block) {
        const int kernel = (variant + block) % 2 == 0 ? 3 : 5;
        channels += (block % 3 == 0) ? 8 : 0;
        arch.add(core::Node{.op = core::OpType::MBConv, .inputs = {arch.outputId()}, .outChannels = channels,
                            .kernel = kernel, .stride = block % 4 == 3 ? 2 : 1, .padding = kernel / 2,
                            .expansion = 1 + (variant + block) % 6, .squeezeExcite = block % 2 == 1,
                            .activation = core::ActivationType::ReLU6,
                            .label = "stage" + std::to_string(block / 3) + "/block" + std::to_string(block)});
    }
    arch.add(core::Node{.op = core::OpType::GlobalAvgPool, .inputs = {arch.outputId()}, .label = "pool"});
    arch.add(core::Node{.op = core::OpType::Linear, .inputs = {arch.outputId()}, .outChannels = 10, .bias = true,
                        .label = "classifier"});
    return arch;
}

// A pool of distinct architectures; candidates cycle through it with their own ids and figures,
// so 100k candidates do not need 100k architectures built up front.
struct CandidatePool {
    std::vector<std::string> json;
    std::vector<std::string> hash;
    std::size_t averageJsonBytes = 0;

    explicit CandidatePool(int size) {
        std::size_t total = 0;
        for (int i = 0; i < size; ++i) {
            const core::Architecture arch = realisticArchitecture(i);
            json.push_back(core::toJson(arch, -1));
            hash.push_back(core::canonicalHash(arch));
            total += json.back().size();
        }
        averageJsonBytes = total / json.size();
    }

    std::vector<core::Candidate> batch(int first, int count, int generation) const {
        std::vector<core::Candidate> candidates;
        candidates.reserve(static_cast<std::size_t>(count));
        for (int i = first; i < first + count; ++i) {
            const std::size_t k = static_cast<std::size_t>(i) % json.size();
            core::Candidate c;
            c.generation = generation;
            c.hash = hash[k];
            c.genome = "k3e6-k5e3-k3e1-" + std::to_string(i);
            c.architectureJson = json[k];
            c.parents = {std::max(1, i - 17), std::max(1, i - 5)};
            c.metrics = {
                {.name = "accuracy", .value = 0.6 + (i % 1000) * 3e-4, .unit = "", .provenance = core::Provenance::Trained},
                {.name = "latency_ms", .value = 2.0 + (i % 97) * 0.1, .unit = "ms", .provenance = core::Provenance::Measured},
                {.name = "energy_mj", .value = 5.0 + (i % 89) * 0.2, .unit = "mJ", .provenance = core::Provenance::Modelled},
                {.name = "macs", .value = 1e7 + i, .unit = "MACs", .provenance = core::Provenance::Counted},
            };
            candidates.push_back(std::move(c));
        }
        return candidates;
    }
};

void removeDatabase(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(path + suffix);
}

// Writes `total` candidates in generations of `perGeneration`. Batches are built before the
// clock starts: only the store is timed.
Rate writeRun(store::RunStore& store, const CandidatePool& pool, int total, int perGeneration,
                std::int64_t* runIdOut = nullptr) {
    std::vector<std::vector<core::Candidate>> batches;
    for (int g = 0; g * perGeneration < total; ++g)
        batches.push_back(pool.batch(g * perGeneration + 1, perGeneration, g));
    const Clock::time_point start = Clock::now();
    const double cpuStart = processCpuSeconds();
    const std::int64_t run = store.createRun(store::RunRecord{.name = "bench", .method = "nsga2"});
    for (std::size_t g = 0; g < batches.size(); ++g) {
        store::GenerationRecord generation{.generation = static_cast<int>(g),
                                           .evaluations = static_cast<std::int64_t>((g + 1) * perGeneration),
                                           .hypervolume = 0.5,
                                           .frontCandidateIds = {store::RunStore::newCandidateRef(0),
                                                                 store::RunStore::newCandidateRef(1)},
                                           .stateJson = R"({"population":"...","rng":[1,2,3,4]})"};
        store.commitGeneration(run, generation, batches[g]);
    }
    const double seconds = secondsSince(start);
    const double cpuSeconds = processCpuSeconds() - cpuStart;
    if (runIdOut)
        *runIdOut = run;
    return {total / seconds, total / cpuSeconds};
}

} // namespace

int main(int argc, char** argv) {
    const fs::path folder = argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path();
    const std::string path = (folder / ("edgenas-bench-store-" + std::to_string(::getpid()) + ".edgenas")).string();
    const CandidatePool pool(512);
    double load[3] = {};
    getloadavg(load, 3);
    std::printf("run store benchmark in %s (load average %.1f on %ld cores)\n", folder.c_str(), load[0],
                sysconf(_SC_NPROCESSORS_ONLN));
    std::printf("candidates: %zu B architecture JSON on average, 4 metrics, 2 parents\n\n", pool.averageJsonBytes);

    try {
        std::printf("batched writes (one transaction per generation, fresh file each):\n");
        for (const auto& [total, perGeneration] : std::vector<std::pair<int, int>>{
                 {10000, 100}, {10000, 1000}, {100000, 100}, {100000, 1000}}) {
            removeDatabase(path);
            store::RunStore store = store::RunStore::open(path);
            const Rate rate = writeRun(store, pool, total, perGeneration);
            std::printf("  %6d candidates, %4d per generation: %7.0f candidates/s (%7.0f per CPU-second)\n", total,
                        perGeneration, rate.wall, rate.cpu);
        }

        // The same, with a live view polling every 40 ms on its own connection, as the GUI does.
        {
            removeDatabase(path);
            store::RunStore store = store::RunStore::open(path);
            std::atomic<bool> done{false};
            std::atomic<std::int64_t> polled{0};
            std::thread viewer([&] {
                store::RunReader reader = store::RunReader::open(path);
                std::int64_t seen = 0;
                while (!done) {
                    for (const store::RunSummary& summary : reader.listRuns()) {
                        const std::vector<core::Candidate> fresh = reader.candidates(summary.run.id, seen);
                        if (!fresh.empty())
                            seen = fresh.back().id;
                        polled += static_cast<std::int64_t>(fresh.size());
                    }
                    std::this_thread::sleep_for(std::chrono::milliseconds(40));
                }
            });
            const Rate rate = writeRun(store, pool, 100000, 1000);
            done = true;
            viewer.join();
            std::printf("  100000 candidates, 1000 per generation, live view polling every 40 ms: %7.0f "
                        "candidates/s (view received %lld)\n",
                        rate.wall, static_cast<long long>(polled.load()));
        }
        const auto bytes = fs::file_size(path) + (fs::exists(path + "-wal") ? fs::file_size(path + "-wal") : 0);
        std::printf("  file size for 100000 candidates: %.1f MB\n\n", bytes / 1e6);

        // The file above now holds one finished run of 100k candidates; add a few small runs.
        {
            store::RunStore store = store::RunStore::open(path);
            for (int r = 0; r < 20; ++r)
                writeRun(store, pool, 500, 50);
        }

        std::printf("opening the 100k-candidate file (warm cache; writer closed, WAL checkpointed):\n");
        {
            const Clock::time_point start = Clock::now();
            store::RunReader reader = store::RunReader::open(path);
            const double openSeconds = secondsSince(start);
            const Clock::time_point listStart = Clock::now();
            const std::vector<store::RunSummary> runs = reader.listRuns();
            const double listSeconds = secondsSince(listStart);
            std::printf("  RunReader::open %.2f ms, listRuns (%zu runs, %lld candidates in the first) %.2f ms\n",
                        openSeconds * 1e3, runs.size(), static_cast<long long>(runs.front().candidateCount),
                        listSeconds * 1e3);

            const Clock::time_point writerStart = Clock::now();
            { store::RunStore store = store::RunStore::open(path); }
            std::printf("  RunStore::open + close %.2f ms\n", secondsSince(writerStart) * 1e3);

            const Clock::time_point readStart = Clock::now();
            const std::vector<core::Candidate> all = reader.candidates(runs.front().run.id);
            const double readSeconds = secondsSince(readStart);
            std::printf("\nincremental reads:\n  all %zu candidates of the run with metrics: %.0f ms, %.0f "
                        "candidates/s\n",
                        all.size(), readSeconds * 1e3, all.size() / readSeconds);

            // A live view's poll: the candidates committed since its last look.
            const std::int64_t last = all.back().id;
            const Clock::time_point smallStart = Clock::now();
            std::size_t newest = 0;
            constexpr int kPolls = 50;
            for (int i = 0; i < kPolls; ++i)
                newest += reader.candidates(runs.front().run.id, last - 1000).size();
            const double smallSeconds = secondsSince(smallStart);
            std::printf("  polling the newest 1000 (one generation): %.2f ms per poll, %.0f candidates/s\n",
                        smallSeconds * 1e3 / kPolls, newest / smallSeconds);
            const Clock::time_point emptyStart = Clock::now();
            for (int i = 0; i < kPolls; ++i)
                reader.candidates(runs.front().run.id, last);
            std::printf("  polling with nothing new: %.3f ms per poll\n", secondsSince(emptyStart) * 1e3 / kPolls);

            const Clock::time_point checkStart = Clock::now();
            reader.verifyIntegrity();
            std::printf("\nfull integrity check (PRAGMA quick_check) of the %.0f MB file: %.0f ms\n",
                        fs::file_size(path) / 1e6, secondsSince(checkStart) * 1e3);
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_store: %s\n", error.what());
        removeDatabase(path);
        return 1;
    }
    removeDatabase(path);
    return 0;
}
