#pragma once

#include "exit_table.h"

#include <vector>

namespace edgenas::search {

// Temperature scaling (Guo et al. 2017) of one classifier head: its logits z, row-major
// [samples x classes], are read as softmax(z / T). HADAS fits T per exit on the validation split.

/// Mean negative log-likelihood of the labels under softmax(z / T). Throws core::InputError when
/// the sizes do not agree or T is not positive.
double negativeLogLikelihood(const std::vector<float>& logits, int classes, const std::vector<int>& labels,
                             double temperature);

inline constexpr double kMinTemperature = 0.01;
inline constexpr double kMaxTemperature = 100.0;

/// The T in [kMinTemperature, kMaxTemperature] that minimises negativeLogLikelihood (golden-section
/// search over log T; the NLL is convex in 1/T), or 1 when nothing beats T = 1: the calibrated
/// NLL never exceeds the uncalibrated one. 1 for no samples.
double fitTemperature(const std::vector<float>& logits, int classes, const std::vector<int>& labels);

/// Per sample: whether the top-1 class is the label, and max softmax(z / T).
ExitOutcomes exitOutcomes(int block, const std::vector<float>& logits, int classes, const std::vector<int>& labels,
                          double temperature);

} // namespace edgenas::search
