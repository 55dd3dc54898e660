#pragma once

#include "evrsnas_settings.h"

#include "search/run_config.h"
#include "search/search_control.h"
#include "search/search_observer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace edgenas::search {

/// Sizes of the evidence experiments; the defaults fit a few minutes each on two cores.
struct ExperimentOptions {
    int architectures = 30;      ///< proxy: random architectures trained and scored
    int trainEpochs = 1;         ///< proxy and comparison: the "true" accuracy's training
    int trainSubset = 5000;      ///< training samples for it (0 = all)
    int seeds = 5;               ///< comparison: seeds per threshold
    std::vector<double> quantiles{0.25, 0.5, 0.75};  ///< comparison: thresholds as quantiles of Psi
    int throughputCandidates = 8;  ///< throughput: candidates timed per setting
    int throughputBatch = 128;
};

/// One figure of an experiment, as printed and stored.
struct ExperimentLine {
    std::string label;
    std::vector<std::pair<std::string, double>> values;
};

/// What an experiment found: one stored run (or several, for searches) and the figures.
struct ExperimentReport {
    std::string name;
    std::vector<std::int64_t> runIds;
    std::vector<ExperimentLine> lines;
    std::string summary;  ///< one sentence with the headline figure
};

/// The evidence that HW-EvRSNAS works (issue 4), each written to the run store and returned:
/// proxy validity (Kendall tau of RMI vs trained accuracy), search quality against random search
/// with the same evaluations and proxy, the end-to-end result at half the reference's measured
/// latency, and scoring throughput at K = 0 and the configured K.
class EvrsnasExperiment {
public:
    /// `base` is an evrsnas run config (data set, space, device, settings JSON, budget).
    EvrsnasExperiment(std::string databasePath, RunConfig base, ExperimentOptions options, SearchControl& control,
                      SearchObserver& observer);

    ExperimentReport proxyValidity();
    ExperimentReport versusRandom();
    ExperimentReport endToEnd();
    ExperimentReport throughput();

private:
    std::string m_path;
    RunConfig m_base;
    EvrsnasSettings m_settings;
    ExperimentOptions m_options;
    SearchControl& m_control;
    SearchObserver& m_observer;
};

} // namespace edgenas::search
