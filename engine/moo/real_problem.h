#pragma once

#include "moo/point.h"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace edgenas::moo {

/// Closed range of one decision variable.
struct VariableBounds {
    double lower = 0.0;
    double upper = 1.0;

    friend bool operator==(const VariableBounds&, const VariableBounds&) = default;
};

/// A continuous multi-objective problem for RealNsga2: box-bounded variables in, objectives
/// to minimise plus a constraint violation out. evaluate() must be deterministic.
class RealProblem {
public:
    virtual ~RealProblem() = default;

    virtual std::string name() const = 0;
    virtual std::vector<VariableBounds> bounds() const = 0;
    virtual std::size_t numObjectives() const = 0;
    virtual Point evaluate(std::span<const double> x) const = 0;
};

} // namespace edgenas::moo
