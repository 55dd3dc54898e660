#pragma once

#include "moo/front_2d.h"
#include "moo/point.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace edgenas::moo {

/// One member of a ParetoArchive: the caller's id (e.g. a candidate's store id) and its
/// objectives.
struct ArchiveEntry {
    std::int64_t id = 0;
    std::vector<double> objectives;

    friend bool operator==(const ArchiveEntry&, const ArchiveEntry&) = default;
};

/// What an insert did: whether the point entered and the ids it pushed out.
struct ArchiveInsert {
    bool inserted = false;
    std::vector<std::int64_t> evicted;
};

/// The non-dominated set of every feasible point offered so far, maintained incrementally.
/// Two objectives: a staircase (Front2d), insert O(log n + evicted), hypervolume at the
/// construction reference kept up to date on every insert and read in O(1). Other counts: a
/// flat list filtered by dominance, O(n M) per insert. Three objectives: the hypervolume at the
/// construction reference is kept up to date by adding each entering point's exclusive
/// contribution (O(n) scan plus a sweep over the few members that bound it). Four or more: computed
/// when asked and cached until the next change. Not thread-safe (the cache is mutable).
class ParetoArchive {
public:
    /// `reference` (empty, or one value per objective) is the point whose hypervolume is
    /// tracked; hypervolume(ref) works for any other reference too, at the cost of a recompute.
    explicit ParetoArchive(std::size_t numObjectives, std::vector<double> reference = {});

    /// Offers a point. Infeasible points and points weakly dominated by a member (including an
    /// equal one) do not enter; the first of equal points stays. Throws std::invalid_argument
    /// for a wrong objective count or a non-finite objective.
    ArchiveInsert insert(const Point& point, std::int64_t id);
    ArchiveInsert insert(std::span<const double> objectives, std::int64_t id);

    /// The members: by ascending first objective for two objectives, otherwise in the order
    /// they entered.
    std::vector<ArchiveEntry> front() const;
    std::vector<std::int64_t> ids() const;

    /// Hypervolume at the construction reference; throws std::logic_error if none was given.
    double hypervolume() const;
    /// Hypervolume at any reference (O(1) when it is the construction reference in 2-D).
    double hypervolume(std::span<const double> ref) const;

    std::size_t size() const;
    bool empty() const { return size() == 0; }
    std::size_t numObjectives() const { return m_numObjectives; }
    const std::vector<double>& reference() const { return m_reference; }
    void clear();

private:
    ArchiveInsert insertList(std::span<const double> objectives, std::int64_t id);
    bool tracks3d() const { return m_numObjectives == 3 && !m_reference.empty(); }
    std::vector<std::vector<double>> listObjectives() const;

    std::size_t m_numObjectives = 0;
    std::vector<double> m_reference;
    Front2d m_front2d; // two objectives
    // Three or more objectives: members' objectives stored row after row, cache-friendly for
    // the linear dominance scan.
    std::vector<double> m_values;
    std::vector<std::int64_t> m_ids;
    mutable std::optional<double> m_cachedHypervolume;
    // Three objectives with a reference: the running hypervolume as a compensated (Neumaier) sum
    // of contributions, so 100k small terms do not drift.
    double m_volume3d = 0.0;
    double m_volume3dCompensation = 0.0;
};

} // namespace edgenas::moo
