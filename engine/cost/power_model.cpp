#include "power_model.h"

#include <algorithm>

namespace edgenas::cost {

PowerModel::PowerModel(const DeviceProfile& profile, const OperatingPoint& point)
    : m_staticWatts(profile.staticWatts) {
    double total = 0.0;
    for (const DvfsDomain& d : profile.domains) {
        const double w = d.dynamicWattsAt(profile.mhzAt(point, d.name));
        m_domainWatts[d.name] = w;
        total += w;
    }
    // A CPU that computes is also the host: busy all the time. Only an accelerator idles.
    if (profile.processor != "cpu" && profile.computeDomain != profile.hostDomain)
        m_computeDomain = profile.computeDomain;
    if (profile.memoryDomain != profile.computeDomain && profile.memoryDomain != profile.hostDomain)
        m_memoryDomain = profile.memoryDomain;
    if (point.measuredWatts) {
        m_measured = true;
        const double measuredDynamic = std::max(0.0, *point.measuredWatts - m_staticWatts);
        if (total > 0.0) {
            for (auto& [name, w] : m_domainWatts)
                w *= measuredDynamic / total;
        } else if (!m_domainWatts.empty()) {
            m_domainWatts.begin()->second = measuredDynamic;
        }
    }
}

double PowerModel::watts(double computeActivity, double memoryActivity) const {
    computeActivity = std::clamp(computeActivity, 0.0, 1.0);
    memoryActivity = std::clamp(memoryActivity, 0.0, 1.0);
    double p = m_staticWatts;
    for (const auto& [name, w] : m_domainWatts) {
        double activity = 1.0;
        if (!m_computeDomain.empty() && name == m_computeDomain)
            activity = computeActivity;
        else if (!m_memoryDomain.empty() && name == m_memoryDomain)
            activity = memoryActivity;
        p += activity * w;
    }
    return p;
}

} // namespace edgenas::cost
