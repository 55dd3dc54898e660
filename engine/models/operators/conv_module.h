#pragma once

#include "models/node_module.h"

namespace edgenas::models::operators {

/// One Conv2d, held as "conv": the module of Conv, DepthwiseConv and PointwiseConv.
class ConvModule : public NodeModule {
public:
    ConvModule(int in, int out, int kernel, int stride, int padding, int dilation, int groups, bool bias);
    torch::Tensor forward(const torch::Tensor& x) override;

private:
    torch::nn::Conv2d m_conv;
};

} // namespace edgenas::models::operators
