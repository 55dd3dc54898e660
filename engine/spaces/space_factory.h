#pragma once

#include "search_space.h"
#include "space_options.h"

#include <memory>
#include <string>
#include <vector>

namespace edgenas::spaces {

/// Creates a space by name ("nb201", "mobilenet", "dag", "attentive"; "nasbench201", "fbnet",
/// "swiftnet" and "hadas" are accepted as aliases). Throws core::InputError listing the known names for anything else, and for options
/// the space cannot be built with.
std::unique_ptr<SearchSpace> makeSearchSpace(const std::string& name, const SpaceOptions& options = {});

/// The canonical names makeSearchSpace accepts, for command-line help and GUI pickers.
std::vector<std::string> knownSpaceNames();

/// The keys of a run config's "space" object that this space reads beyond "name", "channels",
/// "cells" and "width" (the DAG space: "nodes", "stages"; the attentive space: "layout"); empty
/// for a space without any and for an unknown name. A stored config of the space always carries
/// them; other spaces' configs only where they differ from the default.
std::vector<std::string> spaceConfigKeys(const std::string& name);

} // namespace edgenas::spaces
