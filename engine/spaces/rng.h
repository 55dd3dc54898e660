#pragma once

// The engine's one deterministic generator lives in core; spaces code names it spaces::Rng.
#include "core/rng.h"

namespace edgenas::spaces {
using core::Rng;
} // namespace edgenas::spaces
