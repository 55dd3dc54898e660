#pragma once

#include <vector>

namespace edgenas::cost {

/// How well predicted latencies match measured ones (nn-Meter / GOS style figures).
struct LatencyAgreement {
    int count = 0;
    double mape = 0.0;          ///< mean |pred - meas| / meas, in percent
    double spearman = 0.0;      ///< rank correlation (average ranks for ties); 0 when undefined
    double within10 = 0.0;      ///< share (0..1) with |pred - meas| <= 10 % of meas
    double meanRatio = 0.0;     ///< mean pred / meas: > 1 means the prediction runs high
    double maxAbsPercent = 0.0; ///< worst |pred - meas| / meas, in percent

    /// Compares equally long lists of positive measured latencies; throws core::InputError for
    /// lists of different lengths or a measured value <= 0.
    static LatencyAgreement compare(const std::vector<double>& predicted, const std::vector<double>& measured);
};

/// Spearman's rank correlation with average ranks for ties; 0 when either side is constant or
/// there are fewer than two values.
double spearmanRho(const std::vector<double>& a, const std::vector<double>& b);

} // namespace edgenas::cost
