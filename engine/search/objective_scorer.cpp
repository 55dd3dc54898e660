#include "objective_scorer.h"

#include "core/metric_catalog.h"

#include "core/errors.h"
#include "run_config.h"

#include <algorithm>
#include <limits>

namespace edgenas::search {

namespace {
// Large but finite: the sorting code rejects NaN and the hypervolume code non-finite values.
constexpr double kWorst = 1e300;
} // namespace

std::string metricForObjective(const std::string& objective) {
    return core::MetricCatalog::global().metricForObjective(objective);
}

ObjectiveScorer::ObjectiveScorer(std::vector<std::string> objectives, std::map<std::string, double> constraints,
                                 std::map<std::string, double> lowerBounds) {
    setObjectives(std::move(objectives));
    for (const auto& [name, bound] : lowerBounds)
        setLowerBound(name, bound);
    for (const auto& [name, bound] : constraints)
        setConstraint(name, bound);
}

void ObjectiveScorer::setObjectives(std::vector<std::string> objectives) {
    if (objectives.empty())
        throw core::InputError("at least one objective is needed");
    for (std::size_t i = 0; i < objectives.size(); ++i) {
        metricForObjective(objectives[i]);
        if (std::find(objectives.begin(), objectives.begin() + static_cast<std::ptrdiff_t>(i), objectives[i]) !=
            objectives.begin() + static_cast<std::ptrdiff_t>(i))
            throw core::InputError("objective '" + objectives[i] + "' named twice");
    }
    m_objectives = std::move(objectives);
}

void ObjectiveScorer::setConstraint(const std::string& name, double bound) {
    // A bound is an upper one: a maximised figure cannot have one.
    if (core::MetricCatalog::global().require(name).maximised())
        throw core::InputError("bounds are upper bounds on costs; '" + name + "' is maximised");
    metricForObjective(name);
    if (!(bound > 0))
        throw core::InputError("bound on '" + name + "' must be a positive number");
    m_constraints[name] = bound;
}

void ObjectiveScorer::clearConstraint(const std::string& name) { m_constraints.erase(name); }

void ObjectiveScorer::setLowerBound(const std::string& name, double bound) {
    metricForObjective(name);
    if (!(bound > 0))
        throw core::InputError("lower bound on '" + name + "' must be a positive number");
    m_lowerBounds[name] = bound;
}

void ObjectiveScorer::clearLowerBound(const std::string& name) { m_lowerBounds.erase(name); }

std::vector<std::string> ObjectiveScorer::requiredMetrics() const {
    std::vector<std::string> out;
    auto add = [&out](const std::string& objective) {
        const std::string metric = metricForObjective(objective);
        if (std::find(out.begin(), out.end(), metric) == out.end())
            out.push_back(metric);
    };
    for (const auto& o : m_objectives)
        add(o);
    for (const auto& [name, bound] : m_constraints)
        add(name);
    for (const auto& [name, bound] : m_lowerBounds)
        add(name);
    return out;
}

bool ObjectiveScorer::complete(const core::Candidate& candidate) const {
    if (candidate.status == "failed")
        return false;
    for (const auto& metric : requiredMetrics())
        if (!candidate.metric(metric))
            return false;
    return true;
}

moo::Point ObjectiveScorer::point(const core::Candidate& candidate) const {
    moo::Point p;
    if (!complete(candidate)) {
        p.objectives.assign(m_objectives.size(), kWorst);
        p.violation = kWorst;
        return p;
    }
    for (const auto& o : m_objectives) {
        const double v = candidate.metric(metricForObjective(o))->value;
        p.objectives.push_back(isMaximised(o) ? -v : v);
    }
    p.violation = violation(candidate);
    return p;
}

double ObjectiveScorer::violation(const core::Candidate& candidate) const {
    double total = 0.0;
    for (const auto& [name, bound] : m_constraints) {
        const core::Metric* m = candidate.metric(metricForObjective(name));
        if (!m)
            return kWorst;
        total += std::max(0.0, (m->value - bound) / bound);
    }
    for (const auto& [name, bound] : m_lowerBounds) {
        const core::Metric* m = candidate.metric(metricForObjective(name));
        if (!m)
            return kWorst;
        total += std::max(0.0, (bound - m->value) / bound);
    }
    return total;
}

} // namespace edgenas::search
