#include "data/data_split.h"

#include "core/errors.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>
#include <string>
#include <utility>

namespace edgenas::data {

namespace {

/// splitmix64 (Steele, Lea, Flood 2014): fully specified, so the same seed gives the same
/// stream everywhere, unlike the standard distributions.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    /// Uniform in [0, bound), bound > 0: draws below 2^64 mod bound are rejected so that the
    /// modulo that follows has no bias.
    std::uint64_t below(std::uint64_t bound)
    {
        const std::uint64_t threshold = (0 - bound) % bound;
        for (;;) {
            const std::uint64_t draw = next();
            if (draw >= threshold)
                return draw % bound;
        }
    }

private:
    std::uint64_t m_state;
};

} // namespace

void shuffleIndices(std::vector<int>& indices, std::uint64_t seed)
{
    SplitMix64 random(seed);
    for (std::size_t i = indices.size(); i > 1; --i)
        std::swap(indices[i - 1], indices[random.below(i)]);
}

DataSplit splitTrainValidation(std::size_t n, double validationFraction, std::uint64_t seed)
{
    if (!(validationFraction >= 0.0 && validationFraction <= 1.0))
        throw core::InputError("validation fraction " + std::to_string(validationFraction) + " is outside [0, 1]");
    if (n > std::size_t(INT_MAX))
        throw core::InputError("cannot split " + std::to_string(n) + " samples: indices are int");

    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    shuffleIndices(order, seed);

    const auto validationCount = std::min(n, std::size_t(std::floor(double(n) * validationFraction + 0.5)));
    DataSplit split;
    split.validation.assign(order.begin(), order.begin() + std::ptrdiff_t(validationCount));
    split.train.assign(order.begin() + std::ptrdiff_t(validationCount), order.end());
    // Ascending order makes the split a set: callers shuffle per epoch with their own seed.
    std::sort(split.validation.begin(), split.validation.end());
    std::sort(split.train.begin(), split.train.end());
    return split;
}

std::vector<int> takeSubset(const std::vector<int>& indices, std::size_t count, std::uint64_t seed)
{
    if (count == 0 || count >= indices.size())
        return indices;

    // Partial Fisher-Yates over positions picks count distinct ones; sorting them keeps the
    // caller's order, so a subset of an ascending split stays ascending.
    std::vector<std::size_t> positions(indices.size());
    std::iota(positions.begin(), positions.end(), std::size_t(0));
    SplitMix64 random(seed);
    for (std::size_t i = 0; i < count; ++i)
        std::swap(positions[i], positions[i + random.below(positions.size() - i)]);
    positions.resize(count);
    std::sort(positions.begin(), positions.end());

    std::vector<int> subset;
    subset.reserve(count);
    for (std::size_t position : positions)
        subset.push_back(indices[position]);
    return subset;
}

} // namespace edgenas::data
