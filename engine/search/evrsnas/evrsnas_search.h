#pragma once

#include "evrsnas_settings.h"
#include "penalised_fitness.h"

#include "search/search_method.h"

#include "core/rng.h"
#include "data/dataset.h"
#include "spaces/search_space.h"
#include "proxies/rmi_scorer.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace edgenas::search {

/// One architecture trained for real at the end of a run, beside its proxy score.
struct EvrsnasTrained {
    std::string hash;
    double accuracy = 0.0;  ///< validation top-1 after finalEpochs (provenance: trained)
    double phi = 0.0;       ///< RMI similarity (provenance: proxy)
    double psi = 0.0;
    double seconds = 0.0;
};

/// What a run returns: the best feasible architecture ever seen (or, if none met T, the cheapest,
/// with feasible = false), and the final training of the top-k.
struct EvrsnasOutcome {
    std::string hash;
    std::int64_t candidateId = -1;
    bool feasible = false;
    double phi = 0.0;
    double psi = 0.0;
    double fitness = 0.0;
    double threshold = 0.0;
    std::string costMetric;
    /// Where Psi came from, over every candidate scored (costSourceName): "table", "measured",
    /// "modelled" or a mix. The penalty, T and the outcome all use this one source.
    std::string costSource;
    double referenceAccuracy = -1.0;      ///< validation accuracy of the reference (trained)
    double referenceTestAccuracy = -1.0;  ///< on the data set's test split; -1 when unknown
    std::string referenceKey;
    int feasibleInPopulation = 0;
    int populationSize = 0;
    std::string survival;        ///< the survival mode that ran
    std::string mutation;        ///< the mutation variant that ran ("per-gene" or "novel")
    int children = 0;            ///< children bred
    int childrenAlreadySeen = 0; ///< of those, networks already in the cache (no budget spent)
    int generations = 0;         ///< generations bred after the initial population
    std::vector<EvrsnasTrained> trained;
};

/// Reads the outcome a finished evrsnas run stored with its last generation (method state JSON).
std::optional<EvrsnasOutcome> evrsnasOutcomeFromState(const std::string& methodStateJson);

/// HW-EvRSNAS (Sinha et al., WACV 2024): a single-objective genetic algorithm whose fitness is the
/// RMI similarity to a reference model, penalised by how far the hardware cost exceeds the
/// threshold (PenalisedFitness). Population, tournament selection, uniform crossover, per-gene
/// mutation and elitism as in the notes; the budget is RunConfig::evaluations and the context
/// caches scores by canonical hash, so a network seen before costs nothing. When the budget is
/// spent, one more step trains the top-k feasible architectures for real.
///
/// The RMI score travels as candidate metrics "rmi_loss", "rmi_phi" and "rmi_cka" (provenance
/// proxy); Psi is the context's cost metric; T is the context's bound on it, so a threshold
/// changed by steering re-scores the population at once.
class EvrsnasSearch : public SearchMethod {
public:
    explicit EvrsnasSearch(EvrsnasSettings settings = {});
    ~EvrsnasSearch() override;

    std::string name() const override { return "evrsnas"; }
    void initialise(SearchContext& context) override;
    void restore(SearchContext& context, const std::string& stateJson) override;
    void step(SearchContext& context) override;
    std::string saveState() const override;
    void applySteering(SearchContext& context) override;
    void inject(SearchContext& context, const std::string& hash) override;
    bool finished(const SearchContext& context) const override;
    std::vector<std::string> population() const override { return m_population; }

    const EvrsnasSettings& settings() const { return m_settings; }
    /// The current answer (computed over every candidate seen, under the current threshold).
    EvrsnasOutcome outcome(SearchContext& context) const;
    /// F of a candidate under the current threshold; -infinity for failed or unscored ones.
    double fitness(SearchContext& context, const std::string& hash) const;

private:
    void prepare(SearchContext& context);
    PenalisedFitness penalty(SearchContext& context) const;
    void scoreNew(SearchContext& context, const std::vector<std::string>& hashes);
    std::string tournament(SearchContext& context, const std::vector<double>& fitness);
    spaces::Genome breed(SearchContext& context, const std::string& a, const std::string& b);
    void finalTraining(SearchContext& context);
    void report(SearchContext& context, const std::string& what);
    int populationSize(const SearchContext& context) const;

    EvrsnasSettings m_settings;
    core::Rng m_rng;
    std::vector<std::string> m_population;  ///< hashes
    std::vector<std::string> m_injected;
    bool m_exhausted = false;  ///< budget spent or no unseen network could be produced
    bool m_finalDone = false;
    std::vector<EvrsnasTrained> m_trained;
    std::string m_outcomeJson = "null";

    // Rebuilt by prepare() on initialise and restore; not part of the state.
    std::shared_ptr<const data::Dataset> m_train;
    std::unique_ptr<proxies::RmiScorer> m_scorer;
    double m_referenceAccuracy = -1.0;
    std::string m_referenceKey;
    int m_workers = 1;
    double m_referenceTestAccuracy = -1.0;
    int m_children = 0;
    int m_childrenSeen = 0;
    int m_staleGenerations = 0;  ///< generations in a row without an unseen child
    int m_generationsBred = 0;
};

} // namespace edgenas::search
