#pragma once

#include "candidate_evaluator.h"

#include "cost/device_profile.h"
#include "cost/latency_table.h"
#include "models/latency_meter.h"

#include <optional>
#include <string>

namespace edgenas::search {

/// Latency, energy and power on a device profile at one DVFS point, from the best source there is:
/// 1. a per-operator latency table of the device that covers every operator (provenance Table);
/// 2. on the host, when the table is missing or lacks an operator: the whole network timed here
///    with models::measureLatency (Measured);
/// 3. otherwise the device predictor (table entries where it has them, roofline for the rest),
///    labelled by its weakest part (Modelled when the roofline contributed).
/// Energy is the power model's average power at the point times that latency; its provenance
/// is the power model's (Modelled unless the profile's power was measured).
class DeviceEvaluator : public CandidateEvaluator {
public:
    /// `measureOnHost` times networks on this machine when the table does not cover them; only
    /// meaningful for the "host" profile. Throws core::InputError for a DVFS level the profile
    /// does not have or a table measured on another device.
    DeviceEvaluator(cost::DeviceProfile profile, const std::string& dvfsLevel,
                    std::optional<cost::LatencyTable> table = std::nullopt, bool measureOnHost = false,
                    models::LatencyConfig measurement = {});
    std::vector<std::string> metricNames() const override { return {"latency_ms", "energy_mj", "power_w"}; }
    std::vector<core::Metric> evaluate(const core::Architecture& architecture, const CancelCheck& cancel) override;

private:
    cost::DeviceProfile m_profile;
    cost::OperatingPoint m_point;
    std::optional<cost::LatencyTable> m_table;
    bool m_measureOnHost;
    models::LatencyConfig m_measurement;
};

} // namespace edgenas::search
