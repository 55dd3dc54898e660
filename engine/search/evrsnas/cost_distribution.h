#pragma once

#include "cost/device_profile.h"
#include "spaces/search_space.h"

#include <cstdint>
#include <string>
#include <vector>

namespace edgenas::search {

/// Psi (latency or energy on a device) over a search space, estimated from uniformly sampled
/// architectures with the same device predictor the search uses, so thresholds set at its
/// quantiles are reachable and binding.
class CostDistribution {
public:
    /// `metric` is "latency_ms" or "energy_mj"; `dvfs` as for cost::predictOnDevice. Throws
    /// core::InputError for an unknown metric or DVFS level.
    static CostDistribution sample(const spaces::SearchSpace& space, const cost::DeviceProfile& device,
                                   const std::string& dvfs, const std::string& metric, int samples,
                                   std::uint64_t seed);

    /// Linear interpolation between order statistics; q in [0, 1].
    double quantile(double q) const;
    /// Sorted ascending.
    const std::vector<double>& values() const { return m_values; }

private:
    std::vector<double> m_values;
};

} // namespace edgenas::search
