#include "moo/pareto_sort.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace edgenas::moo {

namespace {

// NaN would break the strict weak ordering the sorts rely on, so it is refused up front.
void validate(std::span<const Point> points) {
    if (points.empty())
        return;
    const std::size_t m = points.front().objectives.size();
    for (std::size_t i = 0; i < points.size(); ++i) {
        const Point& p = points[i];
        if (p.objectives.size() != m)
            throw std::invalid_argument("moo: point " + std::to_string(i) + " has " +
                                        std::to_string(p.objectives.size()) + " objectives, expected " +
                                        std::to_string(m));
        for (double v : p.objectives)
            if (std::isnan(v))
                throw std::invalid_argument("moo: point " + std::to_string(i) + " has a NaN objective");
        if (std::isnan(p.violation) || p.violation < 0.0)
            throw std::invalid_argument("moo: point " + std::to_string(i) +
                                        " has a violation that is NaN or negative");
    }
}

void sortEachFront(Fronts& fronts) {
    for (auto& front : fronts)
        std::sort(front.begin(), front.end());
}

// Infeasible points form a chain by violation; equal violations share a front.
void appendInfeasibleFronts(std::span<const Point> points, std::vector<int> infeasible, Fronts& fronts) {
    std::stable_sort(infeasible.begin(), infeasible.end(),
                     [&](int a, int b) { return points[a].violation < points[b].violation; });
    for (std::size_t i = 0; i < infeasible.size();) {
        std::size_t j = i;
        std::vector<int> front;
        while (j < infeasible.size() && points[infeasible[j]].violation == points[infeasible[i]].violation)
            front.push_back(infeasible[j++]);
        fronts.push_back(std::move(front));
        i = j;
    }
}

} // namespace

bool dominates(std::span<const double> a, std::span<const double> b) {
    assert(a.size() == b.size());
    bool better = false;
    for (std::size_t k = 0; k < a.size(); ++k) {
        if (a[k] > b[k])
            return false;
        if (a[k] < b[k])
            better = true;
    }
    return better;
}

bool weaklyDominates(std::span<const double> a, std::span<const double> b) {
    assert(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k)
        if (a[k] > b[k])
            return false;
    return true;
}

bool constrainedDominates(const Point& a, const Point& b) {
    const bool fa = a.feasible();
    const bool fb = b.feasible();
    if (fa && fb)
        return dominates(a.objectives, b.objectives);
    if (fa != fb)
        return fa;
    return a.violation < b.violation;
}

Fronts fastNonDominatedSort(std::span<const Point> points) {
    validate(points);
    const int n = static_cast<int>(points.size());
    std::vector<std::vector<int>> dominated(n); // S_p: the points p dominates
    std::vector<int> dominatorCount(n, 0);      // n_p: how many points dominate p
    Fronts fronts;
    std::vector<int> current;
    for (int p = 0; p < n; ++p) {
        for (int q = p + 1; q < n; ++q) {
            if (constrainedDominates(points[p], points[q])) {
                dominated[p].push_back(q);
                ++dominatorCount[q];
            } else if (constrainedDominates(points[q], points[p])) {
                dominated[q].push_back(p);
                ++dominatorCount[p];
            }
        }
    }
    for (int p = 0; p < n; ++p)
        if (dominatorCount[p] == 0)
            current.push_back(p);
    while (!current.empty()) {
        std::vector<int> next;
        for (int p : current)
            for (int q : dominated[p])
                if (--dominatorCount[q] == 0)
                    next.push_back(q);
        fronts.push_back(std::move(current));
        current = std::move(next);
    }
    sortEachFront(fronts);
    return fronts;
}

Fronts nonDominatedSort2d(std::span<const Point> points) {
    validate(points);
    if (!points.empty() && points.front().objectives.size() != 2)
        throw std::invalid_argument("moo::nonDominatedSort2d: points must have two objectives");

    std::vector<int> feasible;
    std::vector<int> infeasible;
    for (int i = 0; i < static_cast<int>(points.size()); ++i)
        (points[i].feasible() ? feasible : infeasible).push_back(i);

    auto f = [&](int i, int k) { return points[i].objectives[k]; };
    std::sort(feasible.begin(), feasible.end(), [&](int a, int b) {
        if (f(a, 0) != f(b, 0))
            return f(a, 0) < f(b, 0);
        if (f(a, 1) != f(b, 1))
            return f(a, 1) < f(b, 1);
        return a < b;
    });

    // In this order a front's last member has its smallest f2 and dominates a newcomer
    // whenever any member does, and "last member dominates" holds for a prefix of the fronts.
    Fronts fronts;
    auto lastDominates = [&](const std::vector<int>& front, int p) {
        const int q = front.back();
        return f(q, 1) < f(p, 1) || (f(q, 1) == f(p, 1) && f(q, 0) < f(p, 0));
    };
    for (int p : feasible) {
        std::size_t lo = 0;
        std::size_t hi = fronts.size();
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (lastDominates(fronts[mid], p))
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == fronts.size())
            fronts.emplace_back();
        fronts[lo].push_back(p);
    }
    appendInfeasibleFronts(points, std::move(infeasible), fronts);
    sortEachFront(fronts);
    return fronts;
}

Fronts nonDominatedSort(std::span<const Point> points) {
    if (!points.empty() && points.front().objectives.size() == 2)
        return nonDominatedSort2d(points);
    return fastNonDominatedSort(points);
}

std::vector<double> crowdingDistance(std::span<const Point> points, std::span<const int> front) {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    const std::size_t n = front.size();
    std::vector<double> distance(n, 0.0);
    if (n == 0)
        return distance;
    if (n <= 2) {
        std::fill(distance.begin(), distance.end(), kInf);
        return distance;
    }
    const std::size_t m = points[front[0]].objectives.size();
    std::vector<std::size_t> order(n);
    for (std::size_t k = 0; k < m; ++k) {
        auto value = [&](std::size_t pos) { return points[front[pos]].objectives[k]; };
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return value(a) < value(b); });
        distance[order.front()] = kInf;
        distance[order.back()] = kInf;
        const double range = value(order.back()) - value(order.front());
        if (!(range > 0.0) || !std::isfinite(range))
            continue;
        for (std::size_t i = 1; i + 1 < n; ++i)
            distance[order[i]] += (value(order[i + 1]) - value(order[i - 1])) / range;
    }
    return distance;
}

} // namespace edgenas::moo
