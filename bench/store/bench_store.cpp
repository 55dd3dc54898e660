// Prints the run store's figures on this machine: batched write rate (networks new to the file,
// and a campaign of runs over one space), open + list time, the incremental read rate of a live
// view, and what a full integrity check would cost on open. The store is opened as the search
// opens it (search::openRunStore/openRunReader: candidates stored by genome, JSON rebuilt on
// read), and once without the codec for comparison (JSON stored).
// Usage: bench_store [folder]   (default: the system's temporary folder; files are removed)

#include "core/architecture.h"
#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "search/run_config.h"
#include "search/run_database.h"
#include "search/run_space.h"
#include "store/run_reader.h"
#include "store/run_store.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
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

// One architecture as the search hands it to the store.
struct ArchitectureText {
    std::string json;
    std::string hash;
    std::string genome;
};

// Random networks of a real search space, as the search produces them: compact JSON with the
// space's labels and metadata, canonical hash, genome. Decoding is memoised by genome (spaces
// like NB-201 are small enough to revisit genomes), and never timed.
class SpaceSampler {
public:
    // `memoise`: keep decoded networks (for small spaces, whose genomes come round again).
    // `config`: the run config the networks belong to (its space, options and data set).
    SpaceSampler(const search::RunConfig& config, std::uint64_t seed, bool memoise)
        : m_space(search::makeRunSpace(config)), m_configJson(search::toJson(config)), m_rng(seed),
          m_memoise(memoise) {}

    const spaces::SearchSpace& space() const { return *m_space; }
    const std::string& configJson() const { return m_configJson; }

    // A network not in `exclude` (by canonical hash), which then holds it; nullptr when the space
    // seems exhausted.
    const ArchitectureText* next(std::unordered_set<std::string>& exclude) {
        for (int attempt = 0; attempt < 10000; ++attempt) {
            const spaces::Genome genome = m_space->sample(m_rng);
            std::string key = spaces::genomeToIntList(genome);
            if (!m_memoise)
                m_memo.clear();
            auto it = m_memo.find(key);
            if (it == m_memo.end()) {
                const core::Architecture arch = m_space->decode(genome);
                it = m_memo.emplace(key, ArchitectureText{core::toJson(arch, -1), core::canonicalHash(arch), key})
                         .first;
                m_distinct.insert(it->second.hash);
            }
            if (exclude.insert(it->second.hash).second) {
                m_bytes += it->second.json.size();
                ++m_decoded;
                return &it->second;
            }
        }
        return nullptr;
    }
    std::size_t averageJsonBytes() const { return m_decoded ? m_bytes / m_decoded : 0; }
    std::size_t distinct() const { return m_distinct.size(); }

private:
    std::unique_ptr<spaces::SearchSpace> m_space;
    std::string m_configJson;
    spaces::Rng m_rng;
    bool m_memoise;
    std::unordered_map<std::string, ArchitectureText> m_memo;
    std::unordered_set<std::string> m_distinct;
    std::size_t m_bytes = 0;
    std::size_t m_decoded = 0;  ///< networks handed out
};

// What the search stores per candidate with objectives accuracy and latency on a device:
// trained accuracy and the device evaluator's three figures, two parents earlier in the run.
core::Candidate makeCandidate(const ArchitectureText& arch, int index, int generation, std::int64_t firstId) {
    core::Candidate c;
    c.generation = generation;
    c.hash = arch.hash;
    c.genome = arch.genome;
    c.architectureJson = arch.json;
    if (index > 1)
        c.parents = {firstId + (index * 7919) % index, firstId + index - 1};
    c.metrics = {
        {.name = "accuracy", .value = 0.6 + (index % 1000) * 3e-4, .unit = "", .provenance = core::Provenance::Trained},
        {.name = "latency_ms", .value = 2.0 + (index % 97) * 0.1, .unit = "ms", .provenance = core::Provenance::Table},
        {.name = "energy_mj", .value = 5.0 + (index % 89) * 0.2, .unit = "mJ", .provenance = core::Provenance::Modelled},
        {.name = "power_w", .value = 2.5 + (index % 13) * 0.1, .unit = "W", .provenance = core::Provenance::Modelled},
    };
    return c;
}

struct Timer {
    double wall = 0;
    double cpu = 0;
    std::int64_t candidates = 0;
    Rate rate() const { return {candidates / wall, candidates / cpu}; }
};

void removeDatabase(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(path + suffix);
}

// Writes one run of `total` candidates in generations of `perGeneration`; every candidate's
// network is new to the run (as the search's cache guarantees) and, unless the space is small,
// new to the file. Batches are built between commits, off the clock: only the store is timed.
void writeRun(store::RunStore& store, SpaceSampler& sampler, int total, int perGeneration, Timer& timer,
              std::int64_t* runIdOut = nullptr) {
    std::unordered_set<std::string> inRun;
    Clock::time_point start = Clock::now();
    double cpuStart = processCpuSeconds();
    const std::int64_t run =
        store.createRun(store::RunRecord{.name = "bench", .method = "nsga2", .configJson = sampler.configJson()});
    std::int64_t firstId = -1;
    int written = 0;
    for (int g = 0; written < total; ++g) {
        timer.wall += secondsSince(start);
        timer.cpu += processCpuSeconds() - cpuStart;
        std::vector<core::Candidate> batch;
        for (int i = 0; i < perGeneration && written + i < total; ++i) {
            const ArchitectureText* arch = sampler.next(inRun);
            if (!arch)
                throw std::runtime_error("the space ran out of distinct networks");
            batch.push_back(makeCandidate(*arch, written + i, g, firstId < 0 ? 1 : firstId));
        }
        store::GenerationRecord generation{.generation = g,
                                           .evaluations = written + static_cast<std::int64_t>(batch.size()),
                                           .hypervolume = 0.5,
                                           .frontCandidateIds = {store::RunStore::newCandidateRef(0),
                                                                 store::RunStore::newCandidateRef(1)},
                                           .stateJson = R"({"population":"...","rng":[1,2,3,4]})"};
        if (firstId < 0)
            for (auto& c : batch)
                c.parents.clear();  // no ids known before the first commit
        start = Clock::now();
        cpuStart = processCpuSeconds();
        const std::vector<std::int64_t> ids = store.commitGeneration(run, generation, batch);
        if (firstId < 0)
            firstId = ids.front();
        written += static_cast<int>(batch.size());
    }
    timer.wall += secondsSince(start);
    timer.cpu += processCpuSeconds() - cpuStart;
    timer.candidates += total;
    if (runIdOut)
        *runIdOut = run;
}

void printRate(const char* what, const Timer& timer) {
    const Rate rate = timer.rate();
    std::printf("  %-62s %7.0f candidates/s (%7.0f per CPU-second)\n", what, rate.wall, rate.cpu);
}

} // namespace

int main(int argc, char** argv) {
    const fs::path folder = argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path();
    const std::string path = (folder / ("edgenas-bench-store-" + std::to_string(::getpid()) + ".edgenas")).string();
    double load[3] = {};
    getloadavg(load, 3);
    std::printf("run store benchmark in %s (load average %.1f on %ld cores)\n", folder.c_str(), load[0],
                sysconf(_SC_NPROCESSORS_ONLN));
    std::printf("candidates: networks sampled from real spaces (JSON, canonical hash, genome), 4 metrics "
                "(accuracy, latency, energy, power), 2 parents; one transaction per generation\n\n");

    try {
        // Fashion-MNIST defaults of the search: MobileNet width 1.0, NB-201 with C = 8, N = 1.
        const search::RunConfig mobilenetRun{.space = "mobilenet", .spaceWidth = 1.0};
        const search::RunConfig nb201Run{.space = "nb201", .spaceChannels = 8, .spaceCells = 1};

        std::printf("every network new to the file (MobileNet layer-wise space, one run, fresh file each):\n");
        {
            removeDatabase(path);
            store::RunStore store = search::openRunStore(path);
            SpaceSampler sampler(mobilenetRun, 1, false);
            Timer timer;
            writeRun(store, sampler, 20000, 100, timer);
            printRate("20000 candidates, 100 per generation:", timer);
            std::printf("  (%zu B of architecture JSON per candidate on average, stored as the genome)\n",
                        sampler.averageJsonBytes());
        }
        {
            removeDatabase(path);
            store::RunStore store = store::RunStore::open(path);  // no codec: the JSON is stored
            SpaceSampler sampler(mobilenetRun, 1, false);
            Timer timer;
            writeRun(store, sampler, 20000, 100, timer);
            printRate("the same with the JSON stored (no codec):", timer);
        }
        // With a live view polling every 40 ms on its own connection, as the GUI does.
        {
            removeDatabase(path);
            store::RunStore store = search::openRunStore(path);
            SpaceSampler sampler(mobilenetRun, 2, false);
            std::atomic<bool> done{false};
            std::atomic<std::int64_t> polled{0};
            std::thread viewer([&] {
                store::RunReader reader = search::openRunReader(path);
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
            Timer timer;
            writeRun(store, sampler, 100000, 1000, timer);
            done = true;
            viewer.join();
            printRate("100000 candidates, 1000 per generation, live view polling:", timer);
            std::printf("  (the view received %lld candidates while they were written)\n",
                        static_cast<long long>(polled.load()));
        }
        const auto bytes = fs::file_size(path) + (fs::exists(path + "-wal") ? fs::file_size(path + "-wal") : 0);
        std::printf("  file size for 100000 candidates: %.1f MB\n\n", bytes / 1e6);

        // Runs over the same small space meet the same networks again: each is written once.
        std::printf("a campaign of runs over one space (NB-201, C = 8, N = 1; every network new to its run):\n");
        {
            const std::string campaign = path + "-campaign";
            removeDatabase(campaign);
            store::RunStore store = search::openRunStore(campaign);
            SpaceSampler sampler(nb201Run, 3, true);
            Timer timer;
            for (int r = 0; r < 50; ++r)
                writeRun(store, sampler, 2000, 100, timer);
            printRate("50 runs x 2000 candidates, 100 per generation:", timer);
            const auto campaignBytes = fs::file_size(campaign) +
                                       (fs::exists(campaign + "-wal") ? fs::file_size(campaign + "-wal") : 0);
            std::printf("  (%zu B of architecture JSON per candidate, %zu distinct networks met; file %.1f MB)\n\n",
                        sampler.averageJsonBytes(), sampler.distinct(), campaignBytes / 1e6);
            removeDatabase(campaign);
        }

        // The first file now holds one finished run of 100k candidates; add a few small runs.
        {
            store::RunStore store = search::openRunStore(path);
            SpaceSampler sampler(nb201Run, 4, true);
            Timer timer;
            for (int r = 0; r < 20; ++r)
                writeRun(store, sampler, 500, 50, timer);
        }

        std::printf("opening the 100k-candidate file (warm cache; writer closed, WAL checkpointed):\n");
        {
            const Clock::time_point start = Clock::now();
            store::RunReader reader = search::openRunReader(path);
            const double openSeconds = secondsSince(start);
            const Clock::time_point listStart = Clock::now();
            const std::vector<store::RunSummary> runs = reader.listRuns();
            const double listSeconds = secondsSince(listStart);
            std::printf("  RunReader::open %.2f ms, listRuns (%zu runs, %lld candidates in the first) %.2f ms\n",
                        openSeconds * 1e3, runs.size(), static_cast<long long>(runs.front().candidateCount),
                        listSeconds * 1e3);

            const Clock::time_point writerStart = Clock::now();
            { store::RunStore store = search::openRunStore(path); }
            std::printf("  RunStore::open + close %.2f ms\n", secondsSince(writerStart) * 1e3);

            const Clock::time_point readStart = Clock::now();
            const std::vector<core::Candidate> all = reader.candidates(runs.front().run.id);
            const double readSeconds = secondsSince(readStart);
            std::printf("\nincremental reads (architecture JSON rebuilt from the genome):\n"
                        "  all %zu candidates of the run with metrics: %.0f ms, %.0f candidates/s\n",
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

            // No index by hash (schema version 4): a lookup walks the run.
            const Clock::time_point findStart = Clock::now();
            const bool found = reader.findCandidateByHash(runs.front().run.id, all[all.size() / 2].hash).has_value();
            const double findSeconds = secondsSince(findStart);
            const Clock::time_point missStart = Clock::now();
            reader.findCandidateByHash(runs.front().run.id, "no such hash");
            std::printf("  findCandidateByHash: %.1f ms for one half-way through (%s), %.1f ms for a missing one\n",
                        findSeconds * 1e3, found ? "found" : "not found", secondsSince(missStart) * 1e3);

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
