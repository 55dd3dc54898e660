#pragma once

#include "candidate_evaluator.h"
#include "evaluation_cache.h"
#include "objective_scorer.h"
#include "run_config.h"
#include "search_control.h"
#include "search_observer.h"

#include "moo/point.h"
#include "spaces/search_space.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace edgenas::search {

/// What a search method may use: the config, the space, evaluation (cached by canonical hash,
/// budget counted), the current objectives/bounds, and logging. Owned by the SearchRunner,
/// which also reads back the candidates evaluated since the last commit.
class SearchContext {
public:
    SearchContext(RunConfig config, const spaces::SearchSpace& space, EvaluatorProvider& evaluators,
                  SearchControl& control, SearchObserver& observer);

    const RunConfig& config() const { return m_config; }
    const spaces::SearchSpace& space() const { return m_space; }
    const ObjectiveScorer& scorer() const { return m_scorer; }
    ObjectiveScorer& scorer() { return m_scorer; }
    SearchControl& control() { return m_control; }

    int generation() const { return m_generation; }
    void setGeneration(int generation) { m_generation = generation; }
    int evaluationsUsed() const { return m_evaluations; }
    void setEvaluationsUsed(int used) { m_evaluations = used; }
    int budget() const { return m_config.evaluations; }
    bool budgetLeft() const { return m_evaluations < m_config.evaluations; }

    /// Canonical hash of the genome's network (decodes it).
    std::string hashOf(const spaces::Genome& genome) const;
    bool known(const std::string& hash) const { return m_cache.contains(hash); }

    /// Evaluates the genome, or returns the cached candidate (no budget spent; `cached` set).
    /// Parents are hashes of known candidates. Throws core::Cancelled when a stop was requested;
    /// an evaluator failure gives a candidate with status "failed" (it still costs budget).
    const core::Candidate& evaluate(const spaces::Genome& genome, const std::vector<std::string>& parents = {},
                                    bool* cached = nullptr, const std::string& status = "evaluated");
    /// Adds a candidate the method evaluated itself (HADAS's supernet accuracy, its dynamic models
    /// with exits and a DVFS point): `candidate.hash` must be its identity and its metrics complete.
    /// A known identity returns the cached candidate (no budget spent; `cached` set); otherwise it
    /// counts as one evaluation and reaches the observer. Generation and status are set here.
    /// Throws core::Cancelled when a stop was requested.
    const core::Candidate& add(core::Candidate candidate, const std::vector<std::string>& parents = {},
                               bool* cached = nullptr);
    const core::Candidate& candidate(const std::string& hash) const { return m_cache.at(hash); }
    spaces::Genome genomeOf(const std::string& hash) const;

    /// The optimiser's view of a candidate under the current objectives and bounds. Metrics an
    /// objective added by steering needs are computed on first use (kept in memory only).
    moo::Point point(const std::string& hash);

    /// Feasible non-dominated candidates among everything evaluated, in evaluation order.
    std::vector<std::string> front();
    /// Hypervolume of those in normalised space: accuracy as 1 - accuracy, other objectives divided
    /// by a scale fixed at first use (the largest value then seen); reference 1.1 in every axis.
    double hypervolume(const std::vector<std::string>& front);

    void log(LogLevel level, const std::string& message);

    /// Figures a method learns about a candidate after its evaluation (HW-EvRSNAS's final
    /// training): added to the cached candidate now and, if it is already stored, written to the
    /// store with the next commit. Names the candidate already has are skipped.
    void addMetrics(const std::string& hash, const std::vector<core::Metric>& metrics);

    /// Computes a metric the candidate lacks with the run's evaluators (a method's finalists'
    /// "test_accuracy") and adds what they return like addMetrics. Throws core::InputError when
    /// nothing can produce it, core::Cancelled on stop. Returns the candidate.
    const core::Candidate& measure(const std::string& hash, const std::string& metric);
    /// Figures of a network that is not a candidate (a pruning step), from the run's evaluators:
    /// neither cached nor stored nor counted against the budget. Throws as measure().
    std::vector<core::Metric> figuresOf(const core::Architecture& architecture, const std::vector<std::string>& metrics);

    /// Finds the evaluator of every metric the objectives and bounds need, so a missing data set
    /// or device is reported as an error at once instead of failing every candidate.
    void prepareEvaluators();

    // For the runner.
    EvaluationCache& cache() { return m_cache; }
    /// Replaces the wait between evaluations while paused (SearchControl::waitWhilePaused), so the
    /// runner can record the pause; returns false when a stop was requested.
    void setPauseGate(std::function<bool()> gate) { m_pauseGate = std::move(gate); }
    /// Hashes evaluated since the last call, in order.
    std::vector<std::string> takeNew();
    /// Metrics added to stored candidates since the last call, by store id, in order.
    std::vector<std::pair<std::int64_t, std::vector<core::Metric>>> takeLateMetrics();
    const std::vector<std::string>& parentsOf(const std::string& hash) const;
    /// Objectives, bounds and scales as JSON, so a resumed run scores exactly like the original.
    std::string stateJson() const;
    void restoreState(const std::string& json);

private:
    void ensureMetrics(core::Candidate& candidate);

    RunConfig m_config;
    const spaces::SearchSpace& m_space;
    EvaluatorProvider& m_evaluators;
    SearchControl& m_control;
    SearchObserver& m_observer;
    ObjectiveScorer m_scorer;
    EvaluationCache m_cache;
    std::vector<std::string> m_new;
    std::vector<std::pair<std::int64_t, std::vector<core::Metric>>> m_lateMetrics;
    std::map<std::string, std::vector<std::string>> m_parents;
    std::map<std::string, double> m_scales;
    int m_generation = 0;
    int m_evaluations = 0;
    std::function<bool()> m_pauseGate;
};

} // namespace edgenas::search
