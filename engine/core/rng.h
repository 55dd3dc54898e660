#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace edgenas::core {

/// Deterministic pseudo-random generator used everywhere in the engine: xoshiro256** seeded
/// through splitmix64 (Blackman & Vigna). Every draw is computed here from 64-bit integer
/// arithmetic only, so a seed gives the same sequence with every compiler and standard library
/// (std::uniform_int_distribution and friends do not: their algorithms are unspecified).
/// Copying an Rng copies its position in the stream. Not thread-safe: give each thread its own,
/// e.g. from fork() or forStream().
class Rng {
public:
    using result_type = std::uint64_t;
    using State = std::array<std::uint64_t, 4>;

    static constexpr std::uint64_t kDefaultSeed = 0x5eed'ed9e'0a5b'0001ULL;

    explicit Rng(std::uint64_t seed = kDefaultSeed);

    /// Restarts the stream as if newly constructed with `seed`.
    void reseed(std::uint64_t seed);
    /// The seed this stream was (re)started from: derived for fork()/forStream(), 0 after fromState().
    std::uint64_t seed() const { return m_seed; }

    /// A generator positioned exactly where `state` was taken with state(); lets a resumed run
    /// continue the very same sequence. An all-zero state is invalid and replaced by a seeded one.
    static Rng fromState(const State& state);
    State state() const { return m_state; }

    /// A stream determined by (seed, stream) alone, e.g. one per candidate or per generation, so
    /// results do not depend on the order in which work is scheduled.
    static Rng forStream(std::uint64_t seed, std::uint64_t stream);
    /// An independent child stream; advances this generator by one draw.
    Rng fork();

    /// Next raw 64-bit value.
    std::uint64_t next();

    /// Uniform integer in [0, n); unbiased (rejection sampling). Throws std::invalid_argument
    /// for n <= 0.
    int uniformInt(int n);
    std::uint64_t uniformU64(std::uint64_t n);
    /// Uniform double in [0, 1) with 53 random bits.
    double uniformReal();
    /// True with probability p (p <= 0 never, p >= 1 always).
    bool bernoulli(double p);

    /// Fisher-Yates shuffle with our own draws (std::shuffle's sequence is library-specific).
    template <typename T>
    void shuffle(std::vector<T>& values) {
        for (std::size_t i = values.size(); i > 1; --i) {
            const auto j = static_cast<std::size_t>(uniformU64(i));
            using std::swap;
            swap(values[i - 1], values[j]);
        }
    }

    // UniformRandomBitGenerator, so the generator can also feed std algorithms when the exact
    // sequence does not matter.
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type(0); }
    result_type operator()() { return next(); }

    friend bool operator==(const Rng&, const Rng&) = default;

private:
    State m_state{};
    std::uint64_t m_seed = 0;
};

} // namespace edgenas::core
