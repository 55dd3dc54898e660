#include "latency_agreement.h"

#include "core/errors.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace edgenas::cost {

namespace {

std::vector<double> averageRanks(const std::vector<double>& values) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(values.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]])
            ++j;
        const double rank = 0.5 * double(i + j) + 1.0;  // ties share their mean rank
        for (std::size_t k = i; k <= j; ++k)
            ranks[order[k]] = rank;
        i = j + 1;
    }
    return ranks;
}

} // namespace

double spearmanRho(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size() || a.size() < 2)
        return 0.0;
    const std::vector<double> ra = averageRanks(a);
    const std::vector<double> rb = averageRanks(b);
    const double n = double(a.size());
    const double meanA = std::accumulate(ra.begin(), ra.end(), 0.0) / n;
    const double meanB = std::accumulate(rb.begin(), rb.end(), 0.0) / n;
    double cov = 0, varA = 0, varB = 0;
    for (std::size_t i = 0; i < ra.size(); ++i) {
        cov += (ra[i] - meanA) * (rb[i] - meanB);
        varA += (ra[i] - meanA) * (ra[i] - meanA);
        varB += (rb[i] - meanB) * (rb[i] - meanB);
    }
    if (varA <= 0 || varB <= 0)
        return 0.0;
    return cov / std::sqrt(varA * varB);
}

LatencyAgreement LatencyAgreement::compare(const std::vector<double>& predicted, const std::vector<double>& measured) {
    if (predicted.size() != measured.size())
        throw core::InputError("latency agreement: " + std::to_string(predicted.size()) + " predictions for " +
                               std::to_string(measured.size()) + " measurements");
    LatencyAgreement a;
    a.count = static_cast<int>(measured.size());
    if (a.count == 0)
        return a;
    int within = 0;
    for (std::size_t i = 0; i < measured.size(); ++i) {
        if (!(measured[i] > 0))
            throw core::InputError("latency agreement: measured latency " + std::to_string(i) + " is not positive");
        const double relative = std::abs(predicted[i] - measured[i]) / measured[i];
        a.mape += relative;
        a.meanRatio += predicted[i] / measured[i];
        a.maxAbsPercent = std::max(a.maxAbsPercent, 100.0 * relative);
        within += relative <= 0.10 ? 1 : 0;
    }
    a.mape = 100.0 * a.mape / a.count;
    a.meanRatio /= a.count;
    a.within10 = double(within) / a.count;
    a.spearman = spearmanRho(predicted, measured);
    return a;
}

} // namespace edgenas::cost
