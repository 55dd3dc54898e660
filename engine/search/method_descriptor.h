#pragma once

#include "core/metric_catalog.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace edgenas::search {

class SearchMethod;

/// One key of a method's settings block. The schema drives validation (the registry checks type,
/// range and choices before the method parses), `edgenas search --set KEY=VALUE` and its help, and
/// the launch dialog's settings editor.
struct SettingDescriptor {
    enum class Kind { Integer, Number, Choice, Boolean, Text };
    std::string key;        ///< "mutation_rate"
    Kind kind = Kind::Number;
    std::string help;       ///< one line, English
    double minimum = 0.0;   ///< Integer and Number: inclusive range
    double maximum = 0.0;
    std::vector<std::string> choices;  ///< Choice: the allowed words
    std::string defaultJson;           ///< the method's default as JSON text ("0.1", "\"per-gene\"")
};

/// A named budget: "quick" (the default, with its time on two cores) and "paper" (the method
/// notes' budgets). Applying one sets the run's budget and merges the settings.
struct MethodPreset {
    std::string name;
    std::string summary;   ///< what it is and what it costs, e.g. "about 15 min on 2 cores (estimated)"
    int evaluations = 0;   ///< 0 = keep the run's
    int population = 0;    ///< 0 = keep the run's
    std::string settingsJson = "{}";  ///< merged over the run's method settings
    /// Run-config keys the preset sets (JSON merged over the run's config, e.g. a method that needs
    /// its own space: {"space": {"name": "dag"}}); "{}" = none. Command-line flags still override.
    std::string configJson = "{}";
};

/// Everything the framework, the CLI and the workbench need to know about a method, declared once
/// in the method's folder and registered by one line in registered_methods.cpp.
struct MethodDescriptor {
    std::string name;     ///< as in configs and the store
    std::string label;    ///< English, translated by the views: "NSGA-II"
    std::string summary;  ///< one line for help texts and the launch dialog
    std::vector<std::string> defaultObjectives{"accuracy", "latency"};
    /// Metrics the plot prefers on its axes (stored names); empty = the run's objectives.
    std::string plotX;
    std::string plotY;
    std::vector<SettingDescriptor> settings;
    std::vector<MethodPreset> presets;  ///< the first is the default
    /// Metrics the method's candidates carry beyond the built-in ones (added to core::MetricCatalog).
    std::vector<core::MetricDescriptor> metrics;
    /// Builds the method from its (already schema-checked) settings; throws core::InputError.
    std::function<std::unique_ptr<SearchMethod>(const std::string& settingsJson)> create;
    /// Extra report lines from the stored run config and the last generation's whole state (the
    /// method's own under "method"); may be empty. Callers drop the lines when it throws.
    std::function<std::vector<std::string>(const std::string& configJson, const std::string& stateJson)> reportLines;

    const SettingDescriptor* setting(const std::string& key) const;
    const MethodPreset* preset(const std::string& name) const;
};

} // namespace edgenas::search
