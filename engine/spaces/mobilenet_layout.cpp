#include "mobilenet_layout.h"

#include "core/errors.h"
#include "spaces/mobilenet_default_layout.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace edgenas::spaces {

namespace {

using nlohmann::json;

constexpr const char* kFormatName = "edgenas-mobilenet-layout";
constexpr int kFormatVersion = 1;
// Keeps widths far from int overflow in hidden = width * 6 and in the MAC products.
constexpr int kMaxWidth = 1 << 16;

// Reads values with errors that say where they are ("<source>: stages[2]: missing key 'width'").
class LayoutReader {
public:
    LayoutReader(std::string source, std::string where) : m_source(std::move(source)), m_where(std::move(where)) {}

    LayoutReader at(const std::string& where) const { return LayoutReader(m_source, where); }

    [[noreturn]] void fail(const std::string& problem) const {
        throw core::InputError(m_source + ": " + (m_where.empty() ? "" : m_where + ": ") + problem);
    }

    const json& require(const json& object, const char* key) const {
        auto it = object.find(key);
        if (it == object.end())
            fail(std::string("missing key '") + key + "'");
        return *it;
    }

    const json& object(const json& object, const char* key) const {
        const json& value = require(object, key);
        if (!value.is_object())
            fail(std::string("key '") + key + "' must be an object");
        return value;
    }

    int integer(const json& object, const char* key, int minimum, int maximum) const {
        const json& value = require(object, key);
        if (!value.is_number_integer())
            fail(std::string("key '") + key + "' must be an integer");
        const auto v = value.get<long long>();
        if (v < minimum || v > maximum)
            fail(std::string("key '") + key + "' is " + std::to_string(v) + ", expected " + std::to_string(minimum) +
                 ".." + std::to_string(maximum));
        return static_cast<int>(v);
    }

    int evenWidth(const json& object, const char* key) const {
        const int width = integer(object, key, 2, kMaxWidth);
        // The *_g2 blocks split the channels into two groups.
        if (width % 2 != 0)
            fail(std::string("key '") + key + "' is " + std::to_string(width) +
                 ", but widths must be even for the 2-group blocks");
        return width;
    }

    void rejectUnknownKeys(const json& object, const std::set<std::string>& known) const {
        for (auto it = object.begin(); it != object.end(); ++it)
            if (!known.count(it.key()))
                fail("unknown key '" + it.key() + "'");
    }

private:
    std::string m_source;
    std::string m_where;
};

std::vector<bool> readAllowSkip(const LayoutReader& r, const json& stage, int layers) {
    auto it = stage.find("allow_skip");
    if (it == stage.end())
        return std::vector<bool>(static_cast<std::size_t>(layers), true);
    if (it->is_boolean())
        return std::vector<bool>(static_cast<std::size_t>(layers), it->get<bool>());
    if (!it->is_array() || static_cast<int>(it->size()) != layers)
        r.fail("key 'allow_skip' must be true, false or an array of " + std::to_string(layers) + " booleans");
    std::vector<bool> allow;
    for (const json& value : *it) {
        if (!value.is_boolean())
            r.fail("key 'allow_skip' must contain only true or false");
        allow.push_back(value.get<bool>());
    }
    return allow;
}

} // namespace

MobileNetLayout MobileNetLayout::fromJson(std::string_view text, const std::string& source) {
    json j;
    try {
        j = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        throw core::InputError(source + ": malformed JSON: " + e.what());
    }
    const LayoutReader r(source, "");
    if (!j.is_object())
        r.fail("the top level must be an object");
    r.rejectUnknownKeys(j, {"format", "version", "description", "stem", "stages", "head"});
    if (auto it = j.find("format"); it != j.end() && !(it->is_string() && it->get<std::string>() == kFormatName))
        r.fail(std::string("key 'format' must be \"") + kFormatName + "\"");
    if (j.contains("version") && r.integer(j, "version", 1, 1 << 30) > kFormatVersion)
        r.fail("key 'version' is newer than this program reads (" + std::to_string(kFormatVersion) + ")");

    MobileNetLayout layout;
    if (auto it = j.find("description"); it != j.end()) {
        if (!it->is_string())
            r.fail("key 'description' must be a string");
        layout.description = it->get<std::string>();
    }

    const json& stem = r.object(j, "stem");
    const LayoutReader sr = r.at("stem");
    sr.rejectUnknownKeys(stem, {"width", "stride"});
    layout.stemWidth = sr.evenWidth(stem, "width");
    layout.stemStride = sr.integer(stem, "stride", 1, 64);

    const json& stages = r.require(j, "stages");
    if (!stages.is_array() || stages.empty())
        r.fail("key 'stages' must be a non-empty array");
    for (std::size_t i = 0; i < stages.size(); ++i) {
        const LayoutReader st = r.at("stages[" + std::to_string(i) + "]");
        const json& s = stages[i];
        if (!s.is_object())
            st.fail("must be an object with width, layers, stride");
        st.rejectUnknownKeys(s, {"width", "layers", "stride", "allow_skip"});
        Stage stage;
        stage.width = st.evenWidth(s, "width");
        stage.layers = st.integer(s, "layers", 1, 1000);
        stage.stride = st.integer(s, "stride", 1, 64);
        stage.allowSkip = readAllowSkip(st, s, stage.layers);
        layout.stages.push_back(std::move(stage));
    }

    const json& head = r.object(j, "head");
    const LayoutReader hr = r.at("head");
    hr.rejectUnknownKeys(head, {"width"});
    layout.headWidth = hr.integer(head, "width", 1, kMaxWidth);
    return layout;
}

MobileNetLayout MobileNetLayout::fromFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw core::InputError(path + ": cannot open mobilenet layout file");
    std::ostringstream text;
    text << in.rdbuf();
    return fromJson(text.str(), path);
}

std::string_view MobileNetLayout::builtinDefaultJson() { return generated::kMobileNetDefaultLayoutJson; }

MobileNetLayout MobileNetLayout::builtinDefault() {
    static const MobileNetLayout layout = fromJson(builtinDefaultJson(), "built-in mobilenet_default.json");
    return layout;
}

int MobileNetLayout::scaleWidth(int width, double multiplier) {
    const double rounded = std::round(width * multiplier / 8.0) * 8.0;
    return rounded < 8.0 ? 8 : static_cast<int>(std::min(rounded, double(kMaxWidth)));
}

MobileNetLayout MobileNetLayout::scaled(double multiplier) const {
    if (!(multiplier > 0.0) || !std::isfinite(multiplier))
        throw core::InputError("width multiplier must be positive, got " + std::to_string(multiplier));
    if (multiplier == 1.0)
        return *this;
    MobileNetLayout result = *this;
    result.stemWidth = scaleWidth(stemWidth, multiplier);
    for (Stage& stage : result.stages)
        stage.width = scaleWidth(stage.width, multiplier);
    result.headWidth = scaleWidth(headWidth, multiplier);
    return result;
}

int MobileNetLayout::layerCount() const {
    int count = 0;
    for (const Stage& stage : stages)
        count += stage.layers;
    return count;
}

} // namespace edgenas::spaces
