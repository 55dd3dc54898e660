#pragma once

#include "search/method_descriptor.h"

#include <string>
#include <vector>

namespace edgenas::search {

/// GRAM's parameters (research notes, methods-hadas-gram.md 2.4 and 2.5). The space (nodes,
/// stages, width) comes from the run's config; the evaluation budget caps the sweeps too.
struct GramSettings {
    int variants = 4;                 ///< K: variants of one node drawn per Gibbs step
    int maxSweeps = 10;               ///< stop after this many sweeps
    double entropyStopBits = 0.2;     ///< or once the mean edge entropy falls below this
    double samplingTemperature = 1.0; ///< tau in sigma(W / tau) and softmax(U / tau)
    double moveTemperature = 0.5;     ///< T of the move: P(variant) ~ exp(advantage / T)
    double learningRate = 0.5;        ///< eta of the credit update
    double baselineDecay = 0.9;       ///< of the reward baseline (an exponential moving average)
    double costWeight = 0.1;          ///< lambda in R = accuracy - lambda * log10(cost / start cost)
    /// MAC budgets of the pruned family as fractions of the most probable graph's MACs.
    std::vector<double> pruneBudgets{0.75, 0.5, 0.25};
    /// 0: remove the lowest-weight edge; n: try the n lowest and remove the one whose graph scores
    /// the best reward (evaluates those graphs; AutoShrink's proxy-validated pruning).
    int pruneValidationTries = 0;
};

/// Parses the settings block; throws core::InputError naming "settings.<key>".
GramSettings gramSettingsFromJson(const std::string& json);
const std::vector<SettingDescriptor>& gramSettingsSchema();

} // namespace edgenas::search
