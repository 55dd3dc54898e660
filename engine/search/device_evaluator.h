#pragma once

#include "candidate_evaluator.h"

#include "cost/device_profile.h"

#include <string>

namespace edgenas::search {

/// Latency, energy and power on a device profile at one DVFS point, from the device predictor
/// (latency table where it has entries, roofline otherwise). Deterministic, so it caches.
class DeviceEvaluator : public CandidateEvaluator {
public:
    /// Throws core::InputError for a DVFS level the profile does not have.
    DeviceEvaluator(cost::DeviceProfile profile, const std::string& dvfsLevel);
    std::vector<std::string> metricNames() const override { return {"latency_ms", "energy_mj", "power_w"}; }
    std::vector<core::Metric> evaluate(const core::Architecture& architecture, const CancelCheck& cancel) override;

private:
    cost::DeviceProfile m_profile;
    cost::OperatingPoint m_point;
};

} // namespace edgenas::search
