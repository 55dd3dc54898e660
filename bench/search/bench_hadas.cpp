// bench_hadas: what HADAS's inner search pays per candidate. Routing a choice of exits through an
// exit table (10,000 samples, 12 heads) under each rule, pricing it at a point, one dynamic cost
// profile on Jetson AGX Xavier (cost::predictOnDevice on a reduced backbone with 12 heads), and
// the whole 29 x 14 x 9 DVFS grid. Costs are modelled; the timings are measured on this machine.

#include "search/hadas/dynamic_cost_model.h"
#include "search/hadas/exit_policy.h"

#include "cost/device_catalog.h"
#include "spaces/attentive_space.h"

#include <chrono>
#include <cstdio>
#include <random>

using namespace edgenas;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

search::ExitTable randomTable(int samples, const std::vector<int>& blocks) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    search::ExitTable table;
    auto head = [&](int block, double skill) {
        search::ExitOutcomes e;
        e.block = block;
        for (int s = 0; s < samples; ++s) {
            const bool right = u(rng) < skill;
            e.correct.push_back(right ? 1 : 0);
            e.confidence.push_back(static_cast<float>(right ? 0.4 + 0.6 * u(rng) : 0.1 + 0.6 * u(rng)));
        }
        return e;
    };
    for (std::size_t k = 0; k < blocks.size(); ++k)
        table.exits.push_back(head(blocks[k], 0.3 + 0.5 * double(k) / double(blocks.size())));
    table.final = head(-1, 0.88);
    return table;
}

} // namespace

int main() {
    const spaces::AttentiveSpace space;
    const spaces::AttentiveBackbone backbone = space.largest();
    const std::vector<int> blockNodes = space.blockOutputNodes(backbone);
    std::vector<int> exits;
    for (int b = 1; b < static_cast<int>(blockNodes.size()); ++b)
        exits.push_back(b);
    const cost::DeviceProfile& xavier = cost::DeviceCatalog::builtIn().find("jetson-agx-xavier");

    const auto buildStart = Clock::now();
    const search::DynamicCostModel model(space.build(backbone), blockNodes, exits, 32, xavier);
    std::printf("dynamic cost model: %d blocks, %zu heads of width 32, %zu nodes; built in %.3f ms\n",
                model.blockCount(), exits.size(), model.network().nodes.size(), msSince(buildStart));

    const auto firstStart = Clock::now();
    const search::DynamicCostProfile& first = model.at("");
    const double firstMs = msSince(firstStart);
    const auto cachedStart = Clock::now();
    for (int i = 0; i < 1000; ++i)
        model.at("");
    std::printf("one profile (predictOnDevice, uncached): %.3f ms; cached look-up: %.2f us\n", firstMs,
                msSince(cachedStart));
    std::printf("  backbone at maxn: %.4f ms, %.4f mJ (modelled)\n", first.fullLatencyMs, first.fullEnergyMj);

    const auto gridStart = Clock::now();
    int points = 0;
    for (int c = 0; c < 29; ++c)
        for (int g = 0; g < 14; ++g)
            for (int m = 0; m < 9; ++m) {
                model.atLevels({{"cpu", c}, {"gpu", g}, {"emc", m}});
                ++points;
            }
    const double gridMs = msSince(gridStart);
    std::printf("full DVFS grid: %d points in %.1f ms (%.3f ms per point), %zu cached\n", points, gridMs,
                gridMs / points, model.cachedPoints());

    // The energy-vs-GPU-clock curve (CPU and EMC at their top levels) of the static backbones at
    // both ends of the reduced space: where the static power makes its minimum.
    for (const auto& [name, which] : {std::pair{"smallest", space.smallest()}, std::pair{"largest", space.largest()}}) {
        const search::DynamicCostModel m(space.build(which), space.blockOutputNodes(which), {1}, 32, xavier);
        const search::FrequencySweep sweep = m.sweep("gpu", xavier.operatingPoint("maxn"));
        std::printf("energy over GPU levels, %s reduced backbone (mJ, modelled):", name);
        for (std::size_t i = 0; i < sweep.mhz.size(); ++i)
            std::printf(" %s:%.3f", cost::formatMhz(sweep.mhz[i]).c_str(), sweep.profiles[i].fullEnergyMj);
        std::printf("\n");
    }

    const search::ExitTable table = randomTable(10000, exits);
    const auto policyStart = Clock::now();
    const search::ExitPolicy policy(table);
    std::printf("exit policy on %d samples x %zu heads: prepared in %.3f ms\n", table.samples(), table.exits.size(),
                msSince(policyStart));
    const std::vector<int> chosen{2, 4, 7, 10};
    const int repeats = 2000;
    for (search::ExitRule rule : {search::ExitRule::Oracle, search::ExitRule::Threshold, search::ExitRule::Mean}) {
        const auto start = Clock::now();
        double sink = 0.0;
        for (int i = 0; i < repeats; ++i) {
            const double tau = 0.5 + 0.05 * (i % 10);  // ten thresholds: the pass masks are cached
            sink += policy.evaluate({chosen, rule, tau}, model.at("")).expectedEnergyMj;
        }
        std::printf("  %-9s route + price, 4 exits: %.2f us per call (checksum %.3f)\n",
                    std::string(search::toString(rule)).c_str(), 1000.0 * msSince(start) / repeats, sink / repeats);
    }
    const auto priceStart = Clock::now();
    const search::ExitRouting routing = policy.route({chosen, search::ExitRule::Threshold, 0.8});
    double sink = 0.0;
    for (int i = 0; i < 100000; ++i)
        sink += search::ExitPolicy::price(routing, first).expectedLatencyMs;
    std::printf("  price a routing at a cached point: %.3f us per call (checksum %.4f)\n",
                1000.0 * msSince(priceStart) / 100000, sink / 100000);
    return 0;
}
