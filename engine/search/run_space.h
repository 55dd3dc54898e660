#pragma once

#include "run_config.h"

#include "spaces/search_space.h"
#include "spaces/space_options.h"

#include <memory>
#include <string>

namespace edgenas::search {

/// The space options a run's config stands for: the data set fixes the input shape and class
/// count, the config the space's own settings. One mapping for the search and for rebuilding
/// stored networks, so both decode a genome to the same network.
spaces::SpaceOptions spaceOptionsFor(const RunConfig& config);

/// The run's search space; throws core::InputError for an unknown space, data set or options.
std::unique_ptr<spaces::SearchSpace> makeRunSpace(const RunConfig& config);

/// The architecture JSON a candidate carries (compact core::toJson). The search writes it and
/// RunArchitectureCodec rebuilds it with this one function, so the two agree byte for byte.
std::string candidateArchitectureJson(const core::Architecture& architecture);

} // namespace edgenas::search
