#include "nsga2_settings.h"

#include "search/method_settings_json.h"

#include "core/errors.h"

#include <nlohmann/json.hpp>

namespace edgenas::search {

using nlohmann::json;

Nsga2Settings nsga2SettingsFromJson(const std::string& text) {
    const json j = methodSettingsObject(text);
    Nsga2Settings s;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string key = "settings." + it.key();
        if (it.key() == "crossover") {
            if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > 1)
                throw core::InputError("config key '" + key + "' must be a number between 0 and 1");
            s.crossoverProbability = it->get<double>();
        } else if (it.key() == "mutation_rate") {
            if (!it->is_number() || it->get<double>() > 1)
                throw core::InputError("config key '" + key + "' must be a number up to 1 (<= 0: 1/genes)");
            s.mutationRate = it->get<double>();
        } else if (it.key() == "duplicate_retries") {
            if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > 10000)
                throw core::InputError("config key '" + key + "' must be a whole number from 1 to 10000");
            s.duplicateRetries = it->get<int>();
        } else {
            throw core::InputError("unknown config key '" + key +
                                   "' (nsga2 knows crossover, mutation_rate, duplicate_retries)");
        }
    }
    return s;
}

} // namespace edgenas::search
