#pragma once

#include "moo/point.h"
#include "moo/real_problem.h"
#include "moo/rng.h"

#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace edgenas::moo {

// NSGA-II building blocks (Deb, Pratap, Agarwal & Meyarivan 2002) that know nothing about
// genomes: ranks, crowding and survival work on Points; the variation operators are for
// real-valued vectors only.

/// Front index (0 = best) and crowding distance of every point, aligned with the input.
struct RankCrowding {
    std::vector<int> rank;
    std::vector<double> crowding;
};
RankCrowding rankAndCrowding(std::span<const Point> points);

/// The chosen survivors with the rank and crowding distance they had in the combined
/// population (kept for the next tournament as in Deb's code), aligned with `indices`.
struct Survivors {
    std::vector<int> indices;
    std::vector<int> rank;
    std::vector<double> crowding;
};
/// Whole fronts in order while they fit, then the members of the first front that does not
/// fit by descending crowding distance (ties: lower index first). Sorting uses constrained
/// domination, so feasible points come first.
Survivors selectSurvivorsRanked(std::span<const Point> points, std::size_t n);
/// selectSurvivorsRanked(points, n).indices.
std::vector<int> selectSurvivors(std::span<const Point> points, std::size_t n);

/// Crowded binary tournament: two distinct random members (when there are two), the lower rank
/// wins, then the larger crowding distance, then the first drawn. Returns the winner's index.
int binaryTournament(std::span<const int> rank, std::span<const double> crowding, Rng& rng);

/// Simulated binary crossover with the bounded spread distribution of Deb's NSGA-II code
/// (Deb & Agrawal 1995): with `probability` the pair is crossed, then each variable with
/// probability 1/2; children are clipped to the bounds and swapped at random.
std::pair<std::vector<double>, std::vector<double>> sbxCrossover(std::span<const double> parent1,
                                                                 std::span<const double> parent2,
                                                                 std::span<const VariableBounds> bounds, Rng& rng,
                                                                 double etaC = 15.0, double probability = 0.9);

/// Boundary-aware polynomial mutation (Deb & Goyal 1996, as in Deb's NSGA-II code): each
/// variable mutates with probability `rate` (default 1/n) and never leaves its bounds.
void polynomialMutation(std::vector<double>& x, std::span<const VariableBounds> bounds, Rng& rng,
                        double etaM = 20.0, std::optional<double> rate = std::nullopt);

} // namespace edgenas::moo
