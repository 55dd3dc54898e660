#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace edgenas::moo {

/// A two-objective non-dominated set kept as a staircase (std::map keyed by the first
/// objective, so the second strictly decreases along it), with the area it dominates inside a
/// fixed reference box updated on every insert from the rectangles that change. Insert costs
/// O(log n + evicted). Shared by ParetoArchive and the 3-D hypervolume sweep.
class Front2d {
public:
    struct Entry {
        double f2 = 0.0;
        std::int64_t id = 0;
    };

    /// Without a reference the set is maintained but no area is tracked.
    Front2d() = default;
    Front2d(double ref1, double ref2);

    /// Adds (f1, f2) unless a held point weakly dominates it (equal points do not enter);
    /// removes the points it dominates, appending their ids to `evicted` when given.
    /// Returns whether it entered. The caller guarantees the values are not NaN.
    bool insert(double f1, double f2, std::int64_t id, std::vector<std::int64_t>* evicted = nullptr);

    /// Whether some held point is no worse in both objectives.
    bool isWeaklyDominated(double f1, double f2) const;

    /// Area dominated inside [.., ref1] x [.., ref2]; 0 without a reference.
    double area() const { return m_area + m_areaCompensation; }
    /// The same area for any reference, by one sweep over the staircase: O(n).
    double areaFor(double ref1, double ref2) const;

    bool hasReference() const { return m_ref.has_value(); }
    std::size_t size() const { return m_points.size(); }
    bool empty() const { return m_points.empty(); }
    const std::map<double, Entry>& points() const { return m_points; }
    void clear();

private:
    void addArea(double value);

    std::map<double, Entry> m_points;
    std::optional<std::pair<double, double>> m_ref;
    // Neumaier-compensated running sum: the area is the sum of up to millions of small gains.
    double m_area = 0.0;
    double m_areaCompensation = 0.0;
};

} // namespace edgenas::moo
