#pragma once

#include "search/method_descriptor.h"

#include <string>
#include <vector>

namespace edgenas::search {

/// NSGA-II parameters (Deb et al. 2002). Population size and budget come from RunConfig.
struct Nsga2Settings {
    double crossoverProbability = 0.9;  ///< chance a selected pair is crossed (uniform crossover)
    double mutationRate = -1.0;         ///< per gene; <= 0 means 1 / number of genes
    /// Children tried per wanted offspring before a generation gives up on finding new networks
    /// (a small space can run out of unseen ones).
    int duplicateRetries = 20;
};

/// Parses {"crossover": p, "mutation_rate": r, "duplicate_retries": n}; throws core::InputError
/// naming the offending key as "settings.<key>".
Nsga2Settings nsga2SettingsFromJson(const std::string& json);
/// The settings' schema (keys, ranges, defaults, help) the parse checks its input against.
const std::vector<SettingDescriptor>& nsga2SettingsSchema();

} // namespace edgenas::search
