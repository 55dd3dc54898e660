#pragma once

// Includes LibTorch: for the models library's own training and evaluation code.

#include "data/dataset.h"

#include <torch/types.h>

#include <cstddef>
#include <utility>
#include <vector>

namespace edgenas::models {

/// Turns uint8 samples into normalised float batches: x = (pixel / 255 - mean) / std per channel,
/// with the InputConvention that exports record. Shared by every trainer so all networks see
/// their input prepared the same way.
class BatchMaker {
public:
    explicit BatchMaker(const data::Dataset& dataset);

    /// Images [B, C, H, W] and labels [B] of the samples order[begin, end).
    std::pair<torch::Tensor, torch::Tensor> make(const std::vector<int>& order, std::size_t begin,
                                                 std::size_t end) const;

private:
    const data::Dataset& m_dataset;
    torch::Tensor m_scale, m_shift;
};

} // namespace edgenas::models
