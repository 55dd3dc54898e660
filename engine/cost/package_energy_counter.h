#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edgenas::cost {

/// The CPU package energy counters of Linux powercap (intel-rapl:N/energy_uj, also used for AMD
/// packages), read so that host energy can be measured instead of modelled. Only top-level
/// "package-*" zones count: their subzones (core, uncore, dram) are parts of the same energy and
/// psys or mmio zones would count it twice. Counters are absent in most VMs and root-only on
/// kernels since 5.10 (a side-channel fix); then readable() is false and problem() says why.
class PackageEnergyCounter {
public:
    static constexpr const char* kSystemRoot = "/sys/class/powercap";

    /// One package counter as found under the root.
    struct Zone {
        std::string directory;          ///< "intel-rapl:0"
        std::string name;               ///< "package-0"
        std::uint64_t maxRangeUj = 0;   ///< the counter wraps to 0 after this
    };
    /// Counter values, one per zone (same order as zones()).
    struct Reading {
        std::vector<std::uint64_t> microjoules;
    };

    /// Looks for package zones under `root` and reads each once; never throws.
    explicit PackageEnergyCounter(std::string root = kSystemRoot);

    bool readable() const { return m_problem.empty(); }
    /// Why the counter cannot be used ("no package energy counter under ..."); empty when readable.
    const std::string& problem() const { return m_problem; }
    const std::vector<Zone>& zones() const { return m_zones; }
    const std::string& root() const { return m_root; }
    /// "package-0 (intel-rapl:0)" for each zone, for provenance notes.
    std::string description() const;

    /// The counters now. Throws core::MeasurementError naming the file when a counter cannot be read
    /// (also when the counter was found unreadable at construction).
    Reading read() const;
    /// Energy in joules between two readings, summed over the zones; a counter that went down
    /// wrapped around once at its max_energy_range_uj (a window of seconds cannot wrap twice:
    /// the ranges hold minutes of a package's full power).
    double joulesBetween(const Reading& first, const Reading& second) const;

private:
    std::string m_root;
    std::vector<Zone> m_zones;
    std::string m_problem;
};

} // namespace edgenas::cost
