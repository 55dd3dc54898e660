#pragma once

#include "architecture.h"

#include <string>
#include <string_view>

namespace edgenas::core {

/// Stable JSON text of an architecture: keys in fixed order, only the fields each op uses.
std::string toJson(const Architecture& architecture, int indent = 2);

/// Parses architecture JSON; throws InputError naming the offending key or node.
/// The result is validated (shapes inferred), so it is always buildable.
Architecture architectureFromJson(std::string_view text);

/// Reads and parses a file; errors name the file.
Architecture loadArchitectureFile(const std::string& path);
void saveArchitectureFile(const Architecture& architecture, const std::string& path);

} // namespace edgenas::core
