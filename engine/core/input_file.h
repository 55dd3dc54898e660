#pragma once

#include <cstdint>
#include <string>

namespace edgenas::core {

/// The largest file readInputFile takes: far above any config or architecture (a 10,000-node
/// network is about 3 MB), far below what would exhaust memory when a data set is named by mistake.
inline constexpr std::uintmax_t kMaxInputFileBytes = std::uintmax_t(64) << 20;

/// The whole text of a file the user named, for a parser. Throws core::InputError naming the
/// path and `what` it should have been ("config file"): it cannot be opened, it is a folder, or
/// it is larger than kMaxInputFileBytes (checked before reading).
std::string readInputFile(const std::string& path, const std::string& what);

} // namespace edgenas::core
