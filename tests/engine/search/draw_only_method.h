#pragma once

// A search method that exists only in the tests. It registers through the public registry like
// any built-in method, which shows that a method needs no line in shared code.

#include "search/method_registry.h"
#include "search/search_context.h"
#include "search/settings_schema.h"

#include <nlohmann/json.hpp>

namespace edgenas::search::test {

// Evaluates `draws` random networks per generation and keeps them all.
class DrawOnlyMethod : public SearchMethod {
public:
    explicit DrawOnlyMethod(int draws) : m_draws(draws) {}
    std::string name() const override { return "draw-only"; }
    void initialise(SearchContext& context) override {
        m_rng = spaces::Rng(context.config().seed);
        step(context);
    }
    void restore(SearchContext&, const std::string& state) override {
        m_seen = nlohmann::json::parse(state).at("seen").get<std::vector<std::string>>();
    }
    void step(SearchContext& context) override {
        for (int i = 0; i < m_draws && context.budgetLeft(); ++i) {
            const spaces::Genome g = context.space().sample(m_rng);
            if (!context.known(context.hashOf(g)))
                m_seen.push_back(context.evaluate(g).hash);
        }
    }
    std::string saveState() const override { return nlohmann::json{{"seen", m_seen}}.dump(); }
    void applySteering(SearchContext&) override {}
    void inject(SearchContext&, const std::string&) override {}
    bool finished(const SearchContext& context) const override { return !context.budgetLeft(); }
    std::vector<std::string> population() const override { return m_seen; }

private:
    int m_draws;
    spaces::Rng m_rng{1};
    std::vector<std::string> m_seen;
};

inline MethodDescriptor drawOnlyDescriptor() {
    MethodDescriptor m;
    m.name = "draw-only";
    m.label = "Draw only (test)";
    m.summary = "a method defined inside the tests";
    m.settings = {integerSetting("draws", 1, 50, 3, "networks per generation"),
                  choiceSetting("flavour", {"plain", "salted"}, "plain", "does nothing")};
    m.presets = {{"quick", "3 draws, 6 evaluations", 6, 2, R"({"draws": 3})"},
                 {"paper", "5 draws, 20 evaluations", 20, 2, R"({"draws": 5})"}};
    core::MetricDescriptor luck;
    luck.name = "test_luck";
    luck.label = "Luck";
    luck.direction = core::MetricDirection::Maximise;
    luck.objective = false;
    m.metrics = {luck};
    m.create = [](const std::string& settings) -> std::unique_ptr<SearchMethod> {
        return std::make_unique<DrawOnlyMethod>(nlohmann::json::parse(settings).value("draws", 3));
    };
    // `state` is the last generation's whole state: the runner keeps the method's under "method".
    m.reportLines = [](const std::string&, const std::string& state) {
        nlohmann::json j = nlohmann::json::parse(state);
        if (j.contains("method"))
            j = j.at("method");
        return std::vector<std::string>{"draw-only saw " + std::to_string(j.at("seen").size()) + " networks"};
    };
    return m;
}

} // namespace edgenas::search::test
