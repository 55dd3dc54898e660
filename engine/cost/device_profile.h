#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgenas::cost {

/// One independently clocked part of a device (CPU cluster, GPU, memory controller) and what its
/// clock costs in power.
struct DvfsDomain {
    std::string name;                 ///< "cpu", "gpu", "emc", ...
    std::vector<double> levelsMhz;    ///< available frequencies, ascending
    /// Supply voltage per level (same length as levelsMhz) when the profile lists it; empty means
    /// "linear between voltsMin and voltsMax", or constant voltage when those are absent too.
    std::vector<double> levelVolts;
    std::optional<double> voltsMin;   ///< at the lowest level
    std::optional<double> voltsMax;   ///< at the highest level
    double dynamicWattsAtMax = 0.0;   ///< dynamic power of the fully busy domain at its top level
    std::string source;

    double maxMhz() const { return levelsMhz.back(); }
    double minMhz() const { return levelsMhz.front(); }
    /// Supply voltage at a frequency; 1.0 (a pure f-scaling model) when no voltage is known.
    double voltsAt(double mhz) const;
    /// Dynamic power of the fully busy domain: a * f * V(f)^2 with a fixed so that the top level
    /// draws dynamicWattsAtMax.
    double dynamicWattsAt(double mhz) const;
    /// The coefficient a in W / (MHz * V^2); shown by `edgenas devices`.
    double dynamicCoefficient() const;
};

/// A frequency per domain (every domain present), optionally with a measured board power.
struct OperatingPoint {
    std::string name;
    std::map<std::string, double> mhz;       ///< domain name -> frequency (one of its levels)
    std::optional<double> measuredWatts;     ///< total power measured at this point under load
    std::string source;
};

/// Roofline efficiency factors: the share of peak a kind of kernel reaches on the device.
struct EfficiencyFactors {
    double conv = 0.5;         ///< dense k x k convolutions (k > 1)
    double pointwise = 0.5;    ///< 1x1 convolutions (GEMM-like)
    double depthwise = 0.1;    ///< depthwise and channel-grouped convolutions
    double linear = 0.2;       ///< fully connected layers at batch 1 (GEMV)
    double elementwise = 0.2;  ///< BN, activations, pooling, sums
    double memory = 0.6;       ///< share of the nominal memory bandwidth reached
    std::string source;
};

/// A hardware target for cost modelling, loaded from a JSON profile (resources/devices/*.json).
/// Every figure carries its source; estimates are labelled as such in the file.
struct DeviceProfile {
    std::string name;          ///< identifier used on the command line ("jetson-nano")
    std::string displayName;
    std::string source;        ///< where the profile's figures come from overall
    std::string notes;
    std::string origin;        ///< file the profile was read from ("built-in:host.json" or a path)
    std::string processor;     ///< "cpu" or "gpu": what runs the network
    int cores = 1;             ///< cores of that processor
    int threads = 1;           ///< CPU threads the inference uses (CPU devices)
    int bytesPerElement = 4;   ///< tensor element size in memory (4 = fp32, 2 = fp16)

    double peakGflopsAtMax = 0.0;  ///< FLOP/s (2 per MAC) of the compute domain at its top level
    std::string computeDomain;     ///< domain whose clock scales the peak
    std::string computeSource;
    double bandwidthGbpsAtMax = 0.0;  ///< nominal memory bandwidth at the memory domain's top level
    std::string memoryDomain;         ///< empty: bandwidth does not scale with a clock we model
    std::string memorySource;
    EfficiencyFactors efficiency;

    double launchOverheadMs = 0.0;   ///< per kernel, at the host domain's top level
    double networkOverheadMs = 0.0;  ///< once per inference (framework call), same scaling
    std::string hostDomain;          ///< clock that scales the overheads; empty: fixed
    bool fusesElementwise = false;   ///< BN folded into convs, activations fused, Zero terms dropped
    std::string overheadSource;

    double staticWatts = 0.0;  ///< power drawn whatever the clocks (leakage, board, idle rails)
    std::string powerSource;

    std::vector<DvfsDomain> domains;
    /// Listed points first, then generated ones: "max" (every domain at its top level) and one
    /// per compute-domain level named "<domain>-<MHz>" (other domains at their top level).
    std::vector<OperatingPoint> operatingPoints;
    std::string defaultOperatingPoint = "max";

    const DvfsDomain& domain(std::string_view domainName) const;
    const DvfsDomain* findDomain(std::string_view domainName) const;
    const OperatingPoint* findOperatingPoint(std::string_view pointName) const;

    /// Resolves a DVFS level as the user writes it: "" (the default point), a point's name, or
    /// "domain=MHz[,domain=MHz...]" with unnamed domains at their top level. Throws
    /// core::InputError naming the profile and listing what is valid.
    OperatingPoint operatingPoint(std::string_view level) const;
    /// A point from explicit frequencies (domains left out run at their top level); each must be
    /// one of the domain's levels. Throws core::InputError otherwise.
    OperatingPoint operatingPointAt(const std::map<std::string, double>& mhz) const;
    /// A point from level indices per domain (0 = lowest), the form a DVFS search gene takes.
    OperatingPoint operatingPointAtLevels(const std::map<std::string, int>& levelIndex) const;

    /// Frequency of a domain at a point; the domain's top level when the point leaves it out.
    double mhzAt(const OperatingPoint& point, std::string_view domainName) const;
};

/// Parses a profile from JSON text. `sourceName` (a file name) starts every error message, and
/// errors name the offending key ("jetson-nano.json: compute.peak_gflops: expected a number").
/// Unknown keys are errors too, so a mistyped key is never silently ignored.
/// Throws core::InputError.
DeviceProfile parseDeviceProfile(std::string_view jsonText, const std::string& sourceName);
/// Reads and parses a profile file; throws core::InputError naming the file.
DeviceProfile loadDeviceProfile(const std::string& path);

/// "905.25" / "1377": a frequency as it appears in generated point names and messages.
std::string formatMhz(double mhz);

} // namespace edgenas::cost
