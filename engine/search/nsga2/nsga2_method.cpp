#include "nsga2_method.h"

#include "nsga2_search.h"

namespace edgenas::search {

MethodDescriptor nsga2Method() {
    MethodDescriptor m;
    m.name = "nsga2";
    m.label = "NSGA-II";
    m.summary = "multi-objective evolution: every candidate trained briefly and measured on the device";
    m.settings = nsga2SettingsSchema();
    // NSGA-II has no seed paper here; "paper" gives it HW-EvRSNAS's paper budget so the two
    // compare at equal evaluations (research notes, methods-gos-evrsnas.md section 1).
    m.presets = {
        {"quick", "population 12, 48 evaluations: NB-201 C = 8 on Fashion-MNIST, about 4 min on 2 idle cores (350 CPU-seconds measured; 11 min wall on a busy machine)",
         48, 12, "{}"},
        {"paper", "population 20, 1,000 evaluations (HW-EvRSNAS's paper budget): about 1 h on 2 idle cores (estimated from the quick preset: 7 CPU-seconds per candidate)",
         1000, 20, "{}"},
    };
    m.create = [](const std::string& settings) -> std::unique_ptr<SearchMethod> {
        return std::make_unique<Nsga2Search>(nsga2SettingsFromJson(settings));
    };
    return m;
}

} // namespace edgenas::search
