#include "search_context.h"

#include "run_space.h"

#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "core/errors.h"
#include "moo/hypervolume.h"
#include "moo/pareto_sort.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>

namespace edgenas::search {

namespace {
constexpr double kReference = 1.1;
} // namespace

SearchContext::SearchContext(RunConfig config, const spaces::SearchSpace& space, EvaluatorProvider& evaluators,
                             SearchControl& control, SearchObserver& observer)
    : m_config(std::move(config)), m_space(space), m_evaluators(evaluators), m_control(control),
      m_observer(observer), m_scorer(m_config.objectives, m_config.constraints, m_config.lowerBounds) {}

std::string SearchContext::hashOf(const spaces::Genome& genome) const {
    return core::canonicalHash(m_space.decode(genome));
}

spaces::Genome SearchContext::genomeOf(const std::string& hash) const {
    return spaces::genomeFromIntList(m_cache.at(hash).genome);
}

void SearchContext::ensureMetrics(core::Candidate& candidate) {
    if (candidate.status == "failed")
        return;
    std::vector<std::string> missing;
    for (const auto& metric : m_scorer.requiredMetrics())
        if (!candidate.metric(metric))
            missing.push_back(metric);
    if (missing.empty())
        return;
    const core::Architecture arch = core::architectureFromJson(candidate.architectureJson);
    const CancelCheck cancel = [this] { return m_control.stopRequested(); };
    for (const auto& metric : missing) {
        if (candidate.metric(metric)) // an earlier evaluator of this loop produced it too
            continue;
        CandidateEvaluator& evaluator = m_evaluators.evaluatorFor(metric);
        for (core::Metric& m : evaluator.evaluate(arch, cancel))
            if (!candidate.metric(m.name))
                candidate.metrics.push_back(std::move(m));
    }
}

const core::Candidate& SearchContext::evaluate(const spaces::Genome& genome, const std::vector<std::string>& parents,
                                               bool* cached, const std::string& status) {
    // Pause between evaluations too: a generation can take minutes.
    if (!(m_pauseGate ? m_pauseGate() : m_control.waitWhilePaused()))
        throw core::Cancelled();
    prepareEvaluators();
    const core::Architecture arch = m_space.decode(genome);
    const std::string hash = core::canonicalHash(arch);
    if (core::Candidate* hit = m_cache.find(hash)) {
        if (cached)
            *cached = true;
        ensureMetrics(*hit);
        return *hit;
    }
    if (cached)
        *cached = false;

    core::Candidate c;
    c.generation = m_generation;
    c.hash = hash;
    c.genome = spaces::genomeToIntList(genome);
    c.architectureJson = candidateArchitectureJson(arch);
    c.status = status;
    try {
        ensureMetrics(c);
    } catch (const core::Cancelled&) {
        throw;
    } catch (const std::exception& e) {
        // One bad network must not end the run; it is stored as failed and never survives.
        c.status = "failed";
        c.metrics.clear();
        log(LogLevel::Warning, "candidate " + hash + " failed: " + e.what());
    }
    ++m_evaluations;
    core::Candidate& stored = m_cache.insert(std::move(c));
    m_new.push_back(hash);
    m_parents[hash] = parents;
    m_observer.candidateEvaluated(stored);
    m_observer.progress(m_evaluations, budget(),
                        budget() > 0 ? std::min(1.0, double(m_evaluations) / budget()) : 1.0);
    return stored;
}

const core::Candidate& SearchContext::add(core::Candidate candidate, const std::vector<std::string>& parents,
                                          bool* cached) {
    if (!(m_pauseGate ? m_pauseGate() : m_control.waitWhilePaused()))
        throw core::Cancelled();
    if (core::Candidate* hit = m_cache.find(candidate.hash)) {
        if (cached)
            *cached = true;
        return *hit;
    }
    if (cached)
        *cached = false;
    candidate.generation = m_generation;
    candidate.id = -1;
    const std::string hash = candidate.hash;
    ++m_evaluations;
    core::Candidate& stored = m_cache.insert(std::move(candidate));
    m_new.push_back(hash);
    m_parents[hash] = parents;
    m_observer.candidateEvaluated(stored);
    m_observer.progress(m_evaluations, budget(),
                        budget() > 0 ? std::min(1.0, double(m_evaluations) / budget()) : 1.0);
    return stored;
}

moo::Point SearchContext::point(const std::string& hash) {
    core::Candidate* c = m_cache.find(hash);
    if (!c)
        throw std::out_of_range("unknown candidate " + hash);
    ensureMetrics(*c);
    return m_scorer.point(*c);
}

std::vector<std::string> SearchContext::front() {
    std::vector<moo::Point> points;
    std::vector<std::string> hashes;
    for (const auto& hash : m_cache.order()) {
        moo::Point p = point(hash);
        if (!p.feasible())
            continue;
        points.push_back(std::move(p));
        hashes.push_back(hash);
    }
    if (points.empty())
        return {};
    const moo::Fronts fronts = moo::nonDominatedSort(points);
    std::vector<std::string> out;
    for (int i : fronts.front()) // ascending indices: evaluation order
        out.push_back(hashes[static_cast<std::size_t>(i)]);
    return out;
}

double SearchContext::hypervolume(const std::vector<std::string>& front) {
    if (front.empty())
        return 0.0;
    const auto& objectives = m_scorer.objectives();
    for (const auto& o : objectives) {
        if (isMaximised(o) || m_scales.count(o))
            continue;
        double largest = 0.0;
        for (const auto& hash : m_cache.order())
            if (const core::Metric* m = m_cache.at(hash).metric(metricForObjective(o)))
                largest = std::max(largest, m->value);
        m_scales[o] = largest > 0 ? largest : 1.0;
    }
    std::vector<std::vector<double>> points;
    for (const auto& hash : front) {
        const core::Candidate& c = m_cache.at(hash);
        std::vector<double> p;
        for (const auto& o : objectives) {
            const double v = c.metric(metricForObjective(o))->value;
            p.push_back(isMaximised(o) ? 1.0 - v : v / m_scales.at(o));
        }
        points.push_back(std::move(p));
    }
    const std::vector<double> ref(objectives.size(), kReference);
    return moo::hypervolume(points, ref);
}

void SearchContext::prepareEvaluators() {
    for (const auto& metric : m_scorer.requiredMetrics())
        m_evaluators.evaluatorFor(metric);
}

void SearchContext::log(LogLevel level, const std::string& message) { m_observer.logLine(level, message); }

std::vector<std::string> SearchContext::takeNew() { return std::exchange(m_new, {}); }

void SearchContext::addMetrics(const std::string& hash, const std::vector<core::Metric>& metrics) {
    core::Candidate* candidate = m_cache.find(hash);
    if (!candidate)
        throw std::logic_error("addMetrics: no candidate " + hash + " in this run");
    std::vector<core::Metric> added;
    for (const core::Metric& metric : metrics) {
        if (candidate->metric(metric.name))
            continue;
        candidate->metrics.push_back(metric);
        added.push_back(metric);
    }
    // A candidate not stored yet takes its metrics along when it is committed.
    if (candidate->id >= 0 && !added.empty())
        m_lateMetrics.emplace_back(candidate->id, std::move(added));
}

const core::Candidate& SearchContext::measure(const std::string& hash, const std::string& metric) {
    core::Candidate* candidate = m_cache.find(hash);
    if (!candidate)
        throw std::logic_error("measure: no candidate " + hash + " in this run");
    if (candidate->metric(metric) || candidate->status == "failed")
        return *candidate;
    CandidateEvaluator& evaluator = m_evaluators.evaluatorFor(metric);
    const CancelCheck cancel = [this] { return m_control.stopRequested(); };
    addMetrics(hash, evaluator.evaluate(core::architectureFromJson(candidate->architectureJson), cancel));
    return *candidate;
}

std::vector<core::Metric> SearchContext::figuresOf(const core::Architecture& architecture,
                                                   const std::vector<std::string>& metrics) {
    const CancelCheck cancel = [this] { return m_control.stopRequested(); };
    std::vector<core::Metric> out;
    auto has = [&out](const std::string& name) {
        for (const core::Metric& m : out)
            if (m.name == name)
                return true;
        return false;
    };
    for (const std::string& metric : metrics) {
        if (has(metric))
            continue;
        for (core::Metric& m : m_evaluators.evaluatorFor(metric).evaluate(architecture, cancel))
            if (!has(m.name))
                out.push_back(std::move(m));
    }
    return out;
}

std::vector<std::pair<std::int64_t, std::vector<core::Metric>>> SearchContext::takeLateMetrics() {
    return std::exchange(m_lateMetrics, {});
}

const std::vector<std::string>& SearchContext::parentsOf(const std::string& hash) const {
    static const std::vector<std::string> kNone;
    auto it = m_parents.find(hash);
    return it == m_parents.end() ? kNone : it->second;
}

std::string SearchContext::stateJson() const {
    nlohmann::json j;
    j["objectives"] = m_scorer.objectives();
    j["constraints"] = m_scorer.constraints();
    j["lower_bounds"] = m_scorer.lowerBounds();
    j["scales"] = m_scales;
    j["evaluations"] = m_evaluations;
    j["generation"] = m_generation;
    return j.dump();
}

void SearchContext::restoreState(const std::string& text) {
    const nlohmann::json j = nlohmann::json::parse(text);
    m_scorer.setObjectives(j.at("objectives").get<std::vector<std::string>>());
    const auto previous = m_scorer.constraints(); // a copy: clearing invalidates the iteration
    for (const auto& [name, bound] : previous)
        m_scorer.clearConstraint(name);
    for (const auto& [name, bound] : j.at("constraints").get<std::map<std::string, double>>())
        m_scorer.setConstraint(name, bound);
    // States written before floors could be steered have none: the config's floors stand.
    if (const auto floors = j.find("lower_bounds"); floors != j.end()) {
        const auto previousFloors = m_scorer.lowerBounds();
        for (const auto& [name, bound] : previousFloors)
            m_scorer.clearLowerBound(name);
        for (const auto& [name, bound] : floors->get<std::map<std::string, double>>())
            m_scorer.setLowerBound(name, bound);
    }
    m_scales = j.at("scales").get<std::map<std::string, double>>();
    m_evaluations = j.at("evaluations").get<int>();
    m_generation = j.at("generation").get<int>();
}

} // namespace edgenas::search
