#pragma once

#include <span>
#include <vector>

namespace edgenas::moo {

// Exact hypervolume (minimisation) of the region dominated by `points` and bounded by `ref`.
// A point that does not strictly dominate `ref` in every objective contributes nothing (NaN
// coordinates count as not dominating). Dominated and duplicate points are allowed.
// All throw std::invalid_argument when a point's dimension differs from the reference's.

/// Sort by the first objective and sweep: O(n log n).
double hypervolume2d(std::span<const std::vector<double>> points, std::span<const double> ref);

/// Sweep along the third objective keeping the 2-D staircase in a balanced tree and its
/// area up to date (HV3D, Beume et al. 2009): O(n log n).
double hypervolume3d(std::span<const std::vector<double>> points, std::span<const double> ref);

/// The WFG recursion (While, Bradstreet & Barone 2012) for any dimension; exponential in the
/// worst case, meant for small sets and for cross-checking the fast paths.
double hypervolumeWfg(std::span<const std::vector<double>> points, std::span<const double> ref);

/// Picks the fastest exact algorithm for the dimension of `ref`.
double hypervolume(std::span<const std::vector<double>> points, std::span<const double> ref);

} // namespace edgenas::moo
