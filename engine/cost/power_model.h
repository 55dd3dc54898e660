#pragma once

#include "device_profile.h"

#include <map>
#include <string>

namespace edgenas::cost {

/// Power of a device at one DVFS operating point:
///   P = P_static + sum over domains of activity_d * a_d * f_d * V_d(f_d)^2
/// with a_d calibrated so that each fully busy domain draws its dynamic_w_at_max at its top
/// level, and V_d linear in f between volts_min and volts_max unless the profile lists voltages
/// (constant V, i.e. P_dyn proportional to f, when it gives none).
/// Activity: a GPU (or any compute domain that is not also the host) is busy only for the share
/// of a node's time its kernels compute, the memory domain for the share they move data; CPU
/// cores count as fully busy (a core stalled on memory still burns most of its dynamic power) and
/// so does every other domain (the host CPU launching kernels, background clusters).
/// When the point lists a measured board power, the modelled dynamic parts are scaled so that the
/// fully busy device draws exactly that figure.
class PowerModel {
public:
    PowerModel(const DeviceProfile& profile, const OperatingPoint& point);

    /// Power while a node runs with the given busy shares (0..1) of its time.
    double watts(double computeActivity, double memoryActivity) const;
    /// Everything fully busy: the figure to compare with a datasheet's maximum.
    double fullLoadWatts() const { return watts(1.0, 1.0); }
    double staticWatts() const { return m_staticWatts; }
    /// Fully busy dynamic power per domain at this point.
    const std::map<std::string, double>& domainDynamicWatts() const { return m_domainWatts; }
    /// True when anchored to a power measured at this point (operating_points[].power_w).
    bool measured() const { return m_measured; }

private:
    double m_staticWatts = 0.0;
    std::map<std::string, double> m_domainWatts;
    std::string m_computeDomain;  ///< empty when the compute domain counts as always busy
    std::string m_memoryDomain;
    bool m_measured = false;
};

} // namespace edgenas::cost
