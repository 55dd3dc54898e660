#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace edgenas::core {

/// Parses JSON that a user wrote (a config, an architecture, method settings). Every failure is
/// a core::InputError: "<subject> is malformed: <parser's reason>" for broken text, "<subject> is
/// empty", "<subject> is UTF-16 text" (or not text at all), and for a number no double can hold
/// (1e400) or a key given twice a message naming the key's path ("<keyOwner> key 'training.lr'"),
/// which the JSON library's own errors do not. `keyOwner` defaults to the subject; `keyPrefix`
/// starts every path, for text that is one block of a larger file ("settings.").
nlohmann::ordered_json parseInputJson(std::string_view text, const std::string& subject,
                                      const std::string& keyOwner = {}, const std::string& keyPrefix = {});

} // namespace edgenas::core
