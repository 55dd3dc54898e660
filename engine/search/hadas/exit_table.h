#pragma once

#include <cstdint>
#include <vector>

namespace edgenas::search {

/// What one classifier head (an early exit, or the network's final head) says about every sample
/// of one split: whether its top-1 class is right, and its calibrated confidence.
struct ExitOutcomes {
    int block = -1;                     ///< flat index of the block the head reads; -1 = the final head
    double temperature = 1.0;           ///< fitted on the validation split (softmax(z / T))
    std::vector<std::uint8_t> correct;  ///< per sample: 1 when the head's top-1 class is the label
    std::vector<float> confidence;      ///< per sample: max softmax(z / T)

    /// Share (0..1) of samples whose top-1 class is right; 0 for no samples.
    double accuracy() const;
};

/// Every head of one backbone on one split (validation for the search, test for the report), with
/// samples in the same order for every head.
struct ExitTable {
    std::vector<ExitOutcomes> exits;  ///< ascending block
    ExitOutcomes final;               ///< the backbone's own head (block -1)

    int samples() const { return static_cast<int>(final.correct.size()); }
    /// Index in `exits` of the head at a block, or -1.
    int indexOfBlock(int block) const;
};

} // namespace edgenas::search
