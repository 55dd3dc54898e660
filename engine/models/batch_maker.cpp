#include "batch_maker.h"

#include "input_convention.h"

#include <ATen/ATen.h>

#include <cstdint>
#include <cstring>

namespace edgenas::models {

BatchMaker::BatchMaker(const data::Dataset& dataset) : m_dataset(dataset) {
    const int c = dataset.channels;
    const InputConvention convention = InputConvention::of(dataset);
    std::vector<float> scale(static_cast<std::size_t>(c)), shift(static_cast<std::size_t>(c));
    for (std::size_t k = 0; k < scale.size(); ++k) {
        scale[k] = 1.0f / (255.0f * convention.stddev[k]);
        shift[k] = -convention.mean[k] / convention.stddev[k];
    }
    m_scale = at::tensor(scale).view({1, c, 1, 1});
    m_shift = at::tensor(shift).view({1, c, 1, 1});
}

std::pair<torch::Tensor, torch::Tensor> BatchMaker::make(const std::vector<int>& order, std::size_t begin,
                                                         std::size_t end) const {
    const auto count = static_cast<std::int64_t>(end - begin);
    const std::size_t sampleSize = m_dataset.sampleSize();
    torch::Tensor images =
        at::empty({count, m_dataset.channels, m_dataset.height, m_dataset.width}, at::kByte);
    torch::Tensor labels = at::empty({count}, at::kLong);
    auto* pixels = images.data_ptr<std::uint8_t>();
    auto* targets = labels.data_ptr<std::int64_t>();
    for (std::size_t i = begin; i < end; ++i) {
        const auto index = static_cast<std::size_t>(order[i]);
        std::memcpy(pixels + (i - begin) * sampleSize, m_dataset.sample(index), sampleSize);
        targets[i - begin] = m_dataset.labels[index];
    }
    return {images.to(at::kFloat).mul_(m_scale).add_(m_shift), labels};
}

} // namespace edgenas::models
