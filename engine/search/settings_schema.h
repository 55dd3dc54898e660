#pragma once

#include "method_descriptor.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace edgenas::search {

// Builders for a method's settings schema and the one check every method's settings go through,
// so ranges and messages are written once, next to the setting they describe.

SettingDescriptor integerSetting(std::string key, long long minimum, long long maximum, long long defaultValue,
                                 std::string help);
SettingDescriptor numberSetting(std::string key, double minimum, double maximum, double defaultValue,
                                std::string help);
SettingDescriptor choiceSetting(std::string key, std::vector<std::string> choices, std::string defaultValue,
                                std::string help);
SettingDescriptor booleanSetting(std::string key, bool defaultValue, std::string help);
SettingDescriptor textSetting(std::string key, std::string defaultValue, std::string help);

/// Throws core::InputError "config key '<key>' must be ..." when the value does not fit.
void checkSetting(const SettingDescriptor& setting, const nlohmann::json& value, const std::string& key);

/// Checks a settings object: every key known to the schema and every value fitting. Errors name
/// "settings.<key>"; an unknown key lists what `method` knows.
void checkSettings(const std::string& method, const std::vector<SettingDescriptor>& schema,
                   const nlohmann::json& settings);

} // namespace edgenas::search
