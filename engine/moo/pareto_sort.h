#pragma once

#include "moo/point.h"

#include <span>
#include <vector>

namespace edgenas::moo {

/// Index sets of the points, best front first; each front lists its indices in ascending order
/// so that every sorting path returns exactly the same value.
using Fronts = std::vector<std::vector<int>>;

/// Pareto dominance for minimisation: a is no worse in every objective and better in one.
bool dominates(std::span<const double> a, std::span<const double> b);
/// a is no worse than b in every objective (equal vectors weakly dominate each other).
bool weaklyDominates(std::span<const double> a, std::span<const double> b);

/// Deb's constrained domination: a feasible point beats an infeasible one; of two infeasible
/// points the smaller violation wins (equal violations: neither); two feasible points compare
/// by Pareto dominance.
bool constrainedDominates(const Point& a, const Point& b);

/// Non-dominated sorting under constrained domination, Deb et al. 2002, O(M N^2) time and
/// O(N^2) memory. The reference definition; nonDominatedSort() is what callers should use.
/// Throws std::invalid_argument on mixed objective counts, NaN objectives or a NaN/negative
/// violation.
Fronts fastNonDominatedSort(std::span<const Point> points);

/// The same fronts for two objectives in O(N log N): feasible points are swept in order of
/// the first objective and each goes to the first front whose last member does not dominate it
/// (found by binary search; Jensen 2003); infeasible points follow, one front per violation.
Fronts nonDominatedSort2d(std::span<const Point> points);

/// Dispatches to nonDominatedSort2d() for two objectives, otherwise fastNonDominatedSort().
Fronts nonDominatedSort(std::span<const Point> points);

/// NSGA-II crowding distance of the members of one front, aligned with `front`. Per objective
/// the members are ordered by value (ties by position in `front`); the first and last get
/// +infinity, the others add (next - previous) / (max - min over the front). An objective with
/// zero range adds nothing to the interior members.
std::vector<double> crowdingDistance(std::span<const Point> points, std::span<const int> front);

} // namespace edgenas::moo
