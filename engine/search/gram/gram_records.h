#pragma once

#include "core/candidate.h"

#include <string>
#include <vector>

namespace edgenas::search {

/// Record kinds a GRAM run stores with its generations (store::GenerationRecord::records).
inline constexpr const char* kGramSweepRecordKind = "gram.sweep/1";
inline constexpr const char* kGramPruningRecordKind = "gram.pruning/1";

/// The meta-graph after one sweep: what the meta-graph view replays. Matrices are nodes x nodes,
/// row-major, meaningful for i < j only (edge i -> j).
struct GramSweepRecord {
    int sweep = 0;                        ///< 0 = the initial state, before any sweep
    int nodes = 0;
    std::vector<std::string> ops;         ///< operator names, the columns of opProbability
    std::vector<double> edgeLogit;        ///< W_ij
    std::vector<double> edgeProbability;  ///< sigma(W_ij / tau)
    std::vector<std::vector<double>> opProbability;  ///< per node; node 0 has none (empty row)
    double edgeEntropyBits = 0.0;         ///< mean Bernoulli entropy over the edges
    double opEntropyBits = 0.0;           ///< mean operator entropy over nodes 1..n-1
    double baseline = 0.0;                ///< the reward baseline b after the sweep
    std::vector<int> currentGenome;       ///< the chain's current graph (DAG space genome)
    std::string currentHash;
    double currentReward = 0.0;
    std::string bestHash;                 ///< best reward seen so far in the run
    double bestReward = 0.0;
    int variantsScored = 0;               ///< in this sweep, cached ones included
    int variantsNew = 0;                  ///< of those, evaluated for the first time

    friend bool operator==(const GramSweepRecord&, const GramSweepRecord&) = default;
};

/// One edge removed by structure-level pruning, with the graph it leaves.
struct GramPruningStep {
    int from = 0;
    int to = 0;
    double edgeLogit = 0.0;
    std::string hash;   ///< candidate identity of the graph after the removal
    double macs = 0.0;
    double params = 0.0;
    double latencyMs = -1.0;        ///< from the run's cost source; -1 when none
    double proxyReward = 0.0;       ///< NaN unless the pruning was proxy-validated

    friend bool operator==(const GramPruningStep&, const GramPruningStep&) = default;
};

/// A member of the pruned family: the first graph at or below a MAC budget.
struct GramFamilyMember {
    double budgetFraction = 1.0;    ///< of the most probable graph's MACs
    std::string hash;
    double macs = 0.0;
    double params = 0.0;
    double latencyMs = -1.0;
    double validationAccuracy = -1.0;  ///< trained, -1 until trained
    double testAccuracy = -1.0;        ///< trained, -1 until trained
    /// Top-1 (%) per million parameters and per million MACs, on the test split.
    double densityPerMParams = -1.0;
    double densityPerMMacs = -1.0;

    friend bool operator==(const GramFamilyMember&, const GramFamilyMember&) = default;
};

struct GramPruningRecord {
    std::string startHash;          ///< the most probable graph of the final meta-graph
    std::vector<int> startGenome;
    double startMacs = 0.0;
    double startParams = 0.0;
    double startLatencyMs = -1.0;
    std::string latencySource;      ///< provenance of the latencies ("modelled", "table", ...)
    std::vector<GramPruningStep> steps;
    std::vector<GramFamilyMember> family;

    friend bool operator==(const GramPruningRecord&, const GramPruningRecord&) = default;
};

std::string toJson(const GramSweepRecord& record);
std::string toJson(const GramPruningRecord& record);
/// Throw core::InputError naming the record kind when the JSON is damaged.
GramSweepRecord gramSweepRecordFromJson(const std::string& json);
GramPruningRecord gramPruningRecordFromJson(const std::string& json);

} // namespace edgenas::search
