#pragma once

#include "core/architecture.h"

#include <cstdint>
#include <vector>

namespace edgenas::cost {

/// What one node costs at batch size 1.
struct NodeCost {
    core::TensorShape output;
    std::int64_t macs = 0;    ///< multiply-accumulates of convolutions and linear layers
    std::int64_t params = 0;  ///< trainable parameters (weights, biases, BN affine)
};

/// Static cost of an architecture: the counting convention is that of the common NAS papers:
/// only convolution and fully-connected multiply-accumulates count as MACs; BN, activations,
/// pooling and additions are free. Parameters equal the built LibTorch model's parameter count.
struct ArchitectureCost {
    std::vector<NodeCost> nodes;  ///< indexed by node id
    std::int64_t macs = 0;
    std::int64_t params = 0;
    /// Float32 bytes of the largest set of activations alive at once when nodes run in id order
    /// (batch 1, input included, MBConv's hidden tensors counted while the block runs).
    std::int64_t peakActivationBytes = 0;
};

/// Throws core::ArchitectureError for an invalid architecture.
ArchitectureCost analyseCost(const core::Architecture& architecture);

} // namespace edgenas::cost
