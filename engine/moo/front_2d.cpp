#include "moo/front_2d.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace edgenas::moo {

Front2d::Front2d(double ref1, double ref2) : m_ref(std::make_pair(ref1, ref2)) {}

bool Front2d::isWeaklyDominated(double f1, double f2) const {
    // The held point with the largest f1 <= f1 has the smallest f2 among all with f1 <= f1.
    auto it = m_points.upper_bound(f1);
    if (it == m_points.begin())
        return false;
    return std::prev(it)->second.f2 <= f2;
}

bool Front2d::insert(double f1, double f2, std::int64_t id, std::vector<std::int64_t>* evicted) {
    if (isWeaklyDominated(f1, f2))
        return false;

    auto it = m_points.lower_bound(f1);
    // Dominated points are the run starting at lower_bound whose f2 is still >= f2.
    if (m_ref) {
        const auto [r1, r2] = *m_ref;
        // Before the insert, the staircase height over [f1, next key) is the f2 of the
        // predecessor (or r2); the newcomer lowers it to f2 until the first surviving point.
        double height = it == m_points.begin() ? r2 : std::prev(it)->second.f2;
        double x = f1;
        auto gain = [&](double xEnd) {
            const double width = std::min(xEnd, r1) - x;
            const double rise = std::min(height, r2) - f2;
            if (width > 0.0 && rise > 0.0)
                addArea(width * rise);
        };
        while (it != m_points.end() && it->second.f2 >= f2) {
            gain(it->first);
            x = it->first;
            height = it->second.f2;
            if (evicted)
                evicted->push_back(it->second.id);
            it = m_points.erase(it);
        }
        gain(it == m_points.end() ? r1 : it->first);
    } else {
        while (it != m_points.end() && it->second.f2 >= f2) {
            if (evicted)
                evicted->push_back(it->second.id);
            it = m_points.erase(it);
        }
    }
    m_points.emplace_hint(it, f1, Entry{f2, id});
    return true;
}

double Front2d::areaFor(double ref1, double ref2) const {
    double area = 0.0;
    double level = ref2;
    for (const auto& [f1, entry] : m_points) {
        if (!(f1 < ref1))
            break;
        if (entry.f2 < level) {
            area += (ref1 - f1) * (level - entry.f2);
            level = entry.f2;
        }
    }
    return area;
}

void Front2d::clear() {
    m_points.clear();
    m_area = 0.0;
    m_areaCompensation = 0.0;
}

void Front2d::addArea(double value) {
    const double t = m_area + value;
    if (std::abs(m_area) >= std::abs(value))
        m_areaCompensation += (m_area - t) + value;
    else
        m_areaCompensation += (value - t) + m_area;
    m_area = t;
}

} // namespace edgenas::moo
