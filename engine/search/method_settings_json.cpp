#include "method_settings_json.h"

#include "core/errors.h"
#include "core/json_input.h"

namespace edgenas::search {

nlohmann::json methodSettingsObject(const std::string& text) {
    const nlohmann::json settings =
        core::parseInputJson(text.empty() ? "{}" : text, "config key 'settings'", "config", "settings.");
    if (!settings.is_object())
        throw core::InputError("config key 'settings' must be an object");
    return settings;
}

} // namespace edgenas::search
