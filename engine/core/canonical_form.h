#pragma once

#include "architecture.h"

#include <string>

namespace edgenas::core {

/// The same network with everything that cannot change its outputs removed: Zero inputs of sums
/// that have other inputs, and nodes no output depends on. Ids renumbered, labels and metadata kept.
Architecture canonicalized(const Architecture& architecture);

/// 16 hex digits identifying the canonical form; equal for functionally identical graphs that
/// differ only in dead nodes, labels or metadata. Used to de-duplicate candidates.
std::string canonicalHash(const Architecture& architecture);

} // namespace edgenas::core
