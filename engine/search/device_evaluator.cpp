#include "device_evaluator.h"

#include "core/errors.h"
#include "cost/device_prediction.h"

namespace edgenas::search {

DeviceEvaluator::DeviceEvaluator(cost::DeviceProfile profile, const std::string& dvfsLevel,
                                 std::optional<cost::LatencyTable> table, bool measureOnHost,
                                 models::LatencyConfig measurement)
    : m_profile(std::move(profile)), m_point(m_profile.operatingPoint(dvfsLevel)), m_table(std::move(table)),
      m_measureOnHost(measureOnHost), m_measurement(measurement) {
    if (m_table && m_table->conditions().device != m_profile.name)
        throw core::InputError("the latency table was measured on '" + m_table->conditions().device +
                               "', not on device '" + m_profile.name + "'");
}

std::vector<core::Metric> DeviceEvaluator::evaluate(const core::Architecture& architecture,
                                                    const CancelCheck& cancel) {
    const cost::DevicePrediction prediction =
        cost::predictOnDevice(architecture, m_profile, m_point, m_table ? &*m_table : nullptr);
    const bool tableCovers = m_table && prediction.tableMisses == 0 && prediction.tableHits > 0;
    if (tableCovers || !m_measureOnHost)
        return prediction.metrics();

    // A sum of table entries and roofline guesses is worse than timing the network itself.
    models::LatencyStats measured;
    try {
        measured = models::measureLatency(architecture, m_measurement, cancel);
    } catch (const core::Cancelled&) {
        throw;
    } catch (const core::ArchitectureError&) {
        throw;
    } catch (const std::exception&) {
        // LibTorch could not run it here (memory, an operator it lacks): the model is what is left.
        return prediction.metrics();
    }
    const double latencyMs = measured.medianMs;
    const double powerW = prediction.averagePowerW;
    return {
        {"latency_ms", latencyMs, "ms", core::Provenance::Measured},
        {"energy_mj", powerW * latencyMs, "mJ", prediction.energyProvenance},
        {"power_w", powerW, "W", prediction.energyProvenance},
    };
}

} // namespace edgenas::search
