#pragma once

#include "core/tensor_shape.h"

#include <string>

namespace edgenas::spaces {

/// Everything a search space needs besides the genome. The defaults fit Fashion-MNIST; CIFAR
/// uses input {3, 32, 32}.
struct SpaceOptions {
    core::TensorShape input{1, 28, 28};
    int numClasses = 10;
    /// NAS-Bench-201: width C of the first stage (stages are C, 2C, 4C); the benchmark uses 16.
    int nb201Channels = 16;
    /// NAS-Bench-201: cells per stage N; the benchmark uses 5.
    int nb201CellsPerStage = 5;
    /// DAG (SwiftNet/AutoShrink) cells: nodes per cell including the input node (2..16).
    int dagNodes = 8;
    /// DAG cells: stages, each one cell at widths C, 2C, 4C, ... (1..4).
    int dagStages = 3;
    /// DAG cells: width C of the first stage.
    int dagChannels = 8;
    /// MobileNet/FBNet layer layout JSON; empty = the built-in copy of
    /// resources/spaces/mobilenet_default.json.
    std::string mobilenetLayoutPath;
    /// MobileNet/FBNet: scales every width of the layout (rounded to a multiple of 8, at least 8).
    double widthMultiplier = 1.0;
    /// AttentiveNAS-style backbone space (HADAS): "reduced" (28x28 inputs) or "full" (the notes'
    /// table, for cost studies).
    std::string attentiveLayout = "reduced";
};

} // namespace edgenas::spaces
