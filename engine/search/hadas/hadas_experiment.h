#pragma once

#include "search/candidate_evaluator.h"
#include "search/run_config.h"
#include "search/search_control.h"
#include "search/search_observer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace edgenas::search {

struct HadasExperimentOptions {
    int seeds = 3;
    /// Score the runs already stored (finished ones) and start or resume none.
    bool reportOnly = false;
    /// Static powers (W) of the sensitivity sweep; the device profile's own is used in the search.
    std::vector<double> staticPowers{5.0, 6.0, 7.0, 8.0};
    /// Accuracy (0..1) a dynamic model may lose against its static backbone and still count as
    /// "matched accuracy".
    double accuracyTolerance = 0.005;
    /// Tests run a method registered under another name (a stand-in judge) and their own evaluators.
    std::string method = "hadas";
    std::shared_ptr<EvaluatorProvider> evaluators;
};

/// One search of the comparison.
struct HadasExperimentRun {
    std::string strategy;      ///< "nsga2" or "random"
    std::string rule;          ///< "threshold" or "oracle"
    std::uint64_t seed = 0;
    std::int64_t runId = -1;
    std::string status;
    int evaluations = 0;       ///< backbones and dynamic settings evaluated
    double hypervolume = 0.0;  ///< of the run's archive, fixed reference (see HadasSearch::archiveHypervolume)
    int archiveSize = 0;
};

/// Energy of a searched backbone run three ways at (about) its own accuracy, on the validation
/// split: static at maximum clocks, with the cheapest matching exit setting at maximum clocks, and
/// with the cheapest matching exit setting and DVFS point. All modelled.
struct HadasEnergyComparison {
    std::uint64_t seed = 0;
    std::string rule;
    std::int64_t backboneId = -1;
    double staticPowerW = 0.0;
    double accuracy = 0.0;          ///< the static backbone's
    double staticEnergyMj = 0.0;
    double exitsEnergyMj = -1.0;    ///< -1 when no setting matched
    double dvfsEnergyMj = -1.0;
};

struct HadasExperimentReport {
    std::vector<HadasExperimentRun> runs;
    std::vector<HadasEnergyComparison> energy;  ///< for every static power of the sweep
    double referenceLatencyMs = 0.0;  ///< the largest backbone's static latency at the default point
    double referenceEnergyMj = 0.0;
    double profileStaticPowerW = 0.0;
    std::string device;
    std::string supernetSummaryJson;  ///< the first run's "hadas.supernet/1" record (fidelity included)
    bool complete = false;
};

/// HADAS against random search at equal evaluations (the same numbers of backbones, inner
/// searches and settings) over several seeds, with the deployable threshold rule and, for the
/// same seeds, the oracle rule (an upper bound); then the energy saved by exits and by exits with
/// DVFS at matched accuracy, over a sweep of the device's static power. Every run is stored under
/// a name, so the command resumes: a finished run is reused, an interrupted one resumed.
class HadasExperiment {
public:
    HadasExperiment(std::string databasePath, RunConfig base, HadasExperimentOptions options, SearchControl& control,
                    SearchObserver& observer);
    HadasExperimentReport run();

private:
    std::string m_databasePath;
    RunConfig m_base;
    HadasExperimentOptions m_options;
    SearchControl& m_control;
    SearchObserver& m_observer;
};

} // namespace edgenas::search
