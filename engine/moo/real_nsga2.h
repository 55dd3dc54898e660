#pragma once

#include "moo/point.h"
#include "moo/real_problem.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace edgenas::moo {

/// Settings of RealNsga2; the defaults are those of Deb et al. 2002 for the ZDT suite, except
/// etaC = 15 (the value pymoo uses).
struct RealNsga2Params {
    std::size_t populationSize = 100;
    std::size_t maxEvaluations = 25000;   ///< the budget; the last generation may be partial
    std::size_t maxGenerations = 0;       ///< 0: only the evaluation budget stops the run
    double crossoverProbability = 0.9;
    double etaC = 15.0;                   ///< SBX distribution index
    double etaM = 20.0;                   ///< polynomial mutation distribution index
    std::optional<double> mutationRate;   ///< per variable; default 1 / number of variables
    std::uint64_t seed = 1;
};

/// The population of a RealNsga2 run, after initialisation or after a generation.
struct RealNsga2State {
    std::vector<std::vector<double>> variables;
    std::vector<Point> points;
    std::vector<int> rank;        ///< 0 = non-dominated (feasibility first)
    std::vector<double> crowding;
    std::size_t evaluations = 0;
    std::size_t generations = 0;  ///< completed generations after the initial population

    /// Objectives of the feasible members of rank 0: the run's approximation of the front.
    std::vector<std::vector<double>> frontObjectives() const;
};

/// Deterministic NSGA-II on a RealProblem: crowded binary tournaments, SBX, polynomial
/// mutation and elitist (mu + lambda) survival. The same seed gives the same run.
class RealNsga2 {
public:
    /// Called after the initial population (generations == 0) and after every generation.
    using Observer = std::function<void(const RealNsga2State&)>;

    explicit RealNsga2(RealNsga2Params params = {});

    RealNsga2State run(const RealProblem& problem, const Observer& observer = {}) const;

    const RealNsga2Params& params() const { return m_params; }

private:
    RealNsga2Params m_params;
};

} // namespace edgenas::moo
