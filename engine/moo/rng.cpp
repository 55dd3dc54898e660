#include "moo/rng.h"

#include <stdexcept>
#include <string>

namespace edgenas::moo {

namespace {

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

} // namespace

Rng::Rng(std::uint64_t seed) {
    // splitmix64 is a bijection of its counter, so the state is never all zero.
    std::uint64_t x = seed;
    for (auto& word : m_state)
        word = splitmix64(x);
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
        throw std::invalid_argument("moo::Rng::uniformU64: the range must not be empty");
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
        throw std::invalid_argument("moo::Rng::uniformInt: n must be positive, got " + std::to_string(n));
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

} // namespace edgenas::moo
