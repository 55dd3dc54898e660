#include "hadas_method.h"

#include "hadas_search.h"
#include "hadas_settings.h"
#include "hadas_supernet_judge.h"

#include "search/run_config.h"

#include <nlohmann/json.hpp>

namespace edgenas::search {

namespace {
std::vector<std::string> hadasReport(const std::string& configJson, const std::string& stateJson) {
    const nlohmann::json method = nlohmann::json::parse(stateJson).at("method");
    const HadasSettings settings = hadasSettingsFromJson(runConfigFromJson(configJson).methodSettingsJson);
    std::vector<std::string> out;
    out.push_back("hadas: outer generation " + std::to_string(method.at("outer_generation").get<int>() + 1) + " of " +
                  std::to_string(settings.outerGenerations) + "; " +
                  std::to_string(method.at("searched").size()) + " backbones got exit heads and an inner search");
    out.push_back("hadas: exit rule " + settings.exitRule +
                  (settings.exitRule == "oracle" ? " (accuracies are an upper bound, not deployable)" : "") +
                  "; latency and energy are modelled (device cost model), accuracy on the validation split, "
                  "test accuracy with the thresholds fitted there");
    return out;
}
} // namespace

MethodDescriptor hadasMethod() {
    MethodDescriptor m;
    m.name = "hadas";
    m.label = "HADAS";
    m.summary = "dynamic networks: outer NSGA-II over backbones of a weight-sharing supernet, inner NSGA-II over "
                "early exits, exit threshold and DVFS point, on modelled latency and energy";
    m.settings = hadasSettingsSchema();
    const char* config = R"({"space": {"name": "attentive", "layout": "reduced"}, "device": {"name": "jetson-agx-xavier"},
                             "objectives": ["accuracy", "latency", "energy"]})";
    m.presets = {
        {"quick",
         "reduced backbone space on 28x28 inputs, Jetson AGX Xavier model; 3 outer generations of 12 backbones, 3 "
         "survivors each searched for 3 inner generations of 8; supernet 5 epochs on 20,000 images (a one-time cost "
         "kept in the cache: 424 s per epoch measured on 2 busy cores, so about 35 min), then minutes per run",
         400, 0, R"({"outer_population": 12, "outer_generations": 3, "outer_survivors": 3, "outer_parents": 2,
                     "inner_population": 8, "inner_generations": 3,
                     "validation_subset": 5000})",
         config},
        {"paper",
         "the notes' budgets: 7 outer generations of 64 backbones, 10 survivors, 5 parents; inner 5 generations of "
         "10: 448 backbones and up to 3,500 dynamic settings; hours on 2 cores once the supernet is cached "
         "(estimated); resumable",
         4000, 0, R"({"outer_population": 64, "outer_generations": 7, "outer_survivors": 10, "outer_parents": 5,
                      "inner_population": 10, "inner_generations": 5, "elitist": false})",
         config},
    };
    m.create = [](const std::string& settings) -> std::unique_ptr<SearchMethod> {
        return std::make_unique<HadasSearch>(hadasSettingsFromJson(settings), makeSupernetJudge);
    };
    m.reportLines = hadasReport;
    return m;
}

} // namespace edgenas::search
