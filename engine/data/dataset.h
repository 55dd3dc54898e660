#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace edgenas::data {

/// One whole loaded part (train or test) of a data set as raw bytes; normalisation happens later.
struct Dataset {
    std::string name;  ///< "fashion-mnist", "cifar10", "cifar100"
    int channels = 1;
    int height = 28;
    int width = 28;
    int numClasses = 10;
    std::vector<std::uint8_t> pixels;  ///< N*C*H*W, CHW order per sample
    std::vector<std::uint8_t> labels;  ///< N, each < numClasses
    std::vector<float> mean;           ///< per channel, [0,1] scale
    std::vector<float> stddev;         ///< per channel, [0,1] scale
    std::vector<std::string> classNames;

    std::size_t size() const { return labels.size(); }
    /// Bytes per sample: C*H*W.
    std::size_t sampleSize() const { return std::size_t(channels) * std::size_t(height) * std::size_t(width); }
    /// First byte of sample i (i < size()); CHW order.
    const std::uint8_t* sample(std::size_t i) const { return pixels.data() + i * sampleSize(); }
};

enum class DatasetPart { Train, Test };

} // namespace edgenas::data
