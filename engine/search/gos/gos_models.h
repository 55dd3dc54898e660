#pragma once

// GOS's built-in models (issue 15): the architectures GOS adapts when the user brings no model of
// their own. Torch-free builders only; training them and caching the weights is separate work.
// The block tables, widths and counted figures: docs/design/gos-rewrite-rules.md, "Default models".

#include "core/architecture.h"

#include <string>
#include <string_view>
#include <vector>

namespace edgenas::search {

/// The built-in model names, the default first: "resnet20", "mobilenetv2", "vgg".
const std::vector<std::string>& gosModelNames();

/// The named model for `input` (C x H x W; built for 1 x 28 x 28 Fashion-MNIST and 3 x 32 x 32
/// CIFAR-10, any input of at least 16 x 16 works) with `numClasses` outputs. Every convolution,
/// depthwise and pointwise convolution and the classifier are separate native nodes, so each is a
/// layer GOS can rewrite (rewriteCandidates); residual additions are Identity nodes with a Sum merge.
/// - "resnet20": He et al.'s CIFAR ResNet-20: 3x3 stem (16), 3 stages x 3 basic blocks of widths
///   16/32/64, stride 2 at the first block of stages 2 and 3 with a 1x1 projection + BN shortcut,
///   BN + ReLU, global pooling, linear classifier (0.272 M parameters at 3 x 32 x 32, 10 classes).
/// - "mobilenetv2": MobileNetV2 at width multiplier 0.5 with a reduced block table for small inputs
///   (stride-1 stem and first expanding stage, 13 inverted residual blocks instead of 17, last 1x1
///   conv 640 wide; 0.46 M parameters, 21 M MACs at 3 x 32 x 32, half of ResNet-20's 41 M).
/// - "vgg": VGG-11's eight 3x3 convolutions at a quarter of the width (16 ... 128) with BN + ReLU,
///   three of its five max pools, global pooling and one linear classifier instead of three.
/// Throws core::InputError for an unknown name (listing the valid ones), fewer than 2 classes, or
/// an input the model cannot take.
core::Architecture gosModel(std::string_view name, const core::TensorShape& input, int numClasses);

} // namespace edgenas::search
