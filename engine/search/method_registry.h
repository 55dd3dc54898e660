#pragma once

#include "search_method.h"

#include <memory>
#include <string>
#include <vector>

namespace edgenas::search {

/// Creates a method by name with its settings JSON (RunConfig::methodSettingsJson). Throws
/// core::InputError listing the known names, or naming a bad settings key.
std::unique_ptr<SearchMethod> makeSearchMethod(const std::string& name, const std::string& settingsJson = "{}");
std::vector<std::string> knownMethodNames();

} // namespace edgenas::search
