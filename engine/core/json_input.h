#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace edgenas::core {

/// Parses JSON that a user wrote (a config, an architecture, method settings). Every failure is
/// a core::InputError: "<subject> is malformed: <parser's reason>" for broken text, and for a
/// number no double can hold (1e400) a message naming the key it was given for, which the JSON
/// library's own out-of-range error does not.
nlohmann::ordered_json parseInputJson(std::string_view text, const std::string& subject);

} // namespace edgenas::core
