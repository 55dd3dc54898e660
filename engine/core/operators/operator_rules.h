#pragma once

// Checks, counts and kernel shapes that several operator kinds share.

#include "core/operator_kind.h"

#include <string>

namespace edgenas::core::operators {

/// Largest feature map of one sample: 2^31 - 1 values (an int), 8 GiB of float32, far beyond any
/// network that fits a device and low enough that every count stays exact in 64 bits.
constexpr double kMaxFeatureMapValues = 2147483647.0;

std::string describeShape(const TensorShape& shape);
void requirePositive(const Node& node, int value, const char* what);
/// Output shape of a kernel/stride/padding/dilation window over `in` with `outChannels` channels.
TensorShape windowedShape(const Node& node, const TensorShape& in, int outChannels);
void requireGroups(const Node& node, int inChannels, int outChannels, int groups);

std::int64_t batchNormParams(std::int64_t channels);

double elementsOf(const TensorShape& shape);
/// A convolution kernel (dense, grouped, depthwise or 1x1) from `in` to `out`.
KernelWork convKernel(const TensorShape& in, const TensorShape& out, int kernel, int groups, bool bias);
KernelWork elementwiseKernel(double flopsPerElement, double elements, double streams);
double activationFlops(ActivationType type);

/// " 3×3" and " /2" (empty for stride 1), the pieces of view labels.
std::string kernelText(int kernel);
std::string strideText(int stride);

} // namespace edgenas::core::operators
