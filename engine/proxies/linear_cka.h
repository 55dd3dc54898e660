#pragma once

// Includes LibTorch: for code that holds feature tensors (the RMI scorer, tests).

#include <torch/types.h>

namespace edgenas::proxies {

/// The centred linear Gram matrix HKH of features [n, ...] (flattened per sample to [n, d]),
/// computed in float64 so that the n x n sums do not lose precision. Keeps the autograd graph,
/// so a loss built on it can be back-propagated into the network that produced the features.
torch::Tensor centredGram(const torch::Tensor& features);

/// Linear CKA (normalised HSIC, biased estimator) of two centred Gram matrices of the same n:
/// <K, L>_F / (||K||_F ||L||_F), a float64 scalar tensor in [0, 1]. Differentiable.
/// Throws core::InputError when the sizes differ or either matrix is all zeros.
torch::Tensor linearCkaFromGrams(const torch::Tensor& centredGramX, const torch::Tensor& centredGramY);

/// Linear CKA of two feature tensors with the same sample count, as a number.
double linearCka(const torch::Tensor& featuresX, const torch::Tensor& featuresY);

} // namespace edgenas::proxies
