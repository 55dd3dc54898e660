#include "method_settings_json.h"

#include "core/errors.h"

namespace edgenas::search {

nlohmann::json methodSettingsObject(const std::string& text) {
    nlohmann::json settings;
    try {
        settings = nlohmann::json::parse(text.empty() ? "{}" : text);
    } catch (const nlohmann::json::parse_error& e) {
        throw core::InputError(std::string("config key 'settings' is not valid JSON: ") + e.what());
    }
    if (!settings.is_object())
        throw core::InputError("config key 'settings' must be an object");
    return settings;
}

} // namespace edgenas::search
