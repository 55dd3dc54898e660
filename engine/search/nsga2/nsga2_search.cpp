#include "nsga2_search.h"

#include "search/search_context.h"

#include "core/errors.h"
#include "moo/nsga2.h"
#include "moo/rng.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <algorithm>
#include <cmath>

namespace edgenas::search {

namespace {

using nlohmann::json;

// JSON has no infinity; the boundary members of a front carry one as crowding distance.
json crowdingToJson(const std::vector<double>& crowding) {
    json out = json::array();
    for (double d : crowding)
        out.push_back(std::isinf(d) ? json(nullptr) : json(d));
    return out;
}

std::vector<double> crowdingFromJson(const json& j) {
    std::vector<double> out;
    for (const auto& v : j)
        out.push_back(v.is_null() ? std::numeric_limits<double>::infinity() : v.get<double>());
    return out;
}

} // namespace

Nsga2Search::Nsga2Search(Nsga2Settings settings) : m_settings(settings) {}

void Nsga2Search::initialise(SearchContext& context) {
    m_rng = spaces::Rng(context.config().seed);
    const auto size = static_cast<std::size_t>(context.config().population);
    const int maxAttempts = m_settings.duplicateRetries * context.config().population;
    for (int attempt = 0; attempt < maxAttempts && m_population.size() < size && context.budgetLeft(); ++attempt) {
        const spaces::Genome genome = context.space().sample(m_rng);
        if (context.known(context.hashOf(genome)))
            continue;
        m_population.push_back(context.evaluate(genome).hash);
    }
    if (m_population.size() < size)
        m_stalled = m_population.empty();
    rescore(context);
}

void Nsga2Search::rescore(SearchContext& context) {
    std::vector<moo::Point> points;
    for (const auto& hash : m_population)
        points.push_back(context.point(hash));
    const moo::RankCrowding rc = moo::rankAndCrowding(points);
    m_rank = rc.rank;
    m_crowding = rc.crowding;
}

void Nsga2Search::step(SearchContext& context) {
    if (m_population.empty()) {
        m_stalled = true;
        return;
    }
    const spaces::SearchSpace& space = context.space();
    const double rate = m_settings.mutationRate > 0 ? m_settings.mutationRate : 1.0 / space.geneCount();
    const auto wanted = static_cast<std::size_t>(context.config().population);
    // moo's tournament wants its own generator; seeding it from ours keeps the whole
    // generation determined by the one saved state.
    moo::Rng tournamentRng(m_rng.next());

    std::vector<std::string> offspring;
    const int maxAttempts = m_settings.duplicateRetries * static_cast<int>(wanted);
    int attempts = 0;
    while (offspring.size() < wanted && context.budgetLeft() && attempts < maxAttempts) {
        const int a = moo::binaryTournament(m_rank, m_crowding, tournamentRng);
        const int b = moo::binaryTournament(m_rank, m_crowding, tournamentRng);
        const std::string& hashA = m_population[static_cast<std::size_t>(a)];
        const std::string& hashB = m_population[static_cast<std::size_t>(b)];
        const spaces::Genome genomeA = context.genomeOf(hashA);
        const spaces::Genome genomeB = context.genomeOf(hashB);
        auto children = m_rng.bernoulli(m_settings.crossoverProbability) ? space.crossover(genomeA, genomeB, m_rng)
                                                                        : std::pair{genomeA, genomeB};
        for (spaces::Genome* child : {&children.first, &children.second}) {
            if (offspring.size() >= wanted || !context.budgetLeft())
                break;
            ++attempts;
            const spaces::Genome mutated = space.mutate(*child, rate, m_rng);
            // Duplicate avoidance: anything seen before (in any generation) is not offspring.
            if (context.known(context.hashOf(mutated)))
                continue;
            offspring.push_back(context.evaluate(mutated, {hashA, hashB}).hash);
        }
    }
    if (offspring.empty() && m_injected.empty()) {
        m_stalled = context.budgetLeft();
        if (m_stalled)
            context.log(LogLevel::Warning, "nsga2: no unseen network found; the search stops early");
        return;
    }

    std::vector<std::string> combined = m_population;
    for (const auto& hash : m_injected)
        if (std::find(combined.begin(), combined.end(), hash) == combined.end())
            combined.push_back(hash);
    combined.insert(combined.end(), offspring.begin(), offspring.end());
    m_injected.clear();

    std::vector<moo::Point> points;
    for (const auto& hash : combined)
        points.push_back(context.point(hash));
    const moo::Survivors survivors = moo::selectSurvivorsRanked(points, wanted);
    m_population.clear();
    for (int i : survivors.indices)
        m_population.push_back(combined[static_cast<std::size_t>(i)]);
    m_rank = survivors.rank;
    m_crowding = survivors.crowding;
}

std::string Nsga2Search::saveState() const {
    const spaces::Rng::State s = m_rng.state();
    json j{{"rng", {s[0], s[1], s[2], s[3]}},
           {"population", m_population},
           {"rank", m_rank},
           {"crowding", crowdingToJson(m_crowding)},
           {"injected", m_injected},
           {"stalled", m_stalled}};
    return j.dump();
}

void Nsga2Search::restore(SearchContext& context, const std::string& stateJson) {
    try {
        const json j = json::parse(stateJson);
        const auto rng = j.at("rng").get<std::vector<std::uint64_t>>();
        if (rng.size() != 4)
            throw core::InputError("rng state must have 4 words");
        m_rng = spaces::Rng::fromState({rng[0], rng[1], rng[2], rng[3]});
        m_population = j.at("population").get<std::vector<std::string>>();
        m_rank = j.at("rank").get<std::vector<int>>();
        m_crowding = crowdingFromJson(j.at("crowding"));
        m_injected = j.at("injected").get<std::vector<std::string>>();
        m_stalled = j.at("stalled").get<bool>();
    } catch (const json::exception& e) {
        throw core::InputError(std::string("nsga2: saved state is damaged: ") + e.what());
    }
    if (m_rank.size() != m_population.size() || m_crowding.size() != m_population.size())
        throw core::InputError("nsga2: saved state is damaged: population, rank and crowding differ in size");
    for (const auto& hash : m_population)
        if (!context.known(hash))
            throw core::InputError("nsga2: saved state names candidate " + hash + " that is not in the run");
}

void Nsga2Search::applySteering(SearchContext& context) {
    // New bounds or objectives change ranks and feasibility of the parents now, not only of
    // the next offspring.
    rescore(context);
}

void Nsga2Search::inject(SearchContext&, const std::string& hash) {
    m_injected.push_back(hash);
    m_stalled = false;
}

bool Nsga2Search::finished(const SearchContext& context) const { return m_stalled || !context.budgetLeft(); }

} // namespace edgenas::search
