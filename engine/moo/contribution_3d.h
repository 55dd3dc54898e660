#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <vector>

namespace edgenas::moo {

/// The exclusive hypervolume a new point q adds to a set of three-objective points, gathered
/// member by member: contribution = volume(q's box) - volume the members already cover inside
/// that box. Each member clipped to q's box falls in one of a few shapes, so most of them can be
/// summarised while scanning and only the few that bound the box's covered part reach the sweep:
///   better than q in two objectives -> a column over q: only the lowest per column matters;
///   better in one objective          -> a point on one of q's faces: a 2-D staircase per face;
///   better in none (q dominates it)  -> the member itself.
/// Used by ParetoArchive once it knows a point enters.
class Contribution3d {
public:
    /// Starts a new point q (strictly inside `ref`, the caller checks) against reference `ref`.
    void begin(std::span<const double> q, std::span<const double> ref);
    /// The members, three values each, row after row.
    void offer(const double* members, std::size_t count);

    /// q's exclusive contribution with respect to every member offered since begin().
    double volume();

private:
    std::array<double, 3> m_q{};
    std::array<double, 3> m_ref{};
    std::array<double, 3> m_columnTop{};  ///< lowest coordinate j of members better than q elsewhere
    std::array<std::vector<std::array<double, 2>>, 3> m_face;  ///< better only in k: the other two
    std::vector<std::vector<double>> m_inside;  ///< members q dominates
};

} // namespace edgenas::moo
