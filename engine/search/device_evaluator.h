#pragma once

#include "candidate_evaluator.h"

#include "cost/device_profile.h"
#include "cost/energy_source.h"
#include "cost/package_energy_counter.h"
#include "cost/latency_table.h"
#include "models/energy_meter.h"
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
/// Energy and power on the host, where the package energy counter is readable: measured with
/// models::measureEnergy (Measured, package energy above idle). Everywhere else they are the
/// power model's average power at the point times the latency, with the power model's provenance
/// (Modelled unless the profile's power was measured); on CPU devices that power is a constant, so
/// energy then follows latency (see cost::energySourceOf).
class DeviceEvaluator : public CandidateEvaluator {
public:
    /// `measureOnHost` times networks on this machine when the table does not cover them, and
    /// measures their energy when the package counter under `powercapRoot` is readable; only
    /// meaningful for the "host" profile. Throws core::InputError for a DVFS level the profile
    /// does not have or a table measured on another device.
    DeviceEvaluator(cost::DeviceProfile profile, const std::string& dvfsLevel,
                    std::optional<cost::LatencyTable> table = std::nullopt, bool measureOnHost = false,
                    models::LatencyConfig measurement = {},
                    const std::string& powercapRoot = cost::PackageEnergyCounter::kSystemRoot,
                    models::EnergyConfig energyMeasurement = {});
    std::vector<std::string> metricNames() const override { return {"latency_ms", "energy_mj", "power_w"}; }
    std::vector<core::Metric> evaluate(const core::Architecture& architecture, const CancelCheck& cancel) override;

    /// How energy_mj and power_w are obtained, for the run's notes and the views.
    const cost::EnergySource& energySource() const { return m_energySource; }
    /// Why the last energy measurement fell back to the model (empty when it did not).
    const std::string& lastEnergyProblem() const { return m_lastEnergyProblem; }

private:
    cost::DeviceProfile m_profile;
    cost::OperatingPoint m_point;
    std::optional<cost::LatencyTable> m_table;
    bool m_measureOnHost;
    models::LatencyConfig m_measurement;
    cost::PackageEnergyCounter m_energyCounter;
    models::EnergyConfig m_energyMeasurement;
    cost::EnergySource m_energySource;
    std::string m_lastEnergyProblem;
};

} // namespace edgenas::search
