#include "id_list.h"

#include <charconv>

namespace edgenas::store {

void appendIdList(std::string& out, std::span<const std::int64_t> ids) {
    out += '[';
    char digits[24];
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0)
            out += ',';
        const auto result = std::to_chars(digits, digits + sizeof digits, ids[i]);
        out.append(digits, result.ptr);
    }
    out += ']';
}

std::optional<std::vector<std::int64_t>> parseIdList(std::string_view text) {
    auto skipSpace = [&](std::size_t& i) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r'))
            ++i;
    };
    std::vector<std::int64_t> ids;
    std::size_t i = 0;
    skipSpace(i);
    if (i >= text.size() || text[i] != '[')
        return std::nullopt;
    ++i;
    skipSpace(i);
    if (i < text.size() && text[i] == ']') {
        ++i;
    } else {
        while (true) {
            skipSpace(i);
            std::int64_t value = 0;
            const auto result = std::from_chars(text.data() + i, text.data() + text.size(), value);
            if (result.ec != std::errc())
                return std::nullopt;
            ids.push_back(value);
            i = static_cast<std::size_t>(result.ptr - text.data());
            skipSpace(i);
            if (i >= text.size())
                return std::nullopt;
            if (text[i] == ']') {
                ++i;
                break;
            }
            if (text[i] != ',')
                return std::nullopt;
            ++i;
        }
    }
    skipSpace(i);
    if (i != text.size())
        return std::nullopt;
    return ids;
}

} // namespace edgenas::store
