#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edgenas::store {

// Parents and fronts are short integer arrays written and read for every candidate; a tight
// hand-written codec keeps them off the JSON library's allocation-heavy path.

/// "[12,34]"
void appendIdList(std::string& out, std::span<const std::int64_t> ids);
/// Parses what appendIdList wrote (whitespace tolerated); nullopt if it is anything else.
std::optional<std::vector<std::int64_t>> parseIdList(std::string_view text);

} // namespace edgenas::store
