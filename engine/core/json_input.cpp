#include "json_input.h"

#include "errors.h"

namespace edgenas::core {

nlohmann::ordered_json parseInputJson(std::string_view text, const std::string& subject) {
    using Json = nlohmann::ordered_json;
    // The parser's callback sees each key before its value is lexed, so the last key seen is the
    // one an overflowing number belongs to.
    std::string lastKey;
    const Json::parser_callback_t trackKeys = [&lastKey](int, Json::parse_event_t event, Json& parsed) {
        if (event == Json::parse_event_t::key)
            lastKey = parsed.get<std::string>();
        return true;
    };
    try {
        return Json::parse(text.begin(), text.end(), trackKeys);
    } catch (const nlohmann::json::out_of_range&) {
        throw InputError(subject + (lastKey.empty() ? std::string() : " key '" + lastKey + "'") +
                         ": a number is too large to represent");
    } catch (const nlohmann::json::exception& e) {
        throw InputError(subject + " is malformed: " + e.what());
    }
}

} // namespace edgenas::core
