#include "device_profile.h"

#include "core/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace edgenas::cost {

using core::InputError;
using Json = nlohmann::json;

namespace {

constexpr const char* kFormat = "edgenas-device-profile";
constexpr int kVersion = 1;
// Frequencies in sysfs tables are exact to the kHz; anything closer than this is the same level.
constexpr double kMhzTolerance = 1e-3;

std::size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

const char* typeName(const Json& value) {
    if (value.is_number())
        return "a number";
    if (value.is_string())
        return "a string";
    if (value.is_boolean())
        return "true/false";
    if (value.is_array())
        return "a list";
    if (value.is_object())
        return "an object";
    return "null";
}

/// Reads one JSON object strictly: every key it reads is checked for type and range, and keys it
/// never reads are reported by finish(), so a typo surfaces as "unknown key" instead of a
/// silently defaulted figure. Error messages carry the file and the dotted key path.
class ObjectReader {
public:
    ObjectReader(const Json& object, std::string file, std::string path)
        : m_object(object), m_file(std::move(file)), m_path(std::move(path)) {
        if (!m_object.is_object())
            fail(m_path.empty() ? "the profile" : m_path, std::string("expected an object, got ") + typeName(object));
    }

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        throw InputError(m_file + ": " + key + ": " + problem);
    }
    std::string keyPath(const std::string& key) const { return m_path.empty() ? key : m_path + "." + key; }

    bool has(const std::string& key) const { return m_object.contains(key); }
    /// Declares an optional key that is absent or read by other means, so finish() accepts it.
    void allow(const std::string& key) { m_read.insert(key); }

    const Json& require(const std::string& key) {
        m_read.insert(key);
        auto it = m_object.find(key);
        if (it == m_object.end())
            missing(key);
        return *it;
    }
    /// "missing", with a near miss among the keys present (almost always a typo of this one).
    [[noreturn]] void missing(const std::string& key, const std::string& why = {}) const {
        for (auto other = m_object.begin(); other != m_object.end(); ++other)
            if (!m_object.contains(key) && editDistance(other.key(), key) <= 2)
                fail(keyPath(key), "missing (is '" + other.key() + "' a misspelling of it?)");
        fail(keyPath(key), why.empty() ? "missing" : "missing (" + why + ")");
    }

    double number(const std::string& key, double min, double max) {
        const Json& value = require(key);
        if (!value.is_number())
            fail(keyPath(key), std::string("expected a number, got ") + typeName(value));
        const double v = value.get<double>();
        if (!(v >= min && v <= max))
            fail(keyPath(key), "must be between " + fmt(min) + " and " + fmt(max) + ", got " + fmt(v));
        return v;
    }
    std::optional<double> optionalNumber(const std::string& key, double min, double max) {
        if (!has(key)) {
            m_read.insert(key);
            return std::nullopt;
        }
        return number(key, min, max);
    }
    int integer(const std::string& key, int min, int max) {
        const Json& value = require(key);
        if (!value.is_number_integer())
            fail(keyPath(key), std::string("expected a whole number, got ") + typeName(value));
        const auto v = value.get<long long>();
        if (v < min || v > max)
            fail(keyPath(key), "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                                   ", got " + std::to_string(v));
        return static_cast<int>(v);
    }
    std::string text(const std::string& key, bool allowEmpty = false) {
        const Json& value = require(key);
        if (!value.is_string())
            fail(keyPath(key), std::string("expected a string, got ") + typeName(value));
        std::string v = value.get<std::string>();
        if (!allowEmpty && v.empty())
            fail(keyPath(key), "must not be empty");
        return v;
    }
    std::string optionalText(const std::string& key) {
        if (!has(key)) {
            m_read.insert(key);
            return {};
        }
        return text(key, true);
    }
    bool boolean(const std::string& key) {
        const Json& value = require(key);
        if (!value.is_boolean())
            fail(keyPath(key), std::string("expected true or false, got ") + typeName(value));
        return value.get<bool>();
    }
    std::vector<double> numbers(const std::string& key, double min, double max) {
        const Json& value = require(key);
        if (!value.is_array() || value.empty())
            fail(keyPath(key), "expected a non-empty list of numbers");
        std::vector<double> out;
        for (std::size_t i = 0; i < value.size(); ++i) {
            const std::string item = keyPath(key) + "[" + std::to_string(i) + "]";
            if (!value[i].is_number())
                fail(item, std::string("expected a number, got ") + typeName(value[i]));
            const double v = value[i].get<double>();
            if (!(v >= min && v <= max))
                fail(item, "must be between " + fmt(min) + " and " + fmt(max) + ", got " + fmt(v));
            out.push_back(v);
        }
        return out;
    }
    const Json& array(const std::string& key) {
        const Json& value = require(key);
        if (!value.is_array())
            fail(keyPath(key), std::string("expected a list, got ") + typeName(value));
        return value;
    }
    ObjectReader child(const std::string& key) { return ObjectReader(require(key), m_file, keyPath(key)); }

    /// Rejects keys nobody asked for (typos, keys of another format version).
    void finish() const {
        for (auto it = m_object.begin(); it != m_object.end(); ++it)
            if (!m_read.count(it.key()))
                fail(keyPath(it.key()), "unknown key");
    }

    const std::string& file() const { return m_file; }

    static std::string fmt(double v) {
        char text[64];
        return std::string(text, std::to_chars(text, text + sizeof text, v).ptr);
    }

private:
    const Json& m_object;
    std::string m_file;
    std::string m_path;
    std::set<std::string> m_read;
};

bool sameMhz(double a, double b) { return std::abs(a - b) <= kMhzTolerance; }

std::string levelList(const DvfsDomain& domain) {
    std::string text;
    for (double level : domain.levelsMhz)
        text += (text.empty() ? "" : ", ") + formatMhz(level);
    return text;
}

DvfsDomain readDomain(ObjectReader r) {
    DvfsDomain d;
    d.name = r.text("name");
    d.levelsMhz = r.numbers("levels_mhz", 1.0, 1e5);
    for (std::size_t i = 1; i < d.levelsMhz.size(); ++i)
        if (!(d.levelsMhz[i] > d.levelsMhz[i - 1]))
            r.fail(r.keyPath("levels_mhz"), "levels must be strictly ascending");
    if (r.has("volts")) {
        d.levelVolts = r.numbers("volts", 0.1, 5.0);
        if (d.levelVolts.size() != d.levelsMhz.size())
            r.fail(r.keyPath("volts"), "needs one voltage per level (" + std::to_string(d.levelsMhz.size()) +
                                           "), got " + std::to_string(d.levelVolts.size()));
    }
    r.allow("volts");
    d.voltsMin = r.optionalNumber("volts_min", 0.1, 5.0);
    d.voltsMax = r.optionalNumber("volts_max", 0.1, 5.0);
    if (d.voltsMin.has_value() != d.voltsMax.has_value())
        r.missing(d.voltsMin ? "volts_max" : "volts_min", "volts_min and volts_max go together");
    if (d.voltsMin && *d.voltsMin > *d.voltsMax)
        r.fail(r.keyPath("volts_min"), "is above volts_max");
    if (d.voltsMin && !d.levelVolts.empty())
        r.fail(r.keyPath("volts"), "give either volts or volts_min/volts_max, not both");
    d.dynamicWattsAtMax = r.number("dynamic_w_at_max", 0.0, 1e4);
    d.source = r.text("source");
    r.finish();
    return d;
}

EfficiencyFactors readEfficiency(ObjectReader r) {
    EfficiencyFactors e;
    constexpr double kMin = 1e-3;
    e.conv = r.number("conv", kMin, 1.0);
    e.pointwise = r.number("pointwise", kMin, 1.0);
    e.depthwise = r.number("depthwise", kMin, 1.0);
    e.linear = r.number("linear", kMin, 1.0);
    e.elementwise = r.number("elementwise", kMin, 1.0);
    e.memory = r.number("memory", kMin, 1.0);
    e.source = r.text("source");
    r.finish();
    return e;
}

OperatingPoint readPoint(ObjectReader r, const DeviceProfile& profile) {
    OperatingPoint p;
    p.name = r.text("name");
    ObjectReader mhz = r.child("mhz");
    std::map<std::string, double> given;
    for (const DvfsDomain& d : profile.domains)
        if (mhz.has(d.name))
            given[d.name] = mhz.number(d.name, 1.0, 1e5);
    mhz.finish(); // a key that is not a domain
    p.measuredWatts = r.optionalNumber("power_w", 0.0, 1e4);
    p.source = r.optionalText("source");
    if (p.measuredWatts && p.source.empty())
        r.fail(r.keyPath("source"), "missing (a measured power needs its source)");
    r.finish();
    try {
        const OperatingPoint resolved = profile.operatingPointAt(given);
        p.mhz = resolved.mhz;
    } catch (const InputError& e) {
        r.fail(r.keyPath("mhz"), e.what());
    }
    if (p.measuredWatts && *p.measuredWatts < profile.staticWatts)
        r.fail(r.keyPath("power_w"), "is below power.static_w");
    return p;
}

void checkDomainName(ObjectReader& r, const DeviceProfile& profile, const std::string& key, const std::string& name,
                     bool required) {
    if (name.empty() && !required)
        return;
    if (!profile.findDomain(name))
        r.fail(r.keyPath(key), "'" + name + "' is not one of the domains");
}

} // namespace

std::string formatMhz(double mhz) {
    // to_chars, not printf: a GUI may run under a locale with a decimal comma.
    char text[64];
    const auto end = std::to_chars(text, text + sizeof text, mhz, std::chars_format::fixed, 3).ptr;
    std::string s(text, end);
    while (!s.empty() && s.back() == '0')
        s.pop_back();
    if (!s.empty() && s.back() == '.')
        s.pop_back();
    return s;
}

double DvfsDomain::voltsAt(double mhz) const {
    if (!levelVolts.empty()) {
        for (std::size_t i = 0; i < levelsMhz.size(); ++i)
            if (sameMhz(levelsMhz[i], mhz))
                return levelVolts[i];
        // Between listed levels (only reachable through direct calls): interpolate.
        auto it = std::lower_bound(levelsMhz.begin(), levelsMhz.end(), mhz);
        if (it == levelsMhz.begin())
            return levelVolts.front();
        if (it == levelsMhz.end())
            return levelVolts.back();
        const auto i = static_cast<std::size_t>(it - levelsMhz.begin());
        const double t = (mhz - levelsMhz[i - 1]) / (levelsMhz[i] - levelsMhz[i - 1]);
        return levelVolts[i - 1] + t * (levelVolts[i] - levelVolts[i - 1]);
    }
    if (voltsMin && voltsMax) {
        if (levelsMhz.size() < 2)
            return *voltsMax;
        const double t = std::clamp((mhz - minMhz()) / (maxMhz() - minMhz()), 0.0, 1.0);
        return *voltsMin + t * (*voltsMax - *voltsMin);
    }
    return 1.0;
}

double DvfsDomain::dynamicCoefficient() const {
    const double vMax = voltsAt(maxMhz());
    return dynamicWattsAtMax / (maxMhz() * vMax * vMax);
}

double DvfsDomain::dynamicWattsAt(double mhz) const {
    const double v = voltsAt(mhz);
    return dynamicCoefficient() * mhz * v * v;
}

const DvfsDomain* DeviceProfile::findDomain(std::string_view domainName) const {
    for (const DvfsDomain& d : domains)
        if (d.name == domainName)
            return &d;
    return nullptr;
}

const DvfsDomain& DeviceProfile::domain(std::string_view domainName) const {
    if (const DvfsDomain* d = findDomain(domainName))
        return *d;
    throw InputError("device '" + name + "' has no DVFS domain '" + std::string(domainName) + "'");
}

const OperatingPoint* DeviceProfile::findOperatingPoint(std::string_view pointName) const {
    for (const OperatingPoint& p : operatingPoints)
        if (p.name == pointName)
            return &p;
    return nullptr;
}

double DeviceProfile::mhzAt(const OperatingPoint& point, std::string_view domainName) const {
    auto it = point.mhz.find(std::string(domainName));
    return it != point.mhz.end() ? it->second : domain(domainName).maxMhz();
}

OperatingPoint DeviceProfile::operatingPointAt(const std::map<std::string, double>& mhz) const {
    OperatingPoint point;
    for (const auto& [domainName, value] : mhz) {
        const DvfsDomain* d = findDomain(domainName);
        if (!d) {
            std::string names;
            for (const DvfsDomain& known : domains)
                names += (names.empty() ? "" : ", ") + known.name;
            throw InputError("device '" + name + "' has no DVFS domain '" + domainName + "' (domains: " + names + ")");
        }
        // A copy: clang before 16 cannot capture a structured binding (the fuzz build uses clang 14).
        const double wanted = value;
        const auto level = std::find_if(d->levelsMhz.begin(), d->levelsMhz.end(),
                                        [&](double l) { return sameMhz(l, wanted); });
        if (level == d->levelsMhz.end())
            throw InputError("device '" + name + "': " + formatMhz(value) + " MHz is not a level of domain '" +
                             domainName + "' (levels: " + levelList(*d) + ")");
    }
    std::string generatedName;
    for (const DvfsDomain& d : domains) {
        auto it = mhz.find(d.name);
        const double value = it != mhz.end() ? *std::find_if(d.levelsMhz.begin(), d.levelsMhz.end(),
                                                             [&](double l) { return sameMhz(l, it->second); })
                                             : d.maxMhz();
        point.mhz[d.name] = value;
        generatedName += (generatedName.empty() ? "" : ",") + d.name + "=" + formatMhz(value);
    }
    point.name = generatedName;
    // A listed point with exactly these clocks lends its name and measured power.
    for (const OperatingPoint& listed : operatingPoints) {
        bool same = listed.mhz.size() == point.mhz.size();
        for (const auto& [domainName, value] : point.mhz) {
            auto it = listed.mhz.find(domainName);
            same = same && it != listed.mhz.end() && sameMhz(it->second, value);
        }
        if (same)
            return listed;
    }
    return point;
}

OperatingPoint DeviceProfile::operatingPointAtLevels(const std::map<std::string, int>& levelIndex) const {
    std::map<std::string, double> mhz;
    for (const auto& [domainName, index] : levelIndex) {
        const DvfsDomain& d = domain(domainName);
        if (index < 0 || index >= static_cast<int>(d.levelsMhz.size()))
            throw InputError("device '" + name + "': domain '" + domainName + "' has levels 0.." +
                             std::to_string(d.levelsMhz.size() - 1) + ", not " + std::to_string(index));
        mhz[domainName] = d.levelsMhz[static_cast<std::size_t>(index)];
    }
    return operatingPointAt(mhz);
}

OperatingPoint DeviceProfile::operatingPoint(std::string_view level) const {
    const std::string wanted = level.empty() ? defaultOperatingPoint : std::string(level);
    if (const OperatingPoint* p = findOperatingPoint(wanted))
        return *p;
    if (wanted.find('=') == std::string::npos) {
        std::string names;
        for (const OperatingPoint& p : operatingPoints)
            names += (names.empty() ? "" : ", ") + p.name;
        throw InputError("device '" + name + "' has no operating point '" + wanted + "' (points: " + names +
                         "; or give domain=MHz pairs such as " + domains.front().name + "=" +
                         formatMhz(domains.front().maxMhz()) + ")");
    }
    std::map<std::string, double> mhz;
    std::stringstream parts(wanted);
    std::string part;
    while (std::getline(parts, part, ',')) {
        const auto eq = part.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == part.size())
            throw InputError("device '" + name + "': DVFS setting '" + part + "' is not domain=MHz");
        const std::string domainName = part.substr(0, eq);
        const std::string value = part.substr(eq + 1);
        double v = 0;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), v);
        if (error != std::errc() || end != value.data() + value.size())
            throw InputError("device '" + name + "': '" + value + "' is not a frequency in MHz");
        if (mhz.count(domainName))
            throw InputError("device '" + name + "': domain '" + domainName + "' is set twice");
        mhz[domainName] = v;
    }
    return operatingPointAt(mhz);
}

DeviceProfile parseDeviceProfile(std::string_view jsonText, const std::string& sourceName) {
    Json root;
    try {
        root = Json::parse(jsonText.begin(), jsonText.end());
    } catch (const Json::parse_error& e) {
        throw InputError(sourceName + ": not valid JSON (" + e.what() + ")");
    }
    ObjectReader r(root, sourceName, "");
    if (r.text("format") != kFormat)
        r.fail("format", std::string("expected \"") + kFormat + "\"");
    r.integer("version", kVersion, kVersion);

    DeviceProfile p;
    p.origin = sourceName;
    p.name = r.text("name");
    for (char c : p.name)
        if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
            r.fail("name", "use lower-case letters, digits and '-' only, got '" + p.name + "'");
    p.displayName = r.text("display_name");
    p.source = r.text("source");
    p.notes = r.optionalText("notes");
    p.processor = r.text("processor");
    if (p.processor != "cpu" && p.processor != "gpu")
        r.fail("processor", "expected \"cpu\" or \"gpu\", got \"" + p.processor + "\"");
    p.cores = r.integer("cores", 1, 1 << 20);
    p.threads = r.has("threads") ? r.integer("threads", 1, 4096) : p.cores;
    p.bytesPerElement = r.has("bytes_per_element") ? r.integer("bytes_per_element", 1, 8) : 4;
    r.allow("threads");
    r.allow("bytes_per_element");

    // Domains first: the other sections refer to them by name.
    const Json& domains = r.array("domains");
    if (domains.empty())
        r.fail("domains", "needs at least one DVFS domain");
    for (std::size_t i = 0; i < domains.size(); ++i) {
        DvfsDomain d = readDomain(ObjectReader(domains[i], sourceName, "domains[" + std::to_string(i) + "]"));
        if (p.findDomain(d.name))
            r.fail("domains[" + std::to_string(i) + "].name", "domain '" + d.name + "' is listed twice");
        p.domains.push_back(std::move(d));
    }

    {
        ObjectReader c = r.child("compute");
        p.computeDomain = c.text("domain");
        checkDomainName(c, p, "domain", p.computeDomain, true);
        const bool flops = c.has("peak_gflops");
        const bool macs = c.has("peak_gmacs");
        if (flops == macs)
            c.fail(c.keyPath("peak_gflops"), flops ? "give peak_gflops or peak_gmacs, not both"
                                                   : "missing (or peak_gmacs)");
        p.peakGflopsAtMax = flops ? c.number("peak_gflops", 1e-3, 1e7) : 2.0 * c.number("peak_gmacs", 1e-3, 1e7);
        c.allow(flops ? "peak_gmacs" : "peak_gflops");
        p.computeSource = c.text("source");
        c.finish();
    }
    {
        ObjectReader m = r.child("memory");
        p.bandwidthGbpsAtMax = m.number("bandwidth_gbps", 1e-3, 1e5);
        p.memoryDomain = m.optionalText("domain");
        checkDomainName(m, p, "domain", p.memoryDomain, false);
        p.memorySource = m.text("source");
        m.finish();
    }
    p.efficiency = readEfficiency(r.child("efficiency"));
    {
        ObjectReader o = r.child("overheads");
        p.launchOverheadMs = o.number("launch_ms", 0.0, 1e3);
        p.networkOverheadMs = o.number("network_ms", 0.0, 1e4);
        p.hostDomain = o.optionalText("domain");
        checkDomainName(o, p, "domain", p.hostDomain, false);
        p.fusesElementwise = o.boolean("fuses_elementwise");
        p.overheadSource = o.text("source");
        o.finish();
    }
    {
        ObjectReader w = r.child("power");
        p.staticWatts = w.number("static_w", 0.0, 1e4);
        p.powerSource = w.text("source");
        w.finish();
    }

    if (r.has("operating_points")) {
        const Json& points = r.array("operating_points");
        for (std::size_t i = 0; i < points.size(); ++i) {
            const std::string path = "operating_points[" + std::to_string(i) + "]";
            OperatingPoint point = readPoint(ObjectReader(points[i], sourceName, path), p);
            if (p.findOperatingPoint(point.name))
                r.fail(path + ".name", "operating point '" + point.name + "' is listed twice");
            p.operatingPoints.push_back(std::move(point));
        }
    }
    r.allow("operating_points");
    // Generated points: "max" and one per compute level, unless listed under the same name.
    auto addGenerated = [&](const std::string& pointName, const std::map<std::string, double>& mhz) {
        if (p.findOperatingPoint(pointName))
            return;
        // A listed point with the same clocks lends its measured power; the name is ours.
        OperatingPoint point = p.operatingPointAt(mhz);
        point.name = pointName;
        p.operatingPoints.push_back(std::move(point));
    };
    addGenerated("max", {});
    const DvfsDomain& compute = p.domain(p.computeDomain);
    if (compute.levelsMhz.size() > 1)
        for (double level : compute.levelsMhz)
            addGenerated(compute.name + "-" + formatMhz(level), {{compute.name, level}});

    if (r.has("default_operating_point")) {
        p.defaultOperatingPoint = r.text("default_operating_point");
        if (!p.findOperatingPoint(p.defaultOperatingPoint))
            r.fail("default_operating_point", "'" + p.defaultOperatingPoint + "' is not an operating point");
    }
    r.allow("default_operating_point");
    r.finish();
    return p;
}

DeviceProfile loadDeviceProfile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path + ": cannot open the device profile");
    std::stringstream text;
    text << in.rdbuf();
    return parseDeviceProfile(text.str(), path);
}

} // namespace edgenas::cost
