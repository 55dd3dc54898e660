#include "moo/hypervolume.h"

#include "moo/front_2d.h"
#include "moo/pareto_sort.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace edgenas::moo {

namespace {

// Keeps the points strictly inside the reference box; the others add no volume, and the
// recursions below rely on every kept coordinate being smaller than the reference.
std::vector<std::vector<double>> inside(std::span<const std::vector<double>> points, std::span<const double> ref) {
    std::vector<std::vector<double>> kept;
    kept.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto& p = points[i];
        if (p.size() != ref.size())
            throw std::invalid_argument("moo::hypervolume: point " + std::to_string(i) + " has " +
                                        std::to_string(p.size()) + " objectives, the reference " +
                                        std::to_string(ref.size()));
        bool strictlyInside = true;
        for (std::size_t k = 0; k < p.size(); ++k)
            strictlyInside = strictlyInside && p[k] < ref[k];
        if (strictlyInside)
            kept.push_back(p);
    }
    return kept;
}

double sweep2d(std::vector<std::vector<double>>& pts, double r1, double r2) {
    std::sort(pts.begin(), pts.end(), [](const auto& a, const auto& b) {
        return a[0] != b[0] ? a[0] < b[0] : a[1] < b[1];
    });
    double area = 0.0;
    double level = r2;
    for (const auto& p : pts) {
        if (p[1] < level) {
            area += (r1 - p[0]) * (level - p[1]);
            level = p[1];
        }
    }
    return area;
}

// Drops weakly dominated points, keeping the first of equal ones. O(n^2), fine for WFG sizes.
std::vector<std::vector<double>> nonDominated(std::vector<std::vector<double>> pts) {
    // Decide for every point first: moving a kept point out early would hide it from the
    // comparisons of the points after it.
    std::vector<bool> keep(pts.size(), true);
    for (std::size_t i = 0; i < pts.size(); ++i)
        for (std::size_t j = 0; j < pts.size() && keep[i]; ++j)
            if (i != j && (dominates(pts[j], pts[i]) || (j < i && pts[j] == pts[i])))
                keep[i] = false;
    std::vector<std::vector<double>> kept;
    for (std::size_t i = 0; i < pts.size(); ++i)
        if (keep[i])
            kept.push_back(std::move(pts[i]));
    return kept;
}

double wfg(std::vector<std::vector<double>> pts, std::span<const double> ref) {
    if (pts.empty())
        return 0.0;
    const std::size_t m = ref.size();
    if (m == 1) {
        double best = ref[0];
        for (const auto& p : pts)
            best = std::min(best, p[0]);
        return ref[0] - best;
    }
    if (m == 2)
        return sweep2d(pts, ref[0], ref[1]);
    // Ordering along one objective makes the limit sets small and mostly dominated (WFG, 4.1).
    std::sort(pts.begin(), pts.end(), [m](const auto& a, const auto& b) { return a[m - 1] > b[m - 1]; });
    double total = 0.0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        // Exclusive volume of point i with respect to the points after it.
        double inclusive = 1.0;
        for (std::size_t k = 0; k < m; ++k)
            inclusive *= ref[k] - pts[i][k];
        std::vector<std::vector<double>> limited;
        limited.reserve(pts.size() - i - 1);
        for (std::size_t j = i + 1; j < pts.size(); ++j) {
            std::vector<double> q(m);
            for (std::size_t k = 0; k < m; ++k)
                q[k] = std::max(pts[i][k], pts[j][k]);
            limited.push_back(std::move(q));
        }
        total += inclusive - wfg(nonDominated(std::move(limited)), ref);
    }
    return total;
}

} // namespace

double hypervolume2d(std::span<const std::vector<double>> points, std::span<const double> ref) {
    if (ref.size() != 2)
        throw std::invalid_argument("moo::hypervolume2d: the reference must have two objectives");
    auto pts = inside(points, ref);
    return sweep2d(pts, ref[0], ref[1]);
}

double hypervolume3d(std::span<const std::vector<double>> points, std::span<const double> ref) {
    if (ref.size() != 3)
        throw std::invalid_argument("moo::hypervolume3d: the reference must have three objectives");
    auto pts = inside(points, ref);
    std::sort(pts.begin(), pts.end(), [](const auto& a, const auto& b) { return a[2] < b[2]; });
    // Between consecutive f3 levels the dominated slice is the area of the staircase built from
    // the points seen so far.
    Front2d slice(ref[0], ref[1]);
    double volume = 0.0;
    double compensation = 0.0; // Neumaier: thousands of slabs of very different sizes
    for (std::size_t i = 0; i < pts.size(); ++i) {
        slice.insert(pts[i][0], pts[i][1], static_cast<std::int64_t>(i));
        const double top = i + 1 < pts.size() ? pts[i + 1][2] : ref[2];
        const double slab = slice.area() * (top - pts[i][2]);
        const double t = volume + slab;
        compensation += std::abs(volume) >= std::abs(slab) ? (volume - t) + slab : (slab - t) + volume;
        volume = t;
    }
    return volume + compensation;
}

double hypervolumeWfg(std::span<const std::vector<double>> points, std::span<const double> ref) {
    if (ref.empty())
        throw std::invalid_argument("moo::hypervolumeWfg: the reference must not be empty");
    return wfg(nonDominated(inside(points, ref)), ref);
}

double hypervolume(std::span<const std::vector<double>> points, std::span<const double> ref) {
    switch (ref.size()) {
    case 2:
        return hypervolume2d(points, ref);
    case 3:
        return hypervolume3d(points, ref);
    default:
        return hypervolumeWfg(points, ref);
    }
}

} // namespace edgenas::moo
