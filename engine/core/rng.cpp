#include "rng.h"

#include <stdexcept>
#include <string>

namespace edgenas::core {

namespace {

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// splitmix64: spreads any seed (0, 1, 2, ...) over the whole state, as the xoshiro authors advise.
std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

} // namespace

Rng::Rng(std::uint64_t seed) { reseed(seed); }

void Rng::reseed(std::uint64_t seed) {
    m_seed = seed;
    std::uint64_t x = seed;
    for (auto& word : m_state)
        word = splitmix64(x);
    // splitmix64 is a bijection of its counter, so four consecutive outputs are never all zero.
}

Rng Rng::fromState(const State& state) {
    Rng rng;
    if (state == State{})
        return rng; // xoshiro's one forbidden state would output zeros forever
    rng.m_state = state;
    rng.m_seed = 0;
    return rng;
}

Rng Rng::forStream(std::uint64_t seed, std::uint64_t stream) {
    // Two rounds of splitmix decorrelate neighbouring (seed, stream) pairs.
    std::uint64_t x = seed;
    const std::uint64_t a = splitmix64(x);
    std::uint64_t y = a ^ (stream * 0xd1b54a32d192ed03ULL + 0x8bb84b93962eacc9ULL);
    return Rng(splitmix64(y));
}

Rng Rng::fork() {
    std::uint64_t x = next();
    return Rng(splitmix64(x));
}

std::uint64_t Rng::next() {
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

std::uint64_t Rng::uniformU64(std::uint64_t n) {
    if (n == 0)
        throw std::invalid_argument("Rng::uniformU64: the range must not be empty");
    // Reject the top partial block of 2^64 values so every residue is equally likely.
    const std::uint64_t excess = (max() % n + 1) % n; // 2^64 mod n
    for (;;) {
        const std::uint64_t x = next();
        if (excess == 0 || x <= max() - excess)
            return x % n;
    }
}

int Rng::uniformInt(int n) {
    if (n <= 0)
        throw std::invalid_argument("Rng::uniformInt: n must be positive, got " + std::to_string(n));
    return static_cast<int>(uniformU64(static_cast<std::uint64_t>(n)));
}

double Rng::uniformReal() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

bool Rng::bernoulli(double p) {
    if (!(p > 0.0)) // also false for NaN
        return false;
    if (p >= 1.0)
        return true;
    return uniformReal() < p;
}

} // namespace edgenas::core
