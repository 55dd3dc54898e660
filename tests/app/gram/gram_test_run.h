#pragma once

// Hand-made GRAM runs for the workbench tests and the screenshot database: meta-graph records
// that concentrate on a target DAG sweep by sweep, a pruning sequence and a family, stored with
// NB201 candidates (the DAG space is not needed to show them: the records name candidates by
// identity).

#include "core/canonical_form.h"
#include "search/gram/gram_records.h"
#include "search/run_config.h"
#include "search/run_database.h"
#include "search/run_space.h"
#include "spaces/dag_cell.h"
#include "spaces/rng.h"
#include "spaces/search_space.h"
#include "spaces/space_factory.h"
#include "store/run_store.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace edgenas::app::test {

/// Edges of the DAG the hand-made meta-graph learns: a chain plus every second skip.
inline bool gramTargetEdge(int from, int to) { return to == from + 1 || (to == from + 2 && from % 2 == 0); }

/// A number in [0, 1) fixed by its arguments, so the records are the same on every run.
inline double gramJitter(int a, int b, int c) {
    const std::uint32_t h = std::uint32_t(a * 73856093) ^ std::uint32_t(b * 19349663) ^ std::uint32_t(c * 83492791);
    return double((h * 2654435761u) >> 8) / double(1u << 24);
}

inline double bernoulliBits(double p) {
    if (p <= 0.0 || p >= 1.0)
        return 0.0;
    return -(p * std::log2(p) + (1 - p) * std::log2(1 - p));
}

/// The meta-graph after `sweep` sweeps of a `nodes`-node cell: target edges and operators gain
/// probability as the sweeps go, the others lose it; the chain's current graph is the target
/// plus a few stray edges that thin out.
inline search::GramSweepRecord gramSweep(int sweep, int nodes) {
    search::GramSweepRecord r;
    r.sweep = sweep;
    r.nodes = nodes;
    for (auto name : spaces::kDagOpNames)
        r.ops.emplace_back(name);
    const std::size_t cells = std::size_t(nodes) * std::size_t(nodes);
    r.edgeLogit.assign(cells, 0.0);
    r.edgeProbability.assign(cells, 0.0);
    double edgeBits = 0.0;
    int edgeCount = 0;
    spaces::DagCell current = spaces::DagCell::empty(nodes);
    for (int j = 1; j < nodes; ++j)
        for (int i = 0; i < j; ++i) {
            const double drift = (0.35 + 0.5 * gramJitter(i, j, 1)) * sweep;
            const double w = gramTargetEdge(i, j) ? drift : -drift + 0.3 * gramJitter(i, j, 2);
            const double p = 1.0 / (1.0 + std::exp(-w));
            r.edgeLogit[std::size_t(i * nodes + j)] = w;
            r.edgeProbability[std::size_t(i * nodes + j)] = p;
            edgeBits += bernoulliBits(p);
            ++edgeCount;
            const bool stray = gramJitter(i, j, sweep + 3) < 0.5 / (1.0 + sweep);
            current.setEdge(i, j, gramTargetEdge(i, j) || stray);
        }
    r.edgeEntropyBits = edgeCount ? edgeBits / edgeCount : 0.0;
    r.opProbability.assign(std::size_t(nodes), {});
    double opBits = 0.0;
    for (int j = 1; j < nodes; ++j) {
        const int target = j % 3;
        std::vector<double> logits(3);
        double sum = 0.0;
        for (int o = 0; o < 3; ++o) {
            logits[std::size_t(o)] = std::exp((o == target ? 0.45 * sweep : 0.0) + 0.4 * gramJitter(j, o, 5));
            sum += logits[std::size_t(o)];
        }
        for (double& v : logits) {
            v /= sum;
            opBits -= v > 0 ? v * std::log2(v) : 0.0;
        }
        r.opProbability[std::size_t(j)] = logits;
        current.ops[std::size_t(j)] = sweep < 2 && j % 2 ? (target + 1) % 3 : target;
    }
    r.opEntropyBits = nodes > 1 ? opBits / (nodes - 1) : 0.0;
    r.baseline = 0.6 + 0.02 * sweep;
    r.currentGenome = spaces::dagGenomeOf(current);
    r.currentHash = "cur" + std::to_string(sweep);
    r.currentReward = 0.61 + 0.025 * sweep;
    r.bestHash = "best" + std::to_string(sweep);
    r.bestReward = 0.62 + 0.025 * sweep;
    r.variantsScored = 4 * (nodes - 1);
    r.variantsNew = std::max(1, r.variantsScored - 3 * sweep);
    return r;
}

/// Pruning from candidates[0] through candidates[1..steps] (MACs falling 22 % a step), plus one
/// step whose network is not stored; a family at 75 / 50 / 25 % of the start's MACs.
inline search::GramPruningRecord gramPruning(const std::vector<core::Candidate>& stored, int steps) {
    search::GramPruningRecord p;
    p.startHash = stored.at(0).hash;
    p.startMacs = 12.4e6;
    p.startParams = 0.21e6;
    p.startLatencyMs = 3.9;
    p.latencySource = "modelled";
    double macs = p.startMacs, params = p.startParams, latency = p.startLatencyMs;
    for (int k = 0; k < steps; ++k) {
        macs *= 0.78;
        params *= 0.86;
        latency *= 0.85;
        search::GramPruningStep s;
        s.from = k % 3;
        s.to = 3 + k;
        s.edgeLogit = -2.0 + 0.3 * k;
        s.hash =
            k + 1 < int(stored.size()) ? stored[std::size_t(k + 1)].hash : "f00d" + std::to_string(k) + "notstored";
        s.macs = macs;
        s.params = params;
        s.latencyMs = latency;
        s.proxyReward = std::nan("");
        p.steps.push_back(s);
    }
    p.startGenome = {1, 0, 1};
    for (double fraction : {0.75, 0.5, 0.25}) {
        for (const search::GramPruningStep& s : p.steps)
            if (s.macs <= fraction * p.startMacs) {
                search::GramFamilyMember m;
                m.budgetFraction = fraction;
                m.hash = s.hash;
                m.macs = s.macs;
                m.params = s.params;
                m.latencyMs = s.latencyMs;
                m.validationAccuracy = 0.80 + 0.1 * fraction;
                m.testAccuracy = 0.79 + 0.1 * fraction;
                m.densityPerMParams = 100.0 * m.testAccuracy / (m.params / 1e6);
                m.densityPerMMacs = 100.0 * m.testAccuracy / (m.macs / 1e6);
                p.family.push_back(m);
                break;
            }
    }
    return p;
}

struct GramTestRun {
    std::int64_t runId = -1;
    std::vector<core::Candidate> candidates;  ///< with their store ids
};

/// Writes a run of `method` with `sweeps` sweep records (one per generation, sweep 0 first)
/// and, when `pruningSteps` > 0, a pruning record with the last generation.
inline GramTestRun writeGramRun(const std::string& db, const std::string& method, int sweeps, int nodes,
                                int pruningSteps, const std::string& status, int candidateCount = 8) {
    search::RunConfig config;
    config.method = method;
    config.space = "nb201";
    config.spaceChannels = 4;
    config.spaceCells = 1;
    config.objectives = {"accuracy", "macs"};
    config.evaluations = 40;
    config.seed = 5;
    store::RunStore writer = search::openRunStore(db);
    store::RunRecord record;
    record.name = method + " (hand-made records)";
    record.method = method;
    record.configJson = search::toJson(config);
    record.status = "running";
    GramTestRun run;
    run.runId = writer.createRun(record);
    const auto space = spaces::makeSearchSpace("nb201", search::spaceOptionsFor(config));
    spaces::Rng rng(5);
    std::vector<core::Candidate> candidates;
    while (int(candidates.size()) < candidateCount) {
        const spaces::Genome genome = space->sample(rng);
        const core::Architecture arch = space->decode(genome);
        core::Candidate c;
        c.hash = core::canonicalHash(arch);
        bool seen = false;
        for (const core::Candidate& other : candidates)
            seen = seen || other.hash == c.hash;
        if (seen)
            continue;
        const int i = int(candidates.size());
        c.genome = spaces::genomeToIntList(genome);
        c.architectureJson = search::candidateArchitectureJson(arch);
        c.metrics = {{"accuracy", 0.9 - 0.012 * i, "", core::Provenance::Trained},
                     {"macs", 12.4e6 * std::pow(0.82, i), "", core::Provenance::Counted},
                     {"params", 0.21e6 * std::pow(0.86, i), "", core::Provenance::Counted}};
        candidates.push_back(c);
    }
    for (int g = 0; g < sweeps; ++g) {
        store::GenerationRecord generation;
        generation.generation = g;
        generation.evaluations = std::int64_t((g + 1) * candidateCount / std::max(1, sweeps));
        generation.hypervolume = 0.3 + 0.4 * (1.0 - std::exp(-0.4 * g));
        generation.records.push_back({search::kGramSweepRecordKind, search::toJson(gramSweep(g, nodes))});
        std::vector<core::Candidate> batch;
        if (g == 0)
            batch = candidates;
        for (std::size_t k = 0; k < candidates.size(); ++k)
            generation.frontCandidateIds.push_back(g == 0 ? store::RunStore::newCandidateRef(k) : candidates[k].id);
        if (g == sweeps - 1 && pruningSteps > 0)
            generation.records.push_back(
                {search::kGramPruningRecordKind, search::toJson(gramPruning(candidates, pruningSteps))});
        const std::vector<std::int64_t> ids = writer.commitGeneration(run.runId, generation, batch);
        for (std::size_t k = 0; k < ids.size(); ++k)
            candidates[k].id = ids[k];
    }
    writer.setRunStatus(run.runId, status);
    run.candidates = candidates;
    return run;
}

/// Commits one more generation with the sweep record of `sweep` (a run another process writes).
inline void appendGramSweep(const std::string& db, std::int64_t runId, int sweep, int nodes) {
    store::RunStore writer = search::openRunStore(db);
    store::GenerationRecord generation;
    generation.generation = sweep;
    generation.evaluations = 8;
    generation.records.push_back({search::kGramSweepRecordKind, search::toJson(gramSweep(sweep, nodes))});
    writer.commitGeneration(runId, generation, {});
}

} // namespace edgenas::app::test
