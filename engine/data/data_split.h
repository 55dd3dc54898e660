#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgenas::data {

/// Sample indices of a train/validation split of one loaded part.
struct DataSplit {
    std::vector<int> train;       ///< ascending
    std::vector<int> validation;  ///< ascending
};

// All randomness here uses our own splitmix64 + Fisher-Yates, so a seed gives the same result
// with every standard library and compiler (std::shuffle and the distributions do not).

/// Splits 0..n-1 at random into disjoint, covering train and validation sets; the validation set
/// has round(n * validationFraction) indices. Throws core::InputError for a fraction outside [0,1].
DataSplit splitTrainValidation(std::size_t n, double validationFraction, std::uint64_t seed);

/// A random subset of count indices, kept in their input order; count 0 or >= size gives all of
/// them unchanged.
std::vector<int> takeSubset(const std::vector<int>& indices, std::size_t count, std::uint64_t seed);

/// Shuffles in place, deterministically for a seed.
void shuffleIndices(std::vector<int>& indices, std::uint64_t seed);

} // namespace edgenas::data
