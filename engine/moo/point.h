#pragma once

#include <span>
#include <vector>

namespace edgenas::moo {

/// One evaluated solution as the optimiser sees it: objectives to MINIMISE (negate what you
/// maximise, e.g. accuracy) and a total constraint violation, 0 when feasible.
struct Point {
    std::vector<double> objectives;
    double violation = 0.0; ///< >= 0; the sum of how far each constraint is broken

    bool feasible() const { return !(violation > 0.0); }

    friend bool operator==(const Point&, const Point&) = default;
};

/// The objective vectors of the feasible points, in order; what hypervolume should see.
inline std::vector<std::vector<double>> feasibleObjectives(std::span<const Point> points) {
    std::vector<std::vector<double>> out;
    out.reserve(points.size());
    for (const Point& p : points)
        if (p.feasible())
            out.push_back(p.objectives);
    return out;
}

} // namespace edgenas::moo
