#pragma once

#include "method_descriptor.h"
#include "search_method.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace edgenas::search {

struct RunConfig;

/// The methods this process knows. The built-in ones are registered on first use by
/// registerBuiltInMethods() (registered_methods.cpp, the one list that names them); tests and
/// plug-ins add theirs with add().
class MethodRegistry {
public:
    static MethodRegistry& global();

    /// Adds (or replaces) a method and its metrics. Throws core::InputError when the descriptor
    /// has no name, no factory or no preset.
    void add(MethodDescriptor descriptor);

    const MethodDescriptor* find(const std::string& name) const;
    /// Throws core::InputError listing the known names.
    const MethodDescriptor& require(const std::string& name) const;
    std::vector<std::string> names() const;

private:
    MethodRegistry() = default;
    mutable std::mutex m_mutex;
    std::vector<std::unique_ptr<MethodDescriptor>> m_methods;  // pointers stay valid
};

/// Registers NSGA-II, HW-EvRSNAS, random search, ... (defined in registered_methods.cpp).
void registerBuiltInMethods(MethodRegistry& registry);

/// Checks a settings block against the method's schema: unknown keys, types, ranges and choices,
/// each error naming "settings.<key>". Throws core::InputError.
void validateMethodSettings(const MethodDescriptor& method, const std::string& settingsJson);

/// Validates the settings and creates the method by name. Throws core::InputError listing the
/// known names, or naming a bad settings key.
std::unique_ptr<SearchMethod> makeSearchMethod(const std::string& name, const std::string& settingsJson = "{}");
std::vector<std::string> knownMethodNames();

/// Sets the run's budget from the method's preset and merges its settings; records the preset's
/// name in the config. Throws core::InputError naming the known presets.
void applyMethodPreset(RunConfig& config, const std::string& presetName);

/// "settings.KEY=VALUE" from the command line as a JSON value of the setting's kind, merged into
/// the run's settings. Throws core::InputError for an unknown key or a value of the wrong kind.
void applySettingAssignment(RunConfig& config, const std::string& assignment);

} // namespace edgenas::search
