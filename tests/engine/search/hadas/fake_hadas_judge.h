#pragma once

#include "search/hadas/hadas_judge.h"

#include "cost/architecture_cost.h"
#include "spaces/attentive_space.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace edgenas::search::test {

/// A deterministic stand-in for the supernet: accuracy grows with MACs, and every sample has a
/// fixed difficulty that a head at relative depth d answers correctly when the difficulty is
/// below its capability, with a confidence that grows with the margin. So deeper heads know
/// more, confidences carry information, and tables are cheap and the same on every call.
class FakeHadasJudge final : public HadasJudge {
public:
    explicit FakeHadasJudge(const spaces::AttentiveSpace& space, int samples = 400) : m_space(space), m_samples(samples) {}

    double validationAccuracy(const spaces::AttentiveBackbone& b) override {
        const double macs = double(cost::analyseCost(m_space.build(b)).macs);
        return 0.55 + 0.4 * (1.0 - std::exp(-macs / 4.0e6));
    }
    double testAccuracy(const spaces::AttentiveBackbone& b) override { return validationAccuracy(b) - 0.01; }

    HadasExitTables exitTables(const spaces::AttentiveBackbone& b, const std::vector<int>& blocks) override {
        ++tablesMade;
        return {table(b, blocks, 1), table(b, blocks, 2)};
    }
    std::string description() const override { return "a fake judge (tests)"; }

    int tablesMade = 0;

private:
    static double difficulty(int sample, int split) {
        std::uint64_t x = std::uint64_t(sample) * 0x9e3779b97f4a7c15ULL + std::uint64_t(split) * 0xbf58476d1ce4e5b9ULL;
        x ^= x >> 31;
        x *= 0x94d049bb133111ebULL;
        x ^= x >> 29;
        return double(x >> 11) / double(1ULL << 53);
    }
    ExitOutcomes outcomes(int block, double capability, int split) const {
        ExitOutcomes o;
        o.block = block;
        for (int n = 0; n < m_samples; ++n) {
            const double d = difficulty(n, split);
            o.correct.push_back(d < capability ? 1 : 0);
            o.confidence.push_back(static_cast<float>(std::clamp(0.55 + (capability - d), 0.1, 0.999)));
        }
        return o;
    }
    ExitTable table(const spaces::AttentiveBackbone& b, const std::vector<int>& blocks, int split) {
        const double final = validationAccuracy(b);
        const double depth = double(b.blockCount());
        ExitTable t;
        for (int block : blocks)
            t.exits.push_back(outcomes(block, final * (0.35 + 0.6 * double(block + 1) / depth), split));
        t.final = outcomes(-1, final, split);
        return t;
    }

    const spaces::AttentiveSpace& m_space;
    int m_samples;
};

} // namespace edgenas::search::test
