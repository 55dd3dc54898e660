#include "device_evaluator.h"

#include "cost/device_prediction.h"

namespace edgenas::search {

DeviceEvaluator::DeviceEvaluator(cost::DeviceProfile profile, const std::string& dvfsLevel)
    : m_profile(std::move(profile)), m_point(m_profile.operatingPoint(dvfsLevel)) {}

std::vector<core::Metric> DeviceEvaluator::evaluate(const core::Architecture& architecture, const CancelCheck&) {
    return cost::predictOnDevice(architecture, m_profile, m_point).metrics();
}

} // namespace edgenas::search
