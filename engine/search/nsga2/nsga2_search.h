#pragma once

#include "search/method_descriptor.h"
#include "search/search_method.h"

#include "spaces/rng.h"

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

/// NSGA-II over a search space's genomes: constrained domination (feasible first, then by
/// violation), crowded binary tournament, the space's uniform crossover and mutation, no
/// network evaluated twice (canonical hash), elitist survival over parents plus offspring.
class Nsga2Search : public SearchMethod {
public:
    explicit Nsga2Search(Nsga2Settings settings = {});

    std::string name() const override { return "nsga2"; }
    void initialise(SearchContext& context) override;
    void restore(SearchContext& context, const std::string& stateJson) override;
    void step(SearchContext& context) override;
    std::string saveState() const override;
    void applySteering(SearchContext& context) override;
    void inject(SearchContext& context, const std::string& hash) override;
    bool finished(const SearchContext& context) const override;
    std::vector<std::string> population() const override { return m_population; }

    const Nsga2Settings& settings() const { return m_settings; }

private:
    void rescore(SearchContext& context);

    Nsga2Settings m_settings;
    spaces::Rng m_rng;
    std::vector<std::string> m_population;  ///< hashes
    std::vector<int> m_rank;                ///< for the next tournament, as survival left them
    std::vector<double> m_crowding;
    std::vector<std::string> m_injected;    ///< join the next survival
    bool m_stalled = false;                 ///< no unseen network could be produced
};

} // namespace edgenas::search
