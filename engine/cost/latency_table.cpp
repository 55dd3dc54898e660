#include "latency_table.h"

#include "core/errors.h"
#include "core/input_file.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <istream>
#include <ostream>
#include <set>
#include <sstream>
#include <vector>

namespace edgenas::cost {

using core::InputError;

namespace {

constexpr const char* kMagic = "edgenas-latency-table";
constexpr int kVersion = 1;
constexpr const char* kHeader = "signature,latency_ms";

std::string trim(std::string_view text) {
    std::size_t b = 0, e = text.size();
    while (b < e && (text[b] == ' ' || text[b] == '\t' || text[b] == '\r'))
        ++b;
    while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r'))
        --e;
    return std::string(text.substr(b, e - b));
}

// Locale-independent and exact both ways: what is written reads back as the same double.
std::string formatNumber(double v) {
    char text[64];
    const auto result = std::to_chars(text, text + sizeof text, v);
    return std::string(text, result.ptr);
}

std::optional<double> parseNumber(const std::string& text) {
    double v = 0;
    const char* end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, v);
    if (result.ec != std::errc() || result.ptr != end)
        return std::nullopt;
    return v;
}

std::optional<int> parseInt(const std::string& text) {
    int v = 0;
    const char* end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, v);
    if (result.ec != std::errc() || result.ptr != end)
        return std::nullopt;
    return v;
}

std::string oneLine(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r')
            c = ' ';
    return text;
}

} // namespace

void LatencyTable::set(const std::string& signatureKey, double latencyMs) {
    if (signatureKey.empty() || signatureKey.find_first_of(",\"\n\r") != std::string::npos)
        throw InputError("latency table: signature '" + signatureKey + "' is empty or has a comma, quote or line break");
    if (!std::isfinite(latencyMs) || latencyMs < 0)
        throw InputError("latency table: latency of '" + signatureKey + "' must be a finite number >= 0");
    m_entries[signatureKey] = latencyMs;
}

std::optional<double> LatencyTable::find(const std::string& signatureKey) const {
    auto it = m_entries.find(signatureKey);
    if (it == m_entries.end())
        return std::nullopt;
    return it->second;
}

LatencyTable LatencyTable::read(std::istream& in, const std::string& sourceName) {
    LatencyTable table;
    Conditions& c = table.m_conditions;
    std::set<std::string> seenKeys;
    bool sawMagic = false;
    bool sawHeader = false;
    bool sawDevice = false;
    std::string line;
    int lineNo = 0;
    auto fail = [&](const std::string& problem) -> InputError {
        return InputError(sourceName + ":" + std::to_string(lineNo) + ": " + problem);
    };

    while (std::getline(in, line)) {
        ++lineNo;
        const std::string text = trim(line);
        if (text.empty())
            continue;
        if (text.front() == '#') {
            const std::string meta = trim(std::string_view(text).substr(1));
            if (!sawMagic) {
                if (meta != std::string(kMagic) + " " + std::to_string(kVersion))
                    throw fail(std::string("expected '# ") + kMagic + " " + std::to_string(kVersion) +
                               "' as the first line");
                sawMagic = true;
                continue;
            }
            if (sawHeader)
                continue; // comments among the rows are allowed and ignored
            const auto eq = meta.find('=');
            if (eq == std::string::npos)
                continue; // a plain comment
            const std::string key = trim(std::string_view(meta).substr(0, eq));
            const std::string value = trim(std::string_view(meta).substr(eq + 1));
            // write() keeps each value on its line by turning a carriage return into a space, so
            // one inside a value would not read back as it was.
            if (value.find('\r') != std::string::npos)
                throw fail(key + " has a carriage return inside its value");
            auto needInt = [&](int min) {
                auto v = parseInt(value);
                if (!v || *v < min)
                    throw fail(key + " '" + value + "' is not a whole number >= " + std::to_string(min));
                return *v;
            };
            if (key == "device") {
                if (value.empty())
                    throw fail("device must not be empty");
                c.device = value;
                sawDevice = true;
            } else if (key == "threads") {
                c.threads = needInt(1);
            } else if (key == "batch") {
                c.batchSize = needInt(1);
            } else if (key == "warmup") {
                c.warmup = needInt(0);
            } else if (key == "repeats") {
                c.repeats = needInt(0);
            } else if (key == "statistic") {
                if (value != "median" && value != "min")
                    throw fail("statistic '" + value + "' is not median or min");
                c.statistic = value;
            } else if (key == "operating_point") {
                c.operatingPoint = value;
            } else if (key == "network_overhead_ms") {
                auto v = parseNumber(value);
                if (!v || !std::isfinite(*v) || *v < 0)
                    throw fail("network_overhead_ms '" + value + "' is not a number >= 0");
                c.networkOverheadMs = *v;
            } else if (key == "load_per_core") {
                auto v = parseNumber(value);
                // Negative is the in-memory "unknown", which write() leaves out: never in a file.
                if (!v || !std::isfinite(*v) || *v < 0)
                    throw fail("load_per_core '" + value + "' is not a number >= 0");
                c.loadPerCore = *v;
            } else if (key == "machine") {
                c.machine = value;
            } else if (key == "runtime") {
                c.runtime = value;
            } else if (key == "created") {
                c.created = value;
            } else {
                throw fail("unknown condition '" + key + "'");
            }
            continue;
        }
        if (!sawMagic)
            throw fail(std::string("expected '# ") + kMagic + " " + std::to_string(kVersion) + "' as the first line");
        if (!sawHeader) {
            if (text != kHeader)
                throw fail("expected the column header '" + std::string(kHeader) + "', got '" + text + "'");
            if (!sawDevice)
                throw fail("the conditions before the header must name the device ('# device=NAME')");
            sawHeader = true;
            continue;
        }
        std::vector<std::string> fields;
        std::size_t start = 0;
        while (true) {
            const auto comma = text.find(',', start);
            fields.push_back(trim(std::string_view(text).substr(start, comma - start)));
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
        if (fields.size() != 2)
            throw fail("expected 2 columns (" + std::string(kHeader) + "), got " + std::to_string(fields.size()));
        if (fields[0].empty())
            throw fail("empty signature");
        if (fields[0].find('"') != std::string::npos)
            throw fail("quotes are not allowed in a signature");
        const auto ms = parseNumber(fields[1]);
        if (!ms)
            throw fail("latency_ms '" + fields[1] + "' is not a number");
        if (!std::isfinite(*ms) || *ms < 0)
            throw fail("latency_ms " + fields[1] + " must be a finite number >= 0");
        if (!seenKeys.insert(fields[0]).second)
            throw fail("signature '" + fields[0] + "' appears twice");
        table.m_entries[fields[0]] = *ms;
    }
    if (in.bad())
        throw InputError(sourceName + ": read error");
    if (!sawHeader) {
        lineNo = lineNo == 0 ? 1 : lineNo;
        throw fail(!sawMagic ? "empty file, not a latency table" : "missing the column header '" + std::string(kHeader) + "'");
    }
    return table;
}

LatencyTable LatencyTable::load(const std::string& path) {
    std::istringstream in(core::readInputFile(path, "latency table"));  // names a folder or a huge file
    return read(in, path);
}

void LatencyTable::write(std::ostream& out) const {
    const Conditions& c = m_conditions;
    out << "# " << kMagic << " " << kVersion << "\n";
    out << "# device=" << oneLine(c.device) << "\n";
    out << "# threads=" << c.threads << "\n";
    out << "# batch=" << c.batchSize << "\n";
    out << "# warmup=" << c.warmup << "\n";
    out << "# repeats=" << c.repeats << "\n";
    out << "# statistic=" << c.statistic << "\n";
    if (!c.operatingPoint.empty())
        out << "# operating_point=" << oneLine(c.operatingPoint) << "\n";
    out << "# network_overhead_ms=" << formatNumber(c.networkOverheadMs) << "\n";
    if (c.loadPerCore >= 0)
        out << "# load_per_core=" << formatNumber(c.loadPerCore) << "\n";
    if (!c.machine.empty())
        out << "# machine=" << oneLine(c.machine) << "\n";
    if (!c.runtime.empty())
        out << "# runtime=" << oneLine(c.runtime) << "\n";
    if (!c.created.empty())
        out << "# created=" << oneLine(c.created) << "\n";
    out << kHeader << "\n";
    for (const auto& [key, ms] : m_entries)
        out << key << "," << formatNumber(ms) << "\n";
}

void LatencyTable::save(const std::string& path) const {
    const std::string temporary = path + ".part";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out)
            throw InputError(path + ": cannot write the latency table");
        write(out);
        out.flush();
        if (!out)
            throw InputError(path + ": write failed");
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        std::remove(temporary.c_str());
        throw InputError(path + ": cannot replace the file");
    }
}

} // namespace edgenas::cost
