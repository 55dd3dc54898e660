#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace edgenas::search {

/// A method's settings text (RunConfig::methodSettingsJson) as a JSON object; empty text is `{}`.
/// Throws core::InputError naming the 'settings' key when it is not valid JSON or not an object,
/// so every method reports a malformed settings block the same way.
nlohmann::json methodSettingsObject(const std::string& text);

} // namespace edgenas::search
