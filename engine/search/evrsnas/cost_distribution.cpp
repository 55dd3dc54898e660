#include "cost_distribution.h"

#include "core/errors.h"
#include "core/rng.h"
#include "cost/device_prediction.h"

#include <algorithm>
#include <cmath>

namespace edgenas::search {

CostDistribution CostDistribution::sample(const spaces::SearchSpace& space, const cost::DeviceProfile& device,
                                          const std::string& dvfs, const std::string& metric, int samples,
                                          std::uint64_t seed) {
    if (metric != "latency_ms" && metric != "energy_mj")
        throw core::InputError("cost metric must be latency_ms or energy_mj, got '" + metric + "'");
    if (samples < 1)
        throw core::InputError("the cost distribution needs at least one sample");
    const cost::OperatingPoint point = device.operatingPoint(dvfs);
    // Its own stream: sampling the distribution must not shift the search's random sequence.
    core::Rng rng = core::Rng::forStream(seed, 0xc057);
    CostDistribution d;
    for (int i = 0; i < samples; ++i) {
        const cost::DevicePrediction p = cost::predictOnDevice(space.decode(space.sample(rng)), device, point);
        d.m_values.push_back(metric == "latency_ms" ? p.latencyMs : p.energyMj);
    }
    std::sort(d.m_values.begin(), d.m_values.end());
    return d;
}

double CostDistribution::quantile(double q) const {
    if (m_values.empty())
        throw core::InputError("quantile of an empty cost distribution");
    if (!(q >= 0.0 && q <= 1.0))
        throw core::InputError("a quantile must be in [0, 1]");
    const double at = q * double(m_values.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(at));
    const std::size_t hi = std::min(lo + 1, m_values.size() - 1);
    return m_values[lo] + (at - double(lo)) * (m_values[hi] - m_values[lo]);
}

} // namespace edgenas::search
