#pragma once

#include "core/candidate.h"
#include "moo/point.h"

#include <map>
#include <string>
#include <vector>

namespace edgenas::search {

/// Metric a candidate carries for an objective or bound name: "accuracy" -> "accuracy",
/// "latency" -> "latency_ms", "energy" -> "energy_mj", "macs", "params". Throws core::InputError
/// for an unknown name.
std::string metricForObjective(const std::string& objective);

/// Turns a candidate's metrics into what the optimiser sees under the current objectives and
/// bounds: objectives to minimise (maximised ones negated) and the total violation, the sum of
/// max(0, (v - upper) / upper) over upper bounds and max(0, (lower - v) / lower) over lower
/// bounds. Steering changes it between steps.
class ObjectiveScorer {
public:
    ObjectiveScorer(std::vector<std::string> objectives, std::map<std::string, double> constraints,
                    std::map<std::string, double> lowerBounds = {});

    const std::vector<std::string>& objectives() const { return m_objectives; }
    const std::map<std::string, double>& constraints() const { return m_constraints; }
    const std::map<std::string, double>& lowerBounds() const { return m_lowerBounds; }

    /// Throws core::InputError for unknown names or a non-positive bound.
    void setObjectives(std::vector<std::string> objectives);
    void setConstraint(const std::string& name, double bound);
    void clearConstraint(const std::string& name);
    /// A floor on any objective metric ("accuracy >= 0.8"); throws core::InputError for an
    /// unknown name or a non-positive bound.
    void setLowerBound(const std::string& name, double bound);
    void clearLowerBound(const std::string& name);

    /// Metric names that objectives and bounds need, each once.
    std::vector<std::string> requiredMetrics() const;
    /// True if the candidate has every required metric (failed candidates do not).
    bool complete(const core::Candidate& candidate) const;

    /// Failed or incomplete candidates get the worst possible point, so they never survive.
    moo::Point point(const core::Candidate& candidate) const;
    double violation(const core::Candidate& candidate) const;

private:
    std::vector<std::string> m_objectives;
    std::map<std::string, double> m_constraints;
    std::map<std::string, double> m_lowerBounds;
};

} // namespace edgenas::search
