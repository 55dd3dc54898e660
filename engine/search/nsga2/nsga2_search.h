#pragma once

#include "nsga2_settings.h"

#include "search/search_method.h"

#include "spaces/rng.h"

#include <string>
#include <vector>

namespace edgenas::search {

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
