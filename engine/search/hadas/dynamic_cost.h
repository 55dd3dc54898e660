#pragma once

#include <map>
#include <string>
#include <vector>

namespace edgenas::search {

/// Modelled cost of the parts a dynamic network runs, at one DVFS operating point: what a sample
/// pays when it leaves after block b is prefix[b] plus the heads it evaluated on the way.
struct DynamicCostProfile {
    std::string operatingPoint;             ///< the point's name ("gpu=905.25,emc=2133,cpu=2265.6")
    std::map<std::string, double> mhz;      ///< clock per DVFS domain
    std::vector<double> prefixLatencyMs;    ///< per block: input up to and including the block, with the per-inference overhead
    std::vector<double> prefixEnergyMj;
    std::map<int, double> headLatencyMs;    ///< per exit block: its head alone
    std::map<int, double> headEnergyMj;
    double fullLatencyMs = 0.0;             ///< the static network (every block and the final head)
    double fullEnergyMj = 0.0;
    /// Weakest provenance of the figures ("modelled" from the roofline and power model; "table"
    /// only when every figure came from a latency table measured at this point).
    std::string provenance = "modelled";
};

} // namespace edgenas::search
