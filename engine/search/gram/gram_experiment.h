#pragma once

#include "search/run_config.h"
#include "search/search_control.h"
#include "search/search_observer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace edgenas::search {

struct GramExperimentOptions {
    int seeds = 3;
    std::vector<std::string> methods{"gram", "nsga2", "random"};
    bool widthComparison = true;
    /// Score the runs already stored (finished ones) and start or resume none.
    bool reportOnly = false;
    /// Where the width-multiplied networks' figures are kept between invocations; empty = the
    /// machine's default artefact folder.
    std::string cacheFolder;
};

/// One search of the comparison, scored on the shared reference.
struct GramComparisonRun {
    std::string method;
    std::uint64_t seed = 0;
    std::int64_t runId = -1;
    std::string status;
    int networks = 0;          ///< distinct networks evaluated (GRAM's family included)
    double hypervolume = 0.0;  ///< of (1 - trained accuracy, latency), normalised by the reference box
    int frontSize = 0;
    double bestAccuracy = 0.0;
};

/// A pruned family member beside the most probable graph made narrower to the same MACs.
struct GramWidthComparison {
    std::uint64_t seed = 0;
    double budgetFraction = 0.0;
    double prunedMacs = 0.0, prunedParams = 0.0, prunedValidation = -1.0, prunedTest = -1.0;
    int widthChannels = 0;  ///< C of the narrowed graph (the run's C for the whole one)
    double widthMacs = 0.0, widthParams = 0.0, widthValidation = -1.0, widthTest = -1.0;
};

struct GramExperimentReport {
    std::vector<GramComparisonRun> runs;
    std::vector<GramWidthComparison> widths;
    double referenceLatency = 0.0;  ///< the reference point is (1 - accuracy = 1, this latency)
    std::string latencyMetric;
    std::string latencySource;      ///< provenance of the latencies scored
    bool complete = false;          ///< false when stopped early: run the command again to go on
};

/// GRAM against NSGA-II and random search on the DAG space at equal evaluations, every run stored
/// in the database under a name that lets the experiment resume (a finished run is reused, an
/// interrupted one resumed), and GRAM's pruned families against width-multiplied versions of the
/// same graph at equal MACs (trained as the run trains, measured on the test split, figures kept
/// in the artefact cache).
class GramExperiment {
public:
    /// `base` is a GRAM run config (space, data set, device, training, budget, GRAM settings).
    GramExperiment(std::string databasePath, RunConfig base, GramExperimentOptions options, SearchControl& control,
                   SearchObserver& observer);
    GramExperimentReport run();

private:
    void widthComparison(std::int64_t runId, std::uint64_t seed, GramExperimentReport& report);

    std::string m_databasePath;
    RunConfig m_base;
    GramExperimentOptions m_options;
    SearchControl& m_control;
    SearchObserver& m_observer;
};

} // namespace edgenas::search
