#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace edgenas::proxies {

/// Kendall's tau-b between two paired samples (ties counted on either side, as scipy's default):
/// how often a proxy orders two architectures like their trained accuracy does. 0 when either
/// side is constant; throws core::InputError for different lengths or fewer than 2 pairs.
double kendallTau(const std::vector<double>& a, const std::vector<double>& b);

/// A statistic and its percentile bootstrap confidence interval.
struct BootstrapInterval {
    double value = 0.0;  ///< the statistic on the sample itself
    double low = 0.0;
    double high = 0.0;
    double level = 0.95;
    int resamples = 0;
};

/// A statistic of the items selected by `indices` (items may repeat, as in a bootstrap resample).
using ResampledStatistic = std::function<double(const std::vector<std::size_t>& indices)>;

/// Percentile bootstrap over `items` items: `resamples` draws of `items` indices with replacement
/// from a stream fixed by `seed`, so two statistics bootstrapped with the same seed and item count
/// see the same resamples (their intervals, and an interval of their difference, are paired).
/// Throws core::InputError for fewer than 2 items or resamples, or a level outside (0, 1).
BootstrapInterval bootstrapInterval(const ResampledStatistic& statistic, std::size_t items, int resamples = 2000,
                                    std::uint64_t seed = 1, double level = 0.95);

/// Kendall tau of a and b with its bootstrap interval (architectures resampled in pairs).
BootstrapInterval kendallTauInterval(const std::vector<double>& a, const std::vector<double>& b,
                                     int resamples = 2000, std::uint64_t seed = 1, double level = 0.95);

/// The values of `v` at `indices`.
std::vector<double> pick(const std::vector<double>& v, const std::vector<std::size_t>& indices);

} // namespace edgenas::proxies
