#include "moo/nsga2.h"

#include "moo/pareto_sort.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace edgenas::moo {

RankCrowding rankAndCrowding(std::span<const Point> points) {
    RankCrowding out{std::vector<int>(points.size(), 0), std::vector<double>(points.size(), 0.0)};
    const Fronts fronts = nonDominatedSort(points);
    for (std::size_t r = 0; r < fronts.size(); ++r) {
        const std::vector<double> distance = crowdingDistance(points, fronts[r]);
        for (std::size_t i = 0; i < fronts[r].size(); ++i) {
            out.rank[fronts[r][i]] = static_cast<int>(r);
            out.crowding[fronts[r][i]] = distance[i];
        }
    }
    return out;
}

Survivors selectSurvivorsRanked(std::span<const Point> points, std::size_t n) {
    Survivors out;
    const Fronts fronts = nonDominatedSort(points);
    for (std::size_t r = 0; r < fronts.size() && out.indices.size() < n; ++r) {
        const std::vector<int>& front = fronts[r];
        const std::vector<double> distance = crowdingDistance(points, front);
        std::vector<std::size_t> order(front.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        if (out.indices.size() + front.size() > n) {
            // Fronts list indices ascending, so a stable sort breaks ties by index.
            std::stable_sort(order.begin(), order.end(),
                             [&](std::size_t a, std::size_t b) { return distance[a] > distance[b]; });
            order.resize(n - out.indices.size());
        }
        for (std::size_t i : order) {
            out.indices.push_back(front[i]);
            out.rank.push_back(static_cast<int>(r));
            out.crowding.push_back(distance[i]);
        }
    }
    return out;
}

std::vector<int> selectSurvivors(std::span<const Point> points, std::size_t n) {
    return selectSurvivorsRanked(points, n).indices;
}

int binaryTournament(std::span<const int> rank, std::span<const double> crowding, Rng& rng) {
    if (rank.empty() || rank.size() != crowding.size())
        throw std::invalid_argument("moo::binaryTournament: rank and crowding must be non-empty and aligned");
    const int n = static_cast<int>(rank.size());
    if (n == 1)
        return 0;
    const int a = rng.uniformInt(n);
    int b = rng.uniformInt(n - 1);
    if (b >= a)
        ++b;
    if (rank[a] != rank[b])
        return rank[a] < rank[b] ? a : b;
    return crowding[b] > crowding[a] ? b : a;
}

std::pair<std::vector<double>, std::vector<double>> sbxCrossover(std::span<const double> parent1,
                                                                 std::span<const double> parent2,
                                                                 std::span<const VariableBounds> bounds, Rng& rng,
                                                                 double etaC, double probability) {
    if (parent1.size() != bounds.size() || parent2.size() != bounds.size())
        throw std::invalid_argument("moo::sbxCrossover: parents and bounds differ in length");
    std::pair<std::vector<double>, std::vector<double>> children{
        std::vector<double>(parent1.begin(), parent1.end()), std::vector<double>(parent2.begin(), parent2.end())};
    if (!rng.bernoulli(probability))
        return children;
    constexpr double kEps = 1e-14; // closer parents would divide by ~0 in beta
    const double exponent = 1.0 / (etaC + 1.0);
    // Spread factor for a uniform draw u, with the tail beyond the bound folded back in
    // (alpha), so that children land inside [lower, upper] with the intended distribution.
    auto spread = [&](double beta, double u) {
        const double alpha = 2.0 - std::pow(beta, -(etaC + 1.0));
        return u <= 1.0 / alpha ? std::pow(u * alpha, exponent) : std::pow(1.0 / (2.0 - u * alpha), exponent);
    };
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        if (!rng.bernoulli(0.5))
            continue;
        const double x1 = parent1[i];
        const double x2 = parent2[i];
        if (std::abs(x1 - x2) <= kEps)
            continue;
        const double y1 = std::min(x1, x2);
        const double y2 = std::max(x1, x2);
        const double lower = bounds[i].lower;
        const double upper = bounds[i].upper;
        const double u = rng.uniformReal();
        const double toLower = spread(1.0 + 2.0 * (y1 - lower) / (y2 - y1), u);
        const double toUpper = spread(1.0 + 2.0 * (upper - y2) / (y2 - y1), u);
        const double c1 = std::clamp(0.5 * ((y1 + y2) - toLower * (y2 - y1)), lower, upper);
        const double c2 = std::clamp(0.5 * ((y1 + y2) + toUpper * (y2 - y1)), lower, upper);
        if (rng.bernoulli(0.5)) {
            children.first[i] = c2;
            children.second[i] = c1;
        } else {
            children.first[i] = c1;
            children.second[i] = c2;
        }
    }
    return children;
}

void polynomialMutation(std::vector<double>& x, std::span<const VariableBounds> bounds, Rng& rng, double etaM,
                        std::optional<double> rate) {
    if (x.size() != bounds.size())
        throw std::invalid_argument("moo::polynomialMutation: variables and bounds differ in length");
    if (x.empty())
        return;
    const double p = rate.value_or(1.0 / static_cast<double>(x.size()));
    const double exponent = 1.0 / (etaM + 1.0);
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!rng.bernoulli(p))
            continue;
        const double lower = bounds[i].lower;
        const double upper = bounds[i].upper;
        const double width = upper - lower;
        if (!(width > 0.0))
            continue;
        const double y = std::clamp(x[i], lower, upper);
        const double delta1 = (y - lower) / width;
        const double delta2 = (upper - y) / width;
        const double u = rng.uniformReal();
        // Deb's boundary-aware form: the perturbation distribution is scaled by the distance to
        // the nearer bound, so no probability mass falls outside and nothing piles up at a bound.
        double deltaQ = 0.0;
        if (u <= 0.5) {
            const double value = 2.0 * u + (1.0 - 2.0 * u) * std::pow(1.0 - delta1, etaM + 1.0);
            deltaQ = std::pow(value, exponent) - 1.0;
        } else {
            const double value = 2.0 * (1.0 - u) + 2.0 * (u - 0.5) * std::pow(1.0 - delta2, etaM + 1.0);
            deltaQ = 1.0 - std::pow(value, exponent);
        }
        x[i] = std::clamp(y + deltaQ * width, lower, upper);
    }
}

} // namespace edgenas::moo
