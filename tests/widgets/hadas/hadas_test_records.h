#pragma once

// Hand-made HADAS records for the view and panel tests and the screenshot harness: backbones of
// the reduced 28x28 space (five stages, widths <= 48, <= 3 blocks a stage), the Jetson AGX
// Xavier frequency tables of the notes, and dynamic models whose energy over the GPU levels
// has an interior minimum (static power against dynamic power), as the notes' model gives.

#include "search/hadas/hadas_records.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace edgenas::test::hadas {

inline std::vector<double> agxCpuLevelsMhz() {
    std::vector<double> out;
    for (int i = 0; i < 29; ++i)
        out.push_back(115.2 + 76.8 * i);
    return out;
}
inline std::vector<double> agxGpuLevelsMhz() {
    return {114.75, 216.75, 318.75, 420.75, 522.75, 624.75, 675.75, 828.75, 905.25, 1032.75, 1198.5, 1236.75, 1338.75, 1377};
}
inline std::vector<double> agxMemoryLevelsMhz() { return {204, 408, 665.6, 800, 1065.6, 1331.2, 1600, 1866, 2133}; }

/// A backbone; `variant` changes depths and widths a little; `searched` adds trained heads at
/// blocks 3.. (one per block).
inline search::HadasBackboneRecord backbone(int variant, bool searched) {
    search::HadasBackboneRecord b;
    const int widths[5] = {16, 24, 32, 40, 48};
    const int depths[5] = {1, 2 + variant % 2, 3, 2 + (variant + 1) % 2, 2};
    double resolution = 28.0 * 28.0;
    for (int s = 0; s < 5; ++s) {
        if (s == 1 || s == 3)
            resolution /= 4.0;
        for (int k = 0; k < depths[s]; ++k) {
            search::HadasBlock block;
            block.stage = s;
            block.width = widths[s] - (variant % 3 == 2 && s > 1 ? 8 : 0);
            block.kernel = (k + s + variant) % 2 ? 5 : 3;
            block.expansion = s == 0 ? 1 : 4 + (k + variant) % 3;
            block.stride = k == 0 && (s == 1 || s == 3) ? 2 : 1;
            block.squeezeExcite = s >= 2;
            block.macs = resolution * block.width * block.width * block.expansion * (1.0 + block.kernel * block.kernel / 16.0);
            b.blocks.push_back(block);
        }
    }
    b.stemMacs = 28.0 * 28.0 * 9 * 16;
    b.finalHeadMacs = 48.0 * 10 + 48.0 * 7 * 7 * 2;
    b.supernetAccuracy = 0.884 + 0.006 * (variant % 4);
    b.searchedInner = searched;
    b.supernetKey = "supernet-attentive-reduced-fmnist-20k-5ep";
    if (searched) {
        const int n = int(b.blocks.size());
        for (int block = 3; block < n; ++block) {
            search::HadasExitHead h;
            h.block = block;
            h.validationAccuracy = 0.62 + 0.26 * double(block - 3) / double(std::max(1, n - 4));
            h.testAccuracy = h.validationAccuracy - 0.004;
            h.temperature = 1.2 + 0.05 * block;
            h.macs = 7.0 * 7.0 * b.blocks[std::size_t(block)].width * 16.0;
            b.exits.push_back(h);
        }
        b.finalTestAccuracy = b.supernetAccuracy - 0.003;
    }
    return b;
}

/// Modelled latency (ms) and energy (mJ) of a network of `macs` MACs at a GPU frequency:
/// latency falls as 1/f, power is static plus f^2.2, so energy has an interior minimum.
inline double latencyAt(double macs, double gpuMhz) { return 0.4 + macs / 2.0e6 * 1377.0 / gpuMhz; }
inline double energyAt(double macs, double gpuMhz) {
    const double watts = 6.0 + 18.0 * std::pow(gpuMhz / 1377.0, 2.2);
    return watts * latencyAt(macs, gpuMhz);
}

/// A dynamic model of `b` with exits at `exits` (blocks with trained heads), the rule, a
/// threshold and the chosen GPU level (index into agxGpuLevelsMhz()).
inline search::HadasDynamicRecord dynamicModel(const search::HadasBackboneRecord& b, const std::string& rule,
                                               std::vector<int> exits, double threshold, int gpuLevel) {
    search::HadasDynamicRecord d;
    d.rule = rule;
    d.deployable = rule != "oracle";
    d.threshold = rule == "threshold" ? threshold : 0.0;
    std::sort(exits.begin(), exits.end());
    d.exitBlocks = exits;
    double total = b.stemMacs + b.finalHeadMacs;
    for (const auto& block : b.blocks)
        total += block.macs;
    // Earlier exits keep fewer samples when the threshold is high; the oracle keeps the most.
    double left = 1.0;
    double expectedMacs = 0.0;
    double accuracy = 0.0;
    const double keep = rule == "oracle" ? 0.55 : rule == "mean" ? 1.0 / double(exits.size() + 1) : 1.0 - threshold + 0.25;
    for (int block : exits) {
        double prefix = b.stemMacs;
        for (int k = 0; k <= block; ++k)
            prefix += b.blocks[std::size_t(k)].macs;
        const double rate = rule == "mean" ? keep : left * keep;
        d.exitRates.push_back(rate);
        double headAccuracy = 0.0;
        for (const auto& h : b.exits)
            if (h.block == block)
                headAccuracy = h.validationAccuracy;
        d.exitAccuracy.push_back(headAccuracy);
        expectedMacs += rate * prefix;
        accuracy += rate * std::min(0.995, headAccuracy + (rule == "oracle" ? 0.3 : rule == "mean" ? 0.05 : 0.25));
        left -= rate;
    }
    d.exitRates.push_back(left);
    d.exitAccuracy.push_back(b.supernetAccuracy);
    expectedMacs += left * total;
    accuracy += left * b.supernetAccuracy;

    const std::vector<double> gpu = agxGpuLevelsMhz();
    d.domains = {{"cpu", agxCpuLevelsMhz(), 20}, {"gpu", gpu, gpuLevel}, {"emc", agxMemoryLevelsMhz(), 6}};
    d.operatingPoint = "gpu " + std::to_string(int(std::lround(gpu[std::size_t(gpuLevel)]))) + " MHz";
    d.staticMaxClock = {b.supernetAccuracy, latencyAt(total, gpu.back()), energyAt(total, gpu.back())};
    d.exitsMaxClock = {accuracy, latencyAt(expectedMacs, gpu.back()), energyAt(expectedMacs, gpu.back())};
    d.exitsDvfs = {accuracy, latencyAt(expectedMacs, gpu[std::size_t(gpuLevel)]),
                   energyAt(expectedMacs, gpu[std::size_t(gpuLevel)])};
    d.testAccuracy = accuracy - 0.005;
    d.sweepDomain = "gpu";
    for (double f : gpu) {
        d.sweepMhz.push_back(f);
        d.sweepEnergyMj.push_back(energyAt(expectedMacs, f));
        d.sweepLatencyMs.push_back(latencyAt(expectedMacs, f));
    }
    return d;
}

} // namespace edgenas::test::hadas
