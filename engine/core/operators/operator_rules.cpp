#include "operator_rules.h"

#include "core/errors.h"

namespace edgenas::core::operators {

namespace {

// Output size of a window along one axis.
int windowedSize(int size, int kernel, int stride, int padding, int dilation) {
    const std::int64_t span = std::int64_t(dilation) * (kernel - 1) + 1;
    return static_cast<int>((size + 2 * std::int64_t(padding) - span) / stride + 1);
}

// Class of a convolution for the efficiency table: 1x1 runs as a GEMM, a k x k convolution with
// groups as a (slow) depthwise-like kernel, a dense k x k one as the fast im2col/Winograd path.
KernelClass convClass(int kernel, int groups) {
    if (kernel == 1)
        return KernelClass::Pointwise;
    return groups > 1 ? KernelClass::Depthwise : KernelClass::Conv;
}

} // namespace

std::string describeShape(const TensorShape& s) {
    return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" + std::to_string(s.width);
}

void requirePositive(const Node& node, int value, const char* what) {
    if (value <= 0)
        throw ArchitectureError(node.id, std::string(what) + " must be positive, got " + std::to_string(value));
}

TensorShape windowedShape(const Node& node, const TensorShape& in, int outChannels) {
    requirePositive(node, node.kernel, "kernel");
    requirePositive(node, node.stride, "stride");
    requirePositive(node, node.dilation, "dilation");
    if (node.padding < 0)
        throw ArchitectureError(node.id, "padding must not be negative");
    // Integer division truncates towards zero, so a window larger than its padded input must be
    // caught here; in 64 bits, since kernel, dilation and padding may each be up to 2^30.
    const std::int64_t span = std::int64_t(node.dilation) * (node.kernel - 1) + 1;
    const std::int64_t padding = 2 * std::int64_t(node.padding);
    if (in.height + padding < span || in.width + padding < span)
        throw ArchitectureError(node.id, "kernel " + std::to_string(node.kernel) + " does not fit input " +
                                             describeShape(in));
    if (in.height + padding > (1 << 30) || in.width + padding > (1 << 30))
        throw ArchitectureError(node.id, "padding " + std::to_string(node.padding) + " is too large");
    const int h = windowedSize(in.height, node.kernel, node.stride, node.padding, node.dilation);
    const int w = windowedSize(in.width, node.kernel, node.stride, node.padding, node.dilation);
    if (h <= 0 || w <= 0)
        throw ArchitectureError(node.id, "kernel " + std::to_string(node.kernel) + " does not fit input " +
                                             describeShape(in));
    return {outChannels, h, w};
}

void requireGroups(const Node& node, int inChannels, int outChannels, int groups) {
    requirePositive(node, groups, "groups");
    if (inChannels % groups != 0 || outChannels % groups != 0)
        throw ArchitectureError(node.id, "groups " + std::to_string(groups) + " do not divide channels " +
                                             std::to_string(inChannels) + " -> " + std::to_string(outChannels));
}

std::int64_t batchNormParams(std::int64_t channels) { return 2 * channels; }

double elementsOf(const TensorShape& s) { return static_cast<double>(s.elements()); }

KernelWork convKernel(const TensorShape& in, const TensorShape& out, int kernel, int groups, bool bias) {
    const double weights = double(out.channels) * (in.channels / groups) * kernel * kernel + (bias ? out.channels : 0);
    const double macs = double(out.channels) * (in.channels / groups) * kernel * kernel * out.height * out.width;
    return {2.0 * macs, elementsOf(in) + elementsOf(out) + weights, convClass(kernel, groups)};
}

KernelWork elementwiseKernel(double flopsPerElement, double elements, double streams) {
    return {flopsPerElement * elements, streams * elements, KernelClass::Elementwise};
}

double activationFlops(ActivationType type) {
    return type == ActivationType::Swish || type == ActivationType::HSwish ? 4.0 : 1.0;
}

std::string kernelText(int kernel) { return " " + std::to_string(kernel) + "×" + std::to_string(kernel); }

std::string strideText(int stride) { return stride != 1 ? " /" + std::to_string(stride) : std::string(); }

} // namespace edgenas::core::operators
