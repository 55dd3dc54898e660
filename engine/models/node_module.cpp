#include "node_module.h"

#include <torch/nn/functional/activation.h>

namespace edgenas::models {

torch::Tensor activate(core::ActivationType type, const torch::Tensor& x) {
    switch (type) {
    case core::ActivationType::None:
        return x;
    case core::ActivationType::ReLU:
        return torch::relu(x);
    case core::ActivationType::ReLU6:
        return torch::hardtanh(x, 0.0, 6.0);
    case core::ActivationType::Swish:
        return torch::silu(x);
    case core::ActivationType::HSwish:
        return torch::hardswish(x);
    }
    return x;
}

torch::nn::Conv2d makeConv(int in, int out, int kernel, int stride, int padding, int dilation, int groups, bool bias) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                                 .stride(stride)
                                 .padding(padding)
                                 .dilation(dilation)
                                 .groups(groups)
                                 .bias(bias));
}

} // namespace edgenas::models
