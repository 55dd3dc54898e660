#pragma once

// Includes LibTorch: for the operator lowerings and GraphNetwork only.

#include "core/architecture.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/types.h>

namespace edgenas::models {

/// One node's operator as a LibTorch module, so the graph runs every node through one virtual
/// call. Inside the graph every tensor is 4-D [B, C, H, W]; vectors are [B, C, 1, 1].
class NodeModule : public torch::nn::Module {
public:
    virtual torch::Tensor forward(const torch::Tensor& x) = 0;
};

/// The element-wise activation `type` (None passes x through).
torch::Tensor activate(core::ActivationType type, const torch::Tensor& x);

torch::nn::Conv2d makeConv(int in, int out, int kernel, int stride, int padding, int dilation, int groups, bool bias);

} // namespace edgenas::models
