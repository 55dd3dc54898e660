#include "package_energy_counter.h"

#include "core/errors.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace edgenas::cost {

namespace fs = std::filesystem;

namespace {

// The text of a small sysfs file, or nullopt when it cannot be opened or read (missing, a
// directory, no permission).
std::optional<std::string> readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad() || (in.fail() && !in.eof()))
        return std::nullopt;
    std::error_code error;
    if (fs::is_directory(path, error))
        return std::nullopt;
    std::string s = text.str();
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.pop_back();
    return s;
}

// A counter file's value; the error names the file and says what is wrong with it.
std::uint64_t readCounter(const fs::path& path, std::string& problem) {
    const std::optional<std::string> text = readText(path);
    if (!text) {
        std::error_code error;
        problem = path.string() + (fs::exists(path, error) ? " cannot be read" : " does not exist") +
                  " (package energy counters are root-only on Linux 5.10 and later and absent in most VMs)";
        return 0;
    }
    std::uint64_t value = 0;
    const auto [end, status] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (text->empty() || status != std::errc() || end != text->data() + text->size()) {
        problem = path.string() + ": '" + text->substr(0, 40) + "' is not a counter value";
        return 0;
    }
    return value;
}

// "intel-rapl:0" but not the subzone "intel-rapl:0:1" nor the control type "intel-rapl".
bool isTopLevelRaplZone(const std::string& directory) {
    const std::string prefix = "intel-rapl:";
    if (directory.rfind(prefix, 0) != 0 || directory.size() == prefix.size())
        return false;
    return std::all_of(directory.begin() + static_cast<std::ptrdiff_t>(prefix.size()), directory.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

} // namespace

PackageEnergyCounter::PackageEnergyCounter(std::string root) : m_root(std::move(root)) {
    std::error_code error;
    std::vector<std::string> directories;
    for (fs::directory_iterator it(m_root, error), end; !error && it != end; it.increment(error))
        if (isTopLevelRaplZone(it->path().filename().string()))
            directories.push_back(it->path().filename().string());
    std::sort(directories.begin(), directories.end());
    for (const std::string& directory : directories) {
        const fs::path zonePath = fs::path(m_root) / directory;
        const std::optional<std::string> name = readText(zonePath / "name");
        if (!name || name->rfind("package", 0) != 0)
            continue;  // psys, or a zone without a readable name: not a package
        Zone zone{directory, *name, 0};
        zone.maxRangeUj = readCounter(zonePath / "max_energy_range_uj", m_problem);
        if (m_problem.empty() && zone.maxRangeUj == 0)
            m_problem = (zonePath / "max_energy_range_uj").string() + " is 0: the counter's range is unknown";
        if (m_problem.empty())
            readCounter(zonePath / "energy_uj", m_problem);
        m_zones.push_back(std::move(zone));
        if (!m_problem.empty())
            break;
    }
    if (m_problem.empty() && m_zones.empty())
        m_problem = "no package energy counter under " + m_root + ": no powercap zone intel-rapl:N named package-*";
}

std::string PackageEnergyCounter::description() const {
    std::string text;
    for (const Zone& zone : m_zones)
        text += (text.empty() ? "" : ", ") + zone.name + " (" + zone.directory + ")";
    return text;
}

PackageEnergyCounter::Reading PackageEnergyCounter::read() const {
    if (!readable())
        throw core::MeasurementError("package energy counter: " + m_problem);
    Reading reading;
    reading.microjoules.reserve(m_zones.size());
    for (const Zone& zone : m_zones) {
        std::string problem;
        const std::uint64_t value = readCounter(fs::path(m_root) / zone.directory / "energy_uj", problem);
        if (!problem.empty())
            throw core::MeasurementError("package energy counter: " + problem);
        if (value > zone.maxRangeUj)
            throw core::MeasurementError("package energy counter: " + zone.directory + "/energy_uj (" +
                                   std::to_string(value) + ") is above max_energy_range_uj (" +
                                   std::to_string(zone.maxRangeUj) + ")");
        reading.microjoules.push_back(value);
    }
    return reading;
}

double PackageEnergyCounter::joulesBetween(const Reading& first, const Reading& second) const {
    if (first.microjoules.size() != m_zones.size() || second.microjoules.size() != m_zones.size())
        throw core::InputError("package energy counter: readings of " + std::to_string(first.microjoules.size()) +
                               " and " + std::to_string(second.microjoules.size()) + " zones, expected " +
                               std::to_string(m_zones.size()));
    double microjoules = 0.0;
    for (std::size_t i = 0; i < m_zones.size(); ++i) {
        const std::uint64_t before = first.microjoules[i];
        const std::uint64_t after = second.microjoules[i];
        // After a wrap the counter restarted from 0: what was left to the top plus what came since.
        microjoules += after >= before ? double(after - before) : double(m_zones[i].maxRangeUj - before) + double(after);
    }
    return microjoules * 1e-6;
}

} // namespace edgenas::cost
