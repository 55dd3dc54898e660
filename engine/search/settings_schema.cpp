#include "settings_schema.h"

#include "core/errors.h"

#include <algorithm>

namespace edgenas::search {

namespace {

using nlohmann::json;
using Kind = SettingDescriptor::Kind;

SettingDescriptor setting(std::string key, Kind kind, std::string help, std::string defaultJson) {
    SettingDescriptor s;
    s.key = std::move(key);
    s.kind = kind;
    s.help = std::move(help);
    s.defaultJson = std::move(defaultJson);
    return s;
}

std::string listed(const std::vector<std::string>& choices) {
    std::string out;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        if (i > 0)
            out += i + 1 == choices.size() ? " or " : ", ";
        out += choices[i].empty() ? std::string("empty") : "\"" + choices[i] + "\"";
    }
    return out;
}

} // namespace

SettingDescriptor integerSetting(std::string key, long long minimum, long long maximum, long long defaultValue,
                                 std::string help) {
    SettingDescriptor s = setting(std::move(key), Kind::Integer, std::move(help), json(defaultValue).dump());
    s.minimum = static_cast<double>(minimum);
    s.maximum = static_cast<double>(maximum);
    return s;
}

SettingDescriptor numberSetting(std::string key, double minimum, double maximum, double defaultValue,
                                std::string help) {
    SettingDescriptor s = setting(std::move(key), Kind::Number, std::move(help), json(defaultValue).dump());
    s.minimum = minimum;
    s.maximum = maximum;
    return s;
}

SettingDescriptor choiceSetting(std::string key, std::vector<std::string> choices, std::string defaultValue,
                                std::string help) {
    SettingDescriptor s = setting(std::move(key), Kind::Choice, std::move(help), json(defaultValue).dump());
    s.choices = std::move(choices);
    return s;
}

SettingDescriptor booleanSetting(std::string key, bool defaultValue, std::string help) {
    return setting(std::move(key), Kind::Boolean, std::move(help), json(defaultValue).dump());
}

SettingDescriptor textSetting(std::string key, std::string defaultValue, std::string help) {
    return setting(std::move(key), Kind::Text, std::move(help), json(defaultValue).dump());
}

void checkSetting(const SettingDescriptor& s, const json& v, const std::string& key) {
    auto bad = [&key](const std::string& what) { throw core::InputError("config key '" + key + "' must be " + what); };
    switch (s.kind) {
    case Kind::Integer:
        // Compared as doubles: the bounds fit a double exactly up to 2^53, far above any setting's.
        if (!v.is_number_integer() || static_cast<double>(v.get<long long>()) < s.minimum ||
            static_cast<double>(v.get<long long>()) > s.maximum)
            bad("a whole number from " + json(static_cast<long long>(s.minimum)).dump() + " to " +
                json(static_cast<long long>(s.maximum)).dump());
        return;
    case Kind::Number:
        if (!v.is_number() || !(v.get<double>() >= s.minimum) || !(v.get<double>() <= s.maximum))
            bad("a number from " + json(s.minimum).dump() + " to " + json(s.maximum).dump());
        return;
    case Kind::Choice:
        if (!v.is_string() || std::find(s.choices.begin(), s.choices.end(), v.get<std::string>()) == s.choices.end())
            bad(listed(s.choices));
        return;
    case Kind::Boolean:
        if (!v.is_boolean())
            bad("true or false");
        return;
    case Kind::Text:
        if (!v.is_string())
            bad("a string");
        return;
    }
}

void checkSettings(const std::string& method, const std::vector<SettingDescriptor>& schema, const json& settings) {
    if (!settings.is_object())
        throw core::InputError("config key 'settings' must be an object");
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        const auto s = std::find_if(schema.begin(), schema.end(),
                                    [&](const SettingDescriptor& d) { return d.key == it.key(); });
        if (s == schema.end()) {
            std::string known;
            for (const SettingDescriptor& d : schema)
                known += (known.empty() ? "" : ", ") + d.key;
            throw core::InputError("unknown config key 'settings." + it.key() + "' (" + method + " knows " +
                                   (known.empty() ? std::string("no settings") : known) + ")");
        }
        checkSetting(*s, *it, "settings." + it.key());
    }
}

} // namespace edgenas::search
