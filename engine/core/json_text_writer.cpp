#include "json_text_writer.h"

#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <string>

namespace edgenas::core {

namespace {

constexpr char kLowerHex[] = "0123456789abcdef";
constexpr char kUpperHex[] = "0123456789ABCDEF";

// Bytes that cannot be copied as they are: control characters, the quote, the backslash (all
// escaped) and every non-ASCII byte (checked as UTF-8). One look-up per byte keeps the common
// case, plain ASCII, to a single test.
constexpr std::array<bool, 256> kNeedsCare = [] {
    std::array<bool, 256> table{};
    for (int byte = 0; byte < 256; ++byte)
        table[static_cast<std::size_t>(byte)] = byte < 0x20 || byte == '"' || byte == '\\' || byte >= 0x80;
    return table;
}();

std::string upperHexByte(unsigned char byte) { return {kUpperHex[byte >> 4], kUpperHex[byte & 0xF]}; }

// The exception and message nlohmann's dump() gives for the same text, so callers that catch it
// (or print it) see no difference. `at` == text.size() means the text ended inside a character.
[[noreturn]] void throwInvalidUtf8(std::string_view text, std::size_t at) {
    const std::string problem =
        at >= text.size()
            ? "incomplete UTF-8 string; last byte: 0x" + upperHexByte(static_cast<unsigned char>(text.back()))
            : "invalid UTF-8 byte at index " + std::to_string(at) + ": 0x" +
                  upperHexByte(static_cast<unsigned char>(text[at]));
    throw nlohmann::json::type_error::create(316, problem, nullptr);
}

// Length of the well-formed UTF-8 character starting with the non-ASCII byte at `at` (RFC 3629:
// no overlong forms, no surrogates, nothing past U+10FFFF); throws at the first byte that breaks it.
std::size_t utf8CharacterLength(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = 0;
    unsigned char secondLow = 0x80;
    unsigned char secondHigh = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            secondLow = 0xA0;  // below: an overlong two-byte character
        if (lead == 0xED)
            secondHigh = 0x9F;  // above: UTF-16 surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            secondLow = 0x90;  // below: an overlong three-byte character
        if (lead == 0xF4)
            secondHigh = 0x8F;  // above: past U+10FFFF
    } else {
        throwInvalidUtf8(text, at);  // a continuation byte, an overlong lead (C0, C1) or F5..FF
    }
    for (std::size_t k = 1; k < length; ++k) {
        if (at + k >= text.size())
            throwInvalidUtf8(text, text.size());
        const auto byte = static_cast<unsigned char>(text[at + k]);
        const unsigned char low = k == 1 ? secondLow : 0x80;
        const unsigned char high = k == 1 ? secondHigh : 0xBF;
        if (byte < low || byte > high)
            throwInvalidUtf8(text, at + k);
    }
    return length;
}

} // namespace

void appendJsonString(std::string& out, std::string_view text) {
    out += '"';
    // Bytes that need nothing are copied in runs; `copied` is where the pending run starts.
    std::size_t copied = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (!kNeedsCare[byte]) {
            ++i;
            continue;
        }
        if (byte >= 0x80) {
            i += utf8CharacterLength(text, i);
            continue;
        }
        out.append(text.data() + copied, i - copied);
        switch (byte) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        default: {
            const char escaped[] = {'\\', 'u', '0', '0', kLowerHex[byte >> 4], kLowerHex[byte & 0xF]};
            out.append(escaped, sizeof escaped);
        }
        }
        copied = ++i;
    }
    out.append(text.data() + copied, text.size() - copied);
    out += '"';
}

void JsonTextWriter::key(std::string_view name) {
    beforeValue();
    appendJsonString(m_out, name);
    m_out += pretty() ? ": " : ":";
    m_afterKey = true;
}

void JsonTextWriter::value(std::string_view text) {
    beforeValue();
    appendJsonString(m_out, text);
}

void JsonTextWriter::value(int number) {
    beforeValue();
    char digits[16];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    m_out.append(digits, static_cast<std::size_t>(end - digits));
}

void JsonTextWriter::value(bool flag) {
    beforeValue();
    m_out += flag ? "true" : "false";
}

void JsonTextWriter::beforeValue() {
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_depth == 0)
        return;
    const std::uint64_t bit = std::uint64_t{1} << m_depth;
    if (m_hasMembers & bit)
        m_out += ',';
    m_hasMembers |= bit;
    if (pretty())
        newLine(m_depth);
}

void JsonTextWriter::open(char bracket) {
    beforeValue();
    m_out += bracket;
    ++m_depth;
    m_hasMembers &= ~(std::uint64_t{1} << m_depth);
}

void JsonTextWriter::close(char bracket) {
    // dump() writes an empty container as {} or [] even when indenting.
    if (pretty() && (m_hasMembers & (std::uint64_t{1} << m_depth)))
        newLine(m_depth - 1);
    --m_depth;
    m_out += bracket;
}

void JsonTextWriter::newLine(int depth) {
    m_out += '\n';
    m_out.append(static_cast<std::size_t>(depth) * static_cast<std::size_t>(m_indent), ' ');
}

} // namespace edgenas::core
