#pragma once

#include <array>
#include <cstdint>

namespace edgenas::moo {

/// Deterministic xoshiro256** generator seeded through splitmix64, local to moo so this area
/// builds without spaces/. It produces the very same sequence as spaces::Rng for a given seed,
/// so the two can later be merged into core without changing any seeded result. All draws use
/// integer arithmetic only: std::uniform_*_distribution would differ between standard libraries.
class Rng {
public:
    using result_type = std::uint64_t;

    explicit Rng(std::uint64_t seed = 0x5eed'ed9e'0a5b'0001ULL);

    std::uint64_t next();
    /// Uniform integer in [0, n); unbiased. Throws std::invalid_argument for n == 0.
    std::uint64_t uniformU64(std::uint64_t n);
    /// Uniform integer in [0, n); throws std::invalid_argument for n <= 0.
    int uniformInt(int n);
    /// Uniform double in [0, 1) with 53 random bits.
    double uniformReal();
    /// True with probability p (p <= 0 never, p >= 1 always).
    bool bernoulli(double p);

    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type(0); }
    result_type operator()() { return next(); }

    friend bool operator==(const Rng&, const Rng&) = default;

private:
    std::array<std::uint64_t, 4> m_state{};
};

} // namespace edgenas::moo
