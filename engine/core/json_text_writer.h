#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace edgenas::core {

/// Appends JSON text to a string, laid out byte for byte as nlohmann's dump(indent) lays out the
/// same values (compact for indent < 0), for writers that know their document's shape and so need
/// no tree. Calls must follow the document's order (key, then its value); nothing checks that.
/// Nesting is limited to 63 levels.
class JsonTextWriter {
public:
    /// `out` is appended to and must outlive the writer.
    JsonTextWriter(std::string& out, int indent) : m_out(out), m_indent(indent) {}

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }
    /// A member name inside an object; the next call writes its value.
    void key(std::string_view name);
    void value(std::string_view text);
    // Without this overload a string literal would pick value(bool).
    void value(const char* text) { value(std::string_view(text)); }
    void value(int number);
    void value(bool flag);

private:
    void beforeValue();
    void open(char bracket);
    void close(char bracket);
    void newLine(int depth);
    bool pretty() const { return m_indent >= 0; }

    std::string& m_out;
    int m_indent;
    int m_depth = 0;                 ///< containers open
    std::uint64_t m_hasMembers = 0;  ///< bit d: the container at depth d already has a member
    bool m_afterKey = false;         ///< the next value belongs to the key just written
};

/// Appends `text` as a quoted JSON string, escaped as nlohmann's dump() escapes it by default:
/// \b \t \n \f \r \" \\ by name, other bytes below 0x20 as \u00xx, UTF-8 copied unchanged.
/// Throws nlohmann's type_error 316 with dump()'s message for text that is not valid UTF-8.
void appendJsonString(std::string& out, std::string_view text);

} // namespace edgenas::core
