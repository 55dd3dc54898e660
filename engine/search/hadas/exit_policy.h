#pragma once

#include "dynamic_cost.h"
#include "exit_table.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edgenas::search {

/// How a dynamic network decides where a sample leaves.
enum class ExitRule {
    /// The first chosen exit whose top-1 class is right, else the final head. It needs the label,
    /// so it is an upper bound, not deployable (the accuracy HADAS's figures most likely show).
    Oracle,
    /// The first chosen exit whose calibrated confidence passes the threshold, else the final head.
    Threshold,
    /// HADAS's public code: the unweighted mean, over the chosen exits and the final head, of each
    /// one's own accuracy and of the cost of the network truncated there (prefix + that head
    /// only), as if samples left evenly at every exit.
    Mean,
};

/// "oracle", "threshold", "mean".
std::string_view toString(ExitRule rule);
std::optional<ExitRule> exitRuleFromString(std::string_view text);
/// False for the oracle: it reads the label to pick the exit.
bool isDeployable(ExitRule rule);
/// "upper bound, not deployable" for the oracle, "" otherwise: shown wherever its figures are.
std::string_view deployabilityLabel(ExitRule rule);

/// How a confidence is compared with the threshold.
enum class ThresholdTest {
    /// confidence > tau (the default): tau = 1.0 never exits, since a softmax is at most 1, so
    /// the gene's top value is the static backbone (paying for the heads it runs); tau = 0 exits
    /// every sample at the first chosen head, since a max softmax is at least 1 / classes.
    Above,
    /// confidence >= tau: the notes' formal rule; tau = 1.0 lets out samples whose float
    /// confidence rounded to exactly 1.
    AtLeast,
};

/// One way of running a backbone with exits: which heads, which rule, which threshold.
struct ExitChoice {
    std::vector<int> exitBlocks;  ///< chosen heads by the block they read; any order, no repeats
    ExitRule rule = ExitRule::Threshold;
    double threshold = 1.0;       ///< Threshold only; in [0, 1]
    ThresholdTest test = ThresholdTest::Above;
};

/// Where the samples of a table leave under one choice. It does not depend on the DVFS point, so
/// a search routes a choice once and prices it at many points.
struct ExitRouting {
    ExitRule rule = ExitRule::Threshold;
    bool deployable = true;
    double threshold = 0.0;
    ThresholdTest test = ThresholdTest::Above;
    std::vector<int> exitBlocks;       ///< the chosen heads, ascending
    /// Share (0..1) of samples leaving at each chosen exit, then at the final head; sums to 1.
    /// Mean: 1 / (chosen + 1) each.
    std::vector<double> exitRates;
    /// Share of samples that evaluate each chosen head (they reach it: leave there or later).
    /// Mean: the exit's own rate (a truncated network runs only its own head).
    std::vector<double> headShare;
    std::vector<double> exitAccuracy;  ///< each chosen head alone on every sample, then the final head
    double accuracy = 0.0;             ///< of the dynamic network, 0..1 (oracle: an upper bound)
    int samples = 0;
};

/// A routing priced at one DVFS point: expected cost per sample (modelled, like the profile).
struct ExitEvaluation {
    ExitRouting routing;
    std::string operatingPoint;
    double expectedLatencyMs = 0.0;
    double expectedEnergyMj = 0.0;
};

/// Applies exit rules to one backbone's exit table. Construction precomputes, per sample, a bit
/// mask of the heads that are right; a threshold's masks of the heads whose confidence passes are
/// computed on first use and kept, so routing a choice costs one pass over the samples with a
/// few bit operations each. Thread-safe: route and evaluate may run concurrently.
class ExitPolicy {
public:
    /// At most kMaxExits heads. Throws core::InputError for a table without samples, heads with
    /// other sample counts than the final head, blocks not strictly ascending, or confidences
    /// outside [0, 1].
    explicit ExitPolicy(ExitTable table);

    static constexpr int kMaxExits = 64;

    const ExitTable& table() const { return m_table; }
    int samples() const { return m_samples; }

    /// Throws core::InputError for a block without a head in the table, a repeated block or a
    /// threshold outside [0, 1].
    ExitRouting route(const ExitChoice& choice) const;
    /// route() and price().
    ExitEvaluation evaluate(const ExitChoice& choice, const DynamicCostProfile& cost) const;

    /// Expected cost of a routing: a sample leaving at chosen exit k pays prefix(k) plus every
    /// chosen head up to and including k; one leaving at the final head pays the full network plus
    /// every chosen head. Throws core::InputError when the profile lacks a chosen block's prefix
    /// or head.
    static ExitEvaluation price(const ExitRouting& routing, const DynamicCostProfile& cost);

private:
    using PassMasks = std::vector<std::uint64_t>;
    std::shared_ptr<const PassMasks> passMasks(double threshold, ThresholdTest test) const;

    ExitTable m_table;
    int m_samples = 0;
    std::vector<std::uint64_t> m_correct;   ///< per sample: bit e = head e is right
    std::vector<std::uint8_t> m_finalCorrect;
    std::vector<double> m_exitAccuracy;     ///< per head of the table
    double m_finalAccuracy = 0.0;

    mutable std::mutex m_cacheMutex;
    mutable std::map<std::pair<double, int>, std::shared_ptr<const PassMasks>> m_passCache;
};

} // namespace edgenas::search
