#pragma once

// Small hand-built architectures shared by the torch-free models tests.

#include "core/architecture.h"

namespace edgenas::testing {

/// conv3x3(width)+BN+ReLU, max-pool 2, conv3x3(2*width)+BN+ReLU, max-pool 2, Linear(classes) on the
/// flattened 2*width x H/4 x W/4 map (width 8 learns Fashion-MNIST to ~86 % from 6000 images in 2 epochs).
inline core::Architecture smallCnn(core::TensorShape input = {1, 28, 28}, int classes = 10, int width = 16) {
    using namespace edgenas::core;
    Architecture a;
    a.input = input;
    a.numClasses = classes;
    int x = a.add(Node{.op = OpType::Input});
    for (int stage = 0; stage < 2; ++stage) {
        x = a.add(Node{.op = OpType::Conv, .inputs = {x}, .outChannels = width << stage, .kernel = 3, .padding = 1});
        x = a.add(Node{.op = OpType::BatchNorm, .inputs = {x}});
        x = a.add(Node{.op = OpType::Activation, .inputs = {x}, .activation = ActivationType::ReLU});
        x = a.add(Node{.op = OpType::MaxPool, .inputs = {x}, .kernel = 2, .stride = 2});
    }
    a.add(Node{.op = OpType::Linear, .inputs = {x}, .outChannels = classes, .bias = true});
    return a;
}

/// An MBConv network with SE, a concat and an early exit, for tests that only need "some" network.
inline core::Architecture mbconvNet(core::TensorShape input = {1, 28, 28}, int classes = 10) {
    using namespace edgenas::core;
    Architecture a;
    a.input = input;
    a.numClasses = classes;
    const int in = a.add(Node{.op = OpType::Input});
    const int stem = a.add(Node{.op = OpType::Conv, .inputs = {in}, .outChannels = 16, .kernel = 3, .stride = 2,
                                .padding = 1});
    const int b1 = a.add(Node{.op = OpType::MBConv, .inputs = {stem}, .outChannels = 16, .kernel = 3, .expansion = 3,
                              .squeezeExcite = true, .activation = ActivationType::HSwish});
    const int b2 = a.add(Node{.op = OpType::MBConv, .inputs = {b1}, .outChannels = 24, .kernel = 5, .stride = 2,
                              .expansion = 6});
    a.add(Node{.op = OpType::EarlyExit, .inputs = {b1}});
    const int pool = a.add(Node{.op = OpType::AvgPool, .inputs = {b1}, .kernel = 3, .stride = 2, .padding = 1});
    const int cat = a.add(Node{.op = OpType::Identity, .inputs = {b2, pool}, .merge = MergeMode::Concat});
    const int gap = a.add(Node{.op = OpType::GlobalAvgPool, .inputs = {cat}});
    a.add(Node{.op = OpType::Linear, .inputs = {gap}, .outChannels = classes, .bias = true});
    return a;
}

} // namespace edgenas::testing
