#pragma once

#include "core/architecture.h"

#include <string>
#include <utility>
#include <vector>

namespace edgenas::spaces {

/// Appends typed, labelled nodes to an Architecture; keeps the space decoders readable and puts
/// the "which fields does this op use" knowledge in one place (fields an op does not use stay at
/// their defaults, so decoded graphs survive a JSON round trip unchanged).
/// Every method returns the id of the node it appended.
class GraphBuilder {
public:
    GraphBuilder(core::TensorShape input, int numClasses);

    int input();
    /// Convolution without bias; a 1x1 kernel without padding becomes a PointwiseConv.
    int conv(int from, int outChannels, int kernel, int stride, int padding, std::string label);
    int pointwise(int from, int outChannels, std::string label, int stride = 1);
    /// 1x1 convolution over the channel concatenation of `inputs` (one input: no merge).
    int pointwise(std::vector<int> inputs, int outChannels, std::string label);
    /// Depthwise convolution (one filter per channel, no bias) over the channel concatenation of
    /// `inputs`; its width is that of the concatenation.
    int depthwise(std::vector<int> inputs, int kernel, int stride, int padding, std::string label);
    int batchNorm(int from, std::string label);
    int relu(int from, std::string label);
    int activation(int from, core::ActivationType type, std::string label);
    /// 1x1 convolution with a bias (a feature mix after global pooling).
    int pointwiseWithBias(int from, int outChannels, std::string label);
    /// NAS-Bench-201's ReLUConvBN: nodes "<prefix>/relu", "<prefix>/conv", "<prefix>/bn".
    int reluConvBn(int from, int outChannels, int kernel, int stride, int padding, const std::string& prefix);
    /// Zeros of the input's shape (NAS-Bench-201 "none").
    int zero(int from, std::string label);
    /// Identity of one input, or the sum of several.
    int identity(std::vector<int> inputs, std::string label);
    /// Identity of one input, or the channel concatenation of several.
    int concat(std::vector<int> inputs, std::string label);
    int avgPool(int from, int kernel, int stride, int padding, std::string label);
    int maxPool(int from, int kernel, int stride, int padding, std::string label);
    int globalAvgPool(int from, std::string label);
    /// Fully connected layer with bias.
    int linear(int from, int outChannels, std::string label);
    int mbconv(int from, int outChannels, int kernel, int stride, int expansion, int groups,
               core::ActivationType activation, std::string label);
    int mbconv(int from, int outChannels, int kernel, int stride, int expansion, bool squeezeExcite,
               core::ActivationType activation, std::string label);

    core::Architecture& architecture() { return m_arch; }
    core::Architecture take() { return std::move(m_arch); }

private:
    int append(core::Node node);

    core::Architecture m_arch;
};

} // namespace edgenas::spaces
