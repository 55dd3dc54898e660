#pragma once

// The engine's one deterministic generator lives in core; moo code names it moo::Rng.
#include "core/rng.h"

namespace edgenas::moo {
using core::Rng;
} // namespace edgenas::moo
