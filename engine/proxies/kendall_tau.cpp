#include "kendall_tau.h"

#include "core/errors.h"
#include "core/rng.h"

#include <algorithm>

#include <cmath>
#include <string>

namespace edgenas::proxies {

double kendallTau(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size() || a.size() < 2)
        throw core::InputError("Kendall tau needs two samples of the same length, at least 2 (got " +
                               std::to_string(a.size()) + " and " + std::to_string(b.size()) + ")");
    // O(n^2) is fine for the tens to thousands of architectures this is used on.
    long long concordant = 0, discordant = 0, tiesA = 0, tiesB = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = i + 1; j < a.size(); ++j) {
            const double da = a[i] - a[j];
            const double db = b[i] - b[j];
            if (da == 0 && db == 0)
                continue;
            if (da == 0)
                ++tiesA;
            else if (db == 0)
                ++tiesB;
            else if ((da > 0) == (db > 0))
                ++concordant;
            else
                ++discordant;
        }
    const double n0 = double(concordant + discordant);
    const double denominator = std::sqrt((n0 + double(tiesA)) * (n0 + double(tiesB)));
    return denominator > 0 ? double(concordant - discordant) / denominator : 0.0;
}

} // namespace edgenas::proxies

namespace edgenas::proxies {

std::vector<double> pick(const std::vector<double>& v, const std::vector<std::size_t>& indices) {
    std::vector<double> out;
    out.reserve(indices.size());
    for (std::size_t i : indices)
        out.push_back(v.at(i));
    return out;
}

BootstrapInterval bootstrapInterval(const ResampledStatistic& statistic, std::size_t items, int resamples,
                                    std::uint64_t seed, double level) {
    if (items < 2 || resamples < 2)
        throw core::InputError("a bootstrap interval needs at least 2 items and 2 resamples (got " +
                               std::to_string(items) + " and " + std::to_string(resamples) + ")");
    if (!(level > 0.0 && level < 1.0))
        throw core::InputError("a confidence level must lie strictly between 0 and 1");
    std::vector<std::size_t> all(items);
    for (std::size_t i = 0; i < items; ++i)
        all[i] = i;
    BootstrapInterval out;
    out.value = statistic(all);
    out.level = level;
    out.resamples = resamples;
    core::Rng rng = core::Rng::forStream(seed, 0xb007);
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(resamples));
    std::vector<std::size_t> drawn(items);
    for (int r = 0; r < resamples; ++r) {
        for (auto& d : drawn)
            d = static_cast<std::size_t>(rng.uniformU64(items));
        values.push_back(statistic(drawn));
    }
    std::sort(values.begin(), values.end());
    // Nearest-rank percentiles of the resampled statistic.
    const auto at = [&](double q) {
        const auto rank = static_cast<std::size_t>(std::ceil(q * double(values.size())));
        return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
    };
    out.low = at((1.0 - level) / 2.0);
    out.high = at(1.0 - (1.0 - level) / 2.0);
    return out;
}

BootstrapInterval kendallTauInterval(const std::vector<double>& a, const std::vector<double>& b, int resamples,
                                     std::uint64_t seed, double level) {
    kendallTau(a, b);  // the same checks on the inputs, before resampling
    return bootstrapInterval([&](const std::vector<std::size_t>& idx) { return kendallTau(pick(a, idx), pick(b, idx)); },
                             a.size(), resamples, seed, level);
}

} // namespace edgenas::proxies
