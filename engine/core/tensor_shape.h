#pragma once

#include <cstdint>

namespace edgenas::core {

/// Shape of one sample's feature map (batch dimension left out); vectors are C x 1 x 1.
struct TensorShape {
    int channels = 0;
    int height = 0;
    int width = 0;

    std::int64_t elements() const { return std::int64_t(channels) * height * width; }
    friend bool operator==(const TensorShape&, const TensorShape&) = default;
};

} // namespace edgenas::core
