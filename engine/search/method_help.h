#pragma once

#include <string>

namespace edgenas::search {

/// The methods section of `edgenas search --help`, generated from the registry: each method with
/// its summary, presets (the first is the default) and settings (kind, range or choices, default).
std::string describeRegisteredMethods();

} // namespace edgenas::search
