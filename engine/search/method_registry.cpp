#include "method_registry.h"

#include "method_settings_json.h"
#include "run_config.h"
#include "settings_schema.h"

#include "core/errors.h"
#include "core/json_input.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace edgenas::search {

namespace {

using nlohmann::json;

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

} // namespace

MethodRegistry& MethodRegistry::global() {
    static MethodRegistry* registry = [] {
        auto* r = new MethodRegistry;  // never destroyed: descriptors outlive every static user
        registerBuiltInMethods(*r);
        return r;
    }();
    return *registry;
}

void MethodRegistry::add(MethodDescriptor descriptor) {
    if (descriptor.name.empty() || !descriptor.create || descriptor.presets.empty())
        throw core::InputError("method '" + descriptor.name + "': a method needs a name, a factory and a preset");
    for (const core::MetricDescriptor& m : descriptor.metrics)
        core::MetricCatalog::global().add(m);
    std::lock_guard lock(m_mutex);
    for (auto& m : m_methods)
        if (m->name == descriptor.name) {
            *m = std::move(descriptor);
            return;
        }
    m_methods.push_back(std::make_unique<MethodDescriptor>(std::move(descriptor)));
}

const MethodDescriptor* MethodRegistry::find(const std::string& name) const {
    std::lock_guard lock(m_mutex);
    for (const auto& m : m_methods)
        if (m->name == name)
            return m.get();
    return nullptr;
}

const MethodDescriptor& MethodRegistry::require(const std::string& name) const {
    if (const MethodDescriptor* m = find(name))
        return *m;
    throw core::InputError("unknown search method '" + name + "' (known: " + joined(names()) + ")");
}

std::vector<std::string> MethodRegistry::names() const {
    std::lock_guard lock(m_mutex);
    std::vector<std::string> out;
    for (const auto& m : m_methods)
        out.push_back(m->name);
    return out;
}

void validateMethodSettings(const MethodDescriptor& method, const std::string& settingsJson) {
    checkSettings(method.name, method.settings, methodSettingsObject(settingsJson));
}

std::unique_ptr<SearchMethod> makeSearchMethod(const std::string& name, const std::string& settingsJson) {
    const MethodDescriptor& method = MethodRegistry::global().require(name);
    validateMethodSettings(method, settingsJson);
    return method.create(settingsJson);
}

std::vector<std::string> knownMethodNames() { return MethodRegistry::global().names(); }

void applyMethodPreset(RunConfig& config, const std::string& presetName) {
    const MethodDescriptor& method = MethodRegistry::global().require(config.method);
    const MethodPreset* preset = method.preset(presetName);
    if (!preset) {
        std::vector<std::string> known;
        for (const MethodPreset& p : method.presets)
            known.push_back(p.name);
        throw core::InputError("unknown preset '" + presetName + "' for " + method.name + " (known: " + joined(known) + ")");
    }
    if (!preset->configJson.empty() && preset->configJson != "{}") {
        json merged = json::parse(toJson(config));
        merged.merge_patch(json::parse(preset->configJson));
        config = runConfigFromJson(merged.dump());
    }
    if (preset->evaluations > 0)
        config.evaluations = preset->evaluations;
    if (preset->population > 0)
        config.population = preset->population;
    json settings = methodSettingsObject(config.methodSettingsJson);
    settings.merge_patch(json::parse(preset->settingsJson.empty() ? "{}" : preset->settingsJson));
    config.methodSettingsJson = settings.dump();
    config.preset = preset->name;
}

void applySettingAssignment(RunConfig& config, const std::string& assignment) {
    const MethodDescriptor& method = MethodRegistry::global().require(config.method);
    const std::size_t eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw core::InputError("--set takes KEY=VALUE, got '" + assignment + "'");
    const std::string key = assignment.substr(0, eq);
    const std::string text = assignment.substr(eq + 1);
    const SettingDescriptor* s = method.setting(key);
    if (!s) {
        std::vector<std::string> known;
        for (const SettingDescriptor& d : method.settings)
            known.push_back(d.key);
        throw core::InputError("--set " + key + ": " + method.name + " has no such setting (known: " + joined(known) + ")");
    }
    json value;
    using K = SettingDescriptor::Kind;
    if (s->kind == K::Choice || s->kind == K::Text) {
        value = text;
    } else {
        try {
            value = core::parseInputJson(text, "--set " + key);
        } catch (const core::InputError&) {
            throw core::InputError("--set " + key + ": '" + text + "' is not a value of this setting");
        }
    }
    checkSetting(*s, value, "settings." + key);
    json settings = methodSettingsObject(config.methodSettingsJson);
    settings[key] = value;
    config.methodSettingsJson = settings.dump();
}

} // namespace edgenas::search
