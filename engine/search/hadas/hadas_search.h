#pragma once

#include "hadas_judge.h"
#include "hadas_settings.h"

#include "core/rng.h"
#include "search/search_method.h"
#include "spaces/attentive_space.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace edgenas::cost {
struct DeviceProfile;
}

namespace edgenas::search {

/// Makes the judge of a run (the supernet, trained or loaded from the cache) once the context is
/// known; tests pass a cheap deterministic one.
using HadasJudgeFactory = std::function<std::unique_ptr<HadasJudge>(SearchContext&, const HadasSettings&)>;

/// HADAS (Bouzidi et al., DATE 2023; research notes 1.4): an outer NSGA-II over backbones of the
/// attentive space scored by (accuracy, latency, energy) of the static backbone, and for the
/// backbones that survive it an inner NSGA-II over (exit set, threshold, DVFS point) scored by the
/// dynamic model's expected figures. Each committed generation is one step: an outer population
/// evaluated (and its survivors chosen), or one survivor's whole inner search. Parents of the next
/// outer generation are chosen by their inner fronts' knee points. Every candidate lands in the
/// run, inner ones with a level link to their backbone, so the run's front is the global archive
/// of (backbone, exits, DVFS) across generations.
class HadasSearch final : public SearchMethod {
public:
    explicit HadasSearch(HadasSettings settings, HadasJudgeFactory judgeFactory = {});
    ~HadasSearch() override;

    std::string name() const override { return "hadas"; }
    void initialise(SearchContext& context) override;
    void restore(SearchContext& context, const std::string& stateJson) override;
    void step(SearchContext& context) override;
    std::string saveState() const override;
    void applySteering(SearchContext&) override {}
    void inject(SearchContext& context, const std::string& hash) override;
    bool finished(const SearchContext& context) const override;
    std::vector<std::string> population() const override { return m_population; }
    std::vector<core::ResultRecord> takeRunRecords() override;

    /// Hypervolume of the run's non-dominated set in (1 - accuracy, latency / L, energy / E) with
    /// L and E the static latency and energy of the space's largest backbone at the device's
    /// default point; reference point (1, 2, 2). Fixed for a space and device, so runs compare.
    double archiveHypervolume(SearchContext& context);
    const HadasSettings& settings() const { return m_settings; }

private:
    enum class Phase { Inner, Breed, Done };

    void prepare(SearchContext& context);
    std::string evaluateBackbone(SearchContext& context, const spaces::Genome& genome,
                                 const std::vector<std::string>& parents);
    void evaluatePopulation(SearchContext& context, const std::vector<spaces::Genome>& genomes,
                            const std::vector<std::vector<std::string>>& parents);
    void chooseSurvivors(SearchContext& context);
    void searchInner(SearchContext& context, const std::string& backbone);
    void chooseParents(SearchContext& context);
    std::vector<spaces::Genome> breed(SearchContext& context, std::vector<std::vector<std::string>>& parents);
    std::vector<spaces::Genome> sampleBackbones(SearchContext& context, std::vector<std::vector<std::string>>& parents);
    bool random() const { return m_settings.strategy == "random"; }
    void finishIfDone(SearchContext& context);

    HadasSettings m_settings;
    HadasJudgeFactory m_judgeFactory;
    std::unique_ptr<HadasJudge> m_judge;
    const spaces::AttentiveSpace* m_space = nullptr;
    const cost::DeviceProfile* m_device = nullptr;
    core::Rng m_rng;
    Phase m_phase = Phase::Inner;
    int m_outerGeneration = 0;
    std::vector<std::string> m_population;  ///< this outer generation's backbones
    std::vector<std::string> m_survivors;   ///< of them, those that get an inner search
    std::size_t m_nextSurvivor = 0;
    std::vector<std::string> m_searched;    ///< backbones with an inner search, in order
    std::map<std::string, std::string> m_knee;  ///< backbone -> its inner front's knee
    std::vector<std::string> m_parents;
    std::vector<std::string> m_injected;
    double m_referenceLatencyMs = 0.0;
    double m_referenceEnergyMj = 0.0;
    std::vector<core::ResultRecord> m_runRecords;
};

} // namespace edgenas::search
