#pragma once

#include "search_space.h"
#include "space_options.h"

#include <memory>
#include <string>
#include <vector>

namespace edgenas::spaces {

/// Creates a space by name ("nb201", "mobilenet", "dag"; "nasbench201", "fbnet" and "swiftnet"
/// are accepted as aliases). Throws core::InputError listing the known names for anything else, and for options
/// the space cannot be built with.
std::unique_ptr<SearchSpace> makeSearchSpace(const std::string& name, const SpaceOptions& options = {});

/// The canonical names makeSearchSpace accepts, for command-line help and GUI pickers.
std::vector<std::string> knownSpaceNames();

} // namespace edgenas::spaces
