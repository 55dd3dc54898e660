#include "moo/real_nsga2.h"

#include "moo/nsga2.h"
#include "moo/rng.h"

#include <algorithm>
#include <stdexcept>

namespace edgenas::moo {

std::vector<std::vector<double>> RealNsga2State::frontObjectives() const {
    std::vector<std::vector<double>> out;
    for (std::size_t i = 0; i < points.size(); ++i)
        if (rank[i] == 0 && points[i].feasible())
            out.push_back(points[i].objectives);
    return out;
}

RealNsga2::RealNsga2(RealNsga2Params params) : m_params(std::move(params)) {
    if (m_params.populationSize < 2)
        throw std::invalid_argument("moo::RealNsga2: the population needs at least two members");
}

RealNsga2State RealNsga2::run(const RealProblem& problem, const Observer& observer) const {
    const std::vector<VariableBounds> bounds = problem.bounds();
    for (const VariableBounds& b : bounds)
        if (!(b.lower <= b.upper))
            throw std::invalid_argument("moo::RealNsga2: a variable has lower > upper bound");
    Rng rng(m_params.seed);
    RealNsga2State state;

    auto evaluate = [&](const std::vector<double>& x) {
        Point p = problem.evaluate(x);
        if (p.objectives.size() != problem.numObjectives())
            throw std::runtime_error("moo::RealNsga2: " + problem.name() + " returned the wrong number of objectives");
        ++state.evaluations;
        return p;
    };

    const std::size_t initial = std::min(m_params.populationSize, m_params.maxEvaluations);
    for (std::size_t i = 0; i < initial; ++i) {
        std::vector<double> x(bounds.size());
        for (std::size_t k = 0; k < bounds.size(); ++k)
            x[k] = bounds[k].lower + rng.uniformReal() * (bounds[k].upper - bounds[k].lower);
        state.points.push_back(evaluate(x));
        state.variables.push_back(std::move(x));
    }
    RankCrowding rc = rankAndCrowding(state.points);
    state.rank = std::move(rc.rank);
    state.crowding = std::move(rc.crowding);
    if (observer)
        observer(state);
    if (state.points.size() < 2)
        return state;

    while (state.evaluations < m_params.maxEvaluations &&
           (m_params.maxGenerations == 0 || state.generations < m_params.maxGenerations)) {
        const std::size_t offspringCount =
            std::min(m_params.populationSize, m_params.maxEvaluations - state.evaluations);
        std::vector<std::vector<double>> variables = state.variables;
        std::vector<Point> points = state.points;
        variables.reserve(variables.size() + offspringCount);
        points.reserve(points.size() + offspringCount);
        const std::size_t target = variables.size() + offspringCount;
        while (variables.size() < target) {
            const int a = binaryTournament(state.rank, state.crowding, rng);
            const int b = binaryTournament(state.rank, state.crowding, rng);
            auto [c1, c2] = sbxCrossover(state.variables[a], state.variables[b], bounds, rng, m_params.etaC,
                                         m_params.crossoverProbability);
            polynomialMutation(c1, bounds, rng, m_params.etaM, m_params.mutationRate);
            polynomialMutation(c2, bounds, rng, m_params.etaM, m_params.mutationRate);
            points.push_back(evaluate(c1));
            variables.push_back(std::move(c1));
            if (variables.size() < target) {
                points.push_back(evaluate(c2));
                variables.push_back(std::move(c2));
            }
        }

        Survivors survivors = selectSurvivorsRanked(points, m_params.populationSize);
        RealNsga2State next;
        next.variables.reserve(survivors.indices.size());
        next.points.reserve(survivors.indices.size());
        for (int i : survivors.indices) {
            next.variables.push_back(std::move(variables[i]));
            next.points.push_back(std::move(points[i]));
        }
        next.rank = std::move(survivors.rank);
        next.crowding = std::move(survivors.crowding);
        next.evaluations = state.evaluations;
        next.generations = state.generations + 1;
        state = std::move(next);
        if (observer)
            observer(state);
    }
    return state;
}

} // namespace edgenas::moo
