#include "random_search_method.h"

#include "random_search.h"

namespace edgenas::search {

MethodDescriptor randomSearchMethod() {
    MethodDescriptor m;
    m.name = "random";
    m.label = "Random search";
    m.summary = "networks drawn uniformly from the space: the baseline every comparison needs";
    m.settings = randomSearchSettingsSchema();
    // The research notes compare each method with random search at an equal budget.
    m.presets = {
        {"quick", "48 evaluations in batches of 12: the same work as NSGA-II's quick preset, about 4 min on 2 idle cores",
         48, 12, "{}"},
        {"paper", "1,000 evaluations in batches of 20: HW-EvRSNAS's paper budget, for comparisons at equal evaluations; about 1 h on 2 idle cores (estimated)",
         1000, 20, "{}"},
    };
    m.create = [](const std::string& settings) -> std::unique_ptr<SearchMethod> {
        return std::make_unique<RandomSearch>(randomSearchSettingsFromJson(settings));
    };
    return m;
}

} // namespace edgenas::search
