#pragma once

// Includes LibTorch: the calibration inputs of GOS's per-layer distillation, captured from a
// trained GraphNetwork. Part of edgenas_search_gos_weights.

#include "layer_distiller.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace edgenas::data {
struct Dataset;
}

namespace edgenas::models {
class GraphNetworkImpl;
}

namespace edgenas::search {

/// The tensor entering one replaceable layer (its merged input), on a batch of images.
struct LayerInputs {
    int nodeId = 0;
    core::TensorShape in;
    at::Tensor inputs;  ///< [N, C, H, W]
};

/// A node GOS can replace: a convolution, depthwise or pointwise convolution, linear layer or
/// program node.
bool isReplaceable(const core::Node& node);

/// The merged input of every replaceable node of `network` on `images` ([N, C, H, W]), in node
/// order, from one forward pass in eval mode without gradients (the network's mode is restored).
std::vector<LayerInputs> captureLayerInputs(models::GraphNetworkImpl& network, const at::Tensor& images);

/// Node `nodeId` of `network` as a layer to distil against (its module is the network's own).
/// Throws std::invalid_argument for a node that is not replaceable.
OriginalLayer originalLayer(const models::GraphNetworkImpl& network, int nodeId);

/// `count` images of `trainSet`, picked without repeats by `seed` and prepared as the trainer
/// prepares them (models::BatchMaker): the calibration batch a CalibrationRecipe describes.
at::Tensor calibrationImages(const data::Dataset& trainSet, int count, std::uint64_t seed);

} // namespace edgenas::search
