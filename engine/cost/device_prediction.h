#pragma once

#include "core/architecture.h"
#include "core/candidate.h"
#include "device_profile.h"
#include "latency_table.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace edgenas::cost {

/// Predicted cost of one node on a device.
struct NodePrediction {
    int nodeId = 0;
    std::string signature;     ///< OperatorSignature::key(); empty for the input node
    double latencyMs = 0.0;
    double energyMj = 0.0;
    double powerW = 0.0;       ///< average power while the node runs
    core::Provenance provenance = core::Provenance::Modelled;
    /// "table", "table-scaled" (a table entry moved to another DVFS point by the roofline ratio),
    /// or the roofline's "compute", "memory", "overhead", "free", "folded".
    std::string source;
    /// False for nodes the main output does not depend on (early-exit heads, dead ends): they are
    /// not in the totals, but their figures are here for exit-aware methods (HADAS).
    bool onMainPath = true;
};

/// Latency, energy and power of a network on a device at one DVFS operating point.
struct DevicePrediction {
    std::string device;
    std::string operatingPoint;
    std::map<std::string, double> mhz;   ///< clock per DVFS domain
    double latencyMs = 0.0;              ///< main path plus overheadMs
    double energyMj = 0.0;               ///< per inference (W x ms = mJ)
    double averagePowerW = 0.0;          ///< energyMj / latencyMs
    double staticPowerW = 0.0;
    double dynamicPowerW = 0.0;          ///< averagePowerW - staticPowerW
    double fullLoadPowerW = 0.0;         ///< every domain fully busy at this point
    double overheadMs = 0.0;             ///< once-per-inference framework cost, in latencyMs
    /// Weakest provenance among the main-path figures (Measured > Table > Modelled); nodes that
    /// cost nothing do not weaken it.
    core::Provenance latencyProvenance = core::Provenance::Modelled;
    /// Modelled, or Table when the point's power was measured (never stronger than the latency).
    core::Provenance energyProvenance = core::Provenance::Modelled;
    double tableShare = 0.0;  ///< share of latencyMs that comes from table entries (0..1)
    int tableHits = 0;        ///< main-path nodes found in the table
    int tableMisses = 0;      ///< main-path nodes with a cost that the table lacks (roofline used)
    std::vector<NodePrediction> nodes;  ///< indexed by node id

    /// latency_ms, energy_mj and power_w with their provenance, for a Candidate's metrics.
    std::vector<core::Metric> metrics() const;
};

/// Predicts `architecture` on `profile` at a DVFS level ("" = the profile's default point, a
/// point's name, or "domain=MHz,..."; see DeviceProfile::operatingPoint). Each node's latency
/// comes from `table` when it holds the node's signature (provenance Table, also for a table
/// measured on "host"), otherwise from the profile's roofline (Modelled). A table measured
/// at another operating point is scaled by the roofline's ratio between the two points
/// (Modelled). Energy = sum over nodes of P(node) * t(node), see PowerModel.
/// Throws core::InputError for an unknown level or a table of another device, and
/// core::ArchitectureError for an invalid architecture.
DevicePrediction predictOnDevice(const core::Architecture& architecture, const DeviceProfile& profile,
                                 std::string_view dvfsLevel = {}, const LatencyTable* table = nullptr);
DevicePrediction predictOnDevice(const core::Architecture& architecture, const DeviceProfile& profile,
                                 const OperatingPoint& point, const LatencyTable* table = nullptr);

/// The weaker of two provenances for a derived figure (Measured > Table > Modelled > Predicted).
core::Provenance weakerProvenance(core::Provenance a, core::Provenance b);

} // namespace edgenas::cost
