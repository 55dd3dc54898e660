#pragma once

#include <vector>

namespace edgenas::proxies {

/// Kendall's tau-b between two paired samples (ties counted on either side, as scipy's default):
/// how often a proxy orders two architectures like their trained accuracy does. 0 when either
/// side is constant; throws core::InputError for different lengths or fewer than 2 pairs.
double kendallTau(const std::vector<double>& a, const std::vector<double>& b);

} // namespace edgenas::proxies
