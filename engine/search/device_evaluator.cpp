#include "device_evaluator.h"

#include "core/errors.h"
#include "cost/device_prediction.h"

namespace edgenas::search {

DeviceEvaluator::DeviceEvaluator(cost::DeviceProfile profile, const std::string& dvfsLevel,
                                 std::optional<cost::LatencyTable> table, bool measureOnHost,
                                 models::LatencyConfig measurement, const std::string& powercapRoot,
                                 models::EnergyConfig energyMeasurement)
    : m_profile(std::move(profile)), m_point(m_profile.operatingPoint(dvfsLevel)), m_table(std::move(table)),
      m_measureOnHost(measureOnHost), m_measurement(measurement), m_energyCounter(powercapRoot),
      m_energyMeasurement(energyMeasurement) {
    if (m_table && m_table->conditions().device != m_profile.name)
        throw core::InputError("the latency table was measured on '" + m_table->conditions().device +
                               "', not on device '" + m_profile.name + "'");
    m_energySource = cost::energySourceOf(m_profile, m_measureOnHost ? &m_energyCounter : nullptr);
}

std::vector<core::Metric> DeviceEvaluator::evaluate(const core::Architecture& architecture,
                                                    const CancelCheck& cancel) {
    const cost::DevicePrediction prediction =
        cost::predictOnDevice(architecture, m_profile, m_point, m_table ? &*m_table : nullptr);
    if (!m_measureOnHost)
        return prediction.metrics();
    const bool tableCovers = m_table && prediction.tableMisses == 0 && prediction.tableHits > 0;
    const bool energyMeasurable = m_energySource.provenance == core::Provenance::Measured;
    if (tableCovers && !energyMeasurable)
        return prediction.metrics();

    core::Metric latency{"latency_ms", prediction.latencyMs, "ms", prediction.latencyProvenance};
    if (!tableCovers) {
        // A sum of table entries and roofline guesses is worse than timing the network itself.
        try {
            latency = {"latency_ms", models::measureLatency(architecture, m_measurement, cancel).medianMs, "ms",
                       core::Provenance::Measured};
        } catch (const core::Cancelled&) {
            throw;
        } catch (const core::ArchitectureError&) {
            throw;
        } catch (const std::exception&) {
            // LibTorch could not run it here (memory, an operator it lacks): the model is what is left.
            return prediction.metrics();
        }
    }

    m_lastEnergyProblem.clear();
    if (energyMeasurable) {
        try {
            const models::EnergyStats energy =
                models::measureEnergy(architecture, m_energyCounter, m_energyMeasurement, cancel);
            return {latency,
                    {"energy_mj", energy.energyMj, "mJ", core::Provenance::Measured},
                    {"power_w", energy.averageWatts, "W", core::Provenance::Measured}};
        } catch (const core::Cancelled&) {
            throw;
        } catch (const core::ArchitectureError&) {
            throw;
        } catch (const std::exception& e) {
            // A counter that stopped being readable, no energy above idle, or LibTorch failing:
            // keep the reason and use the model, labelled as such.
            m_lastEnergyProblem = e.what();
        }
    }
    // The model's average power over this network's operators, times the latency used.
    const double powerW = prediction.averagePowerW;
    return {latency,
            {"energy_mj", powerW * latency.value, "mJ", prediction.energyProvenance},
            {"power_w", powerW, "W", prediction.energyProvenance}};
}

} // namespace edgenas::search
