#include "random_search.h"

#include "search/method_settings_json.h"
#include "search/search_context.h"
#include "search/settings_schema.h"

#include "core/errors.h"

#include <nlohmann/json.hpp>

namespace edgenas::search {

using nlohmann::json;

const std::vector<SettingDescriptor>& randomSearchSettingsSchema() {
    static const std::vector<SettingDescriptor> schema{
        integerSetting("duplicate_retries", 1, 100000, RandomSearchSettings{}.duplicateRetries,
                       "draws per wanted network before the search counts the space as exhausted"),
    };
    return schema;
}

RandomSearchSettings randomSearchSettingsFromJson(const std::string& text) {
    const json j = methodSettingsObject(text);
    checkSettings("random", randomSearchSettingsSchema(), j);
    RandomSearchSettings s;
    s.duplicateRetries = j.value("duplicate_retries", s.duplicateRetries);
    return s;
}

RandomSearch::RandomSearch(RandomSearchSettings settings) : m_settings(settings) {}

void RandomSearch::initialise(SearchContext& context) {
    m_rng = spaces::Rng(context.config().seed);
    drawBatch(context);
}

void RandomSearch::step(SearchContext& context) { drawBatch(context); }

void RandomSearch::drawBatch(SearchContext& context) {
    const int wanted = context.config().population;
    const int maxDraws = m_settings.duplicateRetries * wanted;
    int drawn = 0;
    int added = 0;
    while (added < wanted && drawn < maxDraws && context.budgetLeft()) {
        ++drawn;
        const spaces::Genome genome = context.space().sample(m_rng);
        if (context.known(context.hashOf(genome)))
            continue;
        context.evaluate(genome);
        ++added;
    }
    if (added == 0 && context.budgetLeft()) {
        m_exhausted = true;
        context.log(LogLevel::Warning, "random: no unseen network in " + std::to_string(maxDraws) +
                                           " draws; the search stops early");
    }
    m_front = context.front();
}

std::string RandomSearch::saveState() const {
    const spaces::Rng::State s = m_rng.state();
    return json{{"rng", {s[0], s[1], s[2], s[3]}}, {"front", m_front}, {"exhausted", m_exhausted}}.dump();
}

void RandomSearch::restore(SearchContext& context, const std::string& stateJson) {
    try {
        const json j = json::parse(stateJson);
        const auto rng = j.at("rng").get<std::vector<std::uint64_t>>();
        if (rng.size() != 4)
            throw core::InputError("random: saved state is damaged: rng state must have 4 words");
        m_rng = spaces::Rng::fromState({rng[0], rng[1], rng[2], rng[3]});
        m_front = j.at("front").get<std::vector<std::string>>();
        m_exhausted = j.at("exhausted").get<bool>();
    } catch (const json::exception& e) {
        throw core::InputError(std::string("random: saved state is damaged: ") + e.what());
    }
    for (const auto& hash : m_front)
        if (!context.known(hash))
            throw core::InputError("random: saved state names candidate " + hash + " that is not in the run");
}

void RandomSearch::applySteering(SearchContext& context) {
    // Sampling does not depend on objectives; only the reported front does.
    m_front = context.front();
}

void RandomSearch::inject(SearchContext& context, const std::string&) {
    // An injected network is already evaluated and cached: it enters the front if it belongs there.
    m_front = context.front();
}

bool RandomSearch::finished(const SearchContext& context) const { return m_exhausted || !context.budgetLeft(); }

} // namespace edgenas::search
