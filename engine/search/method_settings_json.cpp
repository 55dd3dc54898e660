#include "method_settings_json.h"

#include "core/errors.h"
#include "core/json_input.h"

#include <algorithm>
#include <sstream>

namespace edgenas::search {

nlohmann::json methodSettingsObject(const std::string& text) {
    const nlohmann::json settings =
        core::parseInputJson(text.empty() ? "{}" : text, "config key 'settings'", "config", "settings.");
    if (!settings.is_object())
        throw core::InputError("config key 'settings' must be an object");
    return settings;
}

namespace {
std::string plain(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}
} // namespace

std::vector<double> numberListSetting(const std::string& text, const NumberListRule& rule) {
    std::vector<double> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        std::size_t used = 0;
        double value = 0.0;
        try {
            value = std::stod(item, &used);
        } catch (const std::logic_error&) {
            used = 0;
        }
        const bool inside = rule.openEnds ? (value > rule.low && value < rule.high)
                                          : (value >= rule.low && value <= rule.high);
        if (used == 0 || item.find_first_not_of(" \t", used) != std::string::npos || !inside)
            throw core::InputError("settings." + rule.key + ": '" + item + "' is not a " + rule.noun + " between " +
                                   plain(rule.low) + " and " + plain(rule.high) + " (write e.g. \"" + rule.example +
                                   "\")");
        out.push_back(value);
    }
    if (out.empty())
        throw core::InputError("settings." + rule.key + ": give at least one " + rule.noun + ", e.g. \"" + rule.single +
                               "\"");
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

} // namespace edgenas::search
