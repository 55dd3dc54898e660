#include "json_input.h"

#include "errors.h"

#include <algorithm>
#include <set>
#include <vector>

namespace edgenas::core {

namespace {

using Json = nlohmann::ordered_json;

// Where the parser is: one frame per open object or array, so an error can name the key path
// ("training.lr", "nodes[3].kernel") rather than the last key read.
struct Frame {
    bool array = false;
    long long index = -1;        ///< arrays: the element being read
    std::string key;             ///< objects: the key being read
    std::set<std::string> keys;  ///< objects: keys seen, to refuse a repeated one
};

std::string pathOf(const std::vector<Frame>& frames, const std::string& keyPrefix) {
    std::string path = keyPrefix;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const Frame& f = frames[i];
        if (f.array) {
            // The innermost array has not counted the element under way yet.
            const long long index = i + 1 == frames.size() ? f.index + 1 : f.index;
            path += "[" + std::to_string(index) + "]";
        } else if (!f.key.empty()) {
            path += (path.empty() || path.back() == '.' ? "" : ".") + f.key;
        }
    }
    if (!path.empty() && path.back() == '.')
        path.pop_back();
    return path;
}

// Text that is not UTF-8 fails in the JSON parser with a message about a stray byte; say what it is.
void requireUtf8Text(std::string_view text, const std::string& subject) {
    auto startsWith = [&](std::string_view bom) { return text.substr(0, bom.size()) == bom; };
    if (startsWith(std::string_view("\xFF\xFE\0\0", 4)) || startsWith(std::string_view("\0\0\xFE\xFF", 4)))
        throw InputError(subject + " is UTF-32 text; save it as UTF-8");
    if (startsWith("\xFF\xFE") || startsWith("\xFE\xFF"))
        throw InputError(subject + " is UTF-16 text; save it as UTF-8");
    if (text.find('\0') != std::string_view::npos)
        throw InputError(subject +
                         " is not text (it holds NUL bytes: binary data, or UTF-16 without a byte-order mark)");
    if (std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }))
        throw InputError(subject + " is empty");
}

// "[json.exception.parse_error.101] parse error at line 2, column 1: ..." without the library's tag.
std::string withoutLibraryTag(const std::string& message) {
    if (message.rfind("[json.exception.", 0) == 0)
        if (const auto end = message.find("] "); end != std::string::npos)
            return message.substr(end + 2);
    return message;
}

} // namespace

nlohmann::ordered_json parseInputJson(std::string_view text, const std::string& subject, const std::string& keyOwner,
                                      const std::string& keyPrefix) {
    requireUtf8Text(text, subject);
    const std::string owner = keyOwner.empty() ? subject : keyOwner;
    std::vector<Frame> frames;
    const Json::parser_callback_t track = [&](int, Json::parse_event_t event, Json& parsed) {
        switch (event) {
        case Json::parse_event_t::object_start:
        case Json::parse_event_t::array_start:
            if (!frames.empty() && frames.back().array)
                ++frames.back().index;
            frames.push_back(Frame{.array = event == Json::parse_event_t::array_start});
            break;
        case Json::parse_event_t::object_end:
        case Json::parse_event_t::array_end:
            if (!frames.empty())
                frames.pop_back();
            break;
        case Json::parse_event_t::key: {
            Frame& object = frames.back();
            object.key = parsed.get<std::string>();
            // The library keeps the last of repeated keys silently; a config would then mean one
            // thing to its reader and another to us.
            if (!object.keys.insert(object.key).second)
                throw InputError(owner + " key '" + pathOf(frames, keyPrefix) + "' appears twice");
            break;
        }
        case Json::parse_event_t::value:
            if (!frames.empty() && frames.back().array)
                ++frames.back().index;
            break;
        }
        return true;
    };
    try {
        return Json::parse(text.begin(), text.end(), track);
    } catch (const nlohmann::json::out_of_range&) {
        const std::string path = pathOf(frames, keyPrefix);
        throw InputError((path.empty() ? subject : owner + " key '" + path + "'") +
                         ": a number is too large to represent");
    } catch (const nlohmann::json::exception& e) {
        throw InputError(subject + " is malformed: " + withoutLibraryTag(e.what()));
    }
}

} // namespace edgenas::core
