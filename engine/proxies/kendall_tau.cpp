#include "kendall_tau.h"

#include "core/errors.h"

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
