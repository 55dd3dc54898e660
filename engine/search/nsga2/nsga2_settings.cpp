#include "nsga2_settings.h"

#include "search/method_settings_json.h"
#include "search/settings_schema.h"

#include <nlohmann/json.hpp>

namespace edgenas::search {

using nlohmann::json;

const std::vector<SettingDescriptor>& nsga2SettingsSchema() {
    static const std::vector<SettingDescriptor> schema = [] {
        const Nsga2Settings d;
        return std::vector<SettingDescriptor>{
            numberSetting("crossover", 0.0, 1.0, d.crossoverProbability, "chance a selected pair is crossed"),
            numberSetting("mutation_rate", -1.0, 1.0, d.mutationRate, "per gene; 0 or less: 1 / number of genes"),
            integerSetting("duplicate_retries", 1, 10000, d.duplicateRetries,
                           "children tried per offspring before a generation gives up"),
        };
    }();
    return schema;
}

Nsga2Settings nsga2SettingsFromJson(const std::string& text) {
    const json j = methodSettingsObject(text);
    checkSettings("nsga2", nsga2SettingsSchema(), j);
    Nsga2Settings s;
    s.crossoverProbability = j.value("crossover", s.crossoverProbability);
    s.mutationRate = j.value("mutation_rate", s.mutationRate);
    s.duplicateRetries = j.value("duplicate_retries", s.duplicateRetries);
    return s;
}

} // namespace edgenas::search
