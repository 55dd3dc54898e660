#include "search/hadas/dynamic_cost_model.h"
#include "search/hadas/exit_policy.h"

#include "core/errors.h"
#include "cost/device_catalog.h"
#include "cost/device_prediction.h"
#include "spaces/attentive_space.h"

#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>

using namespace edgenas;
using search::DynamicCostModel;
using search::DynamicCostProfile;

namespace {

const cost::DeviceProfile& xavier() { return cost::DeviceCatalog::builtIn().find("jetson-agx-xavier"); }

// Heads of width 32 after every block from the second on.
DynamicCostModel modelOf(const spaces::AttentiveSpace& space, const spaces::AttentiveBackbone& backbone,
                         int headWidth = 32) {
    std::vector<int> exits;
    for (int b = 1; b < backbone.blockCount(); ++b)
        exits.push_back(b);
    return DynamicCostModel::ofBackbone(space, backbone, exits, headWidth, xavier());
}

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); }

} // namespace

class TestDynamicCostModel : public QObject {
    Q_OBJECT

private slots:
    void headsSitBeforeTheMainOutput() {
        const spaces::AttentiveSpace space;
        const DynamicCostModel model = modelOf(space, space.largest());
        const core::Architecture backbone = space.build(space.largest());
        const core::Architecture& net = model.network();
        QCOMPARE(model.blockCount(), 13);
        QCOMPARE(net.nodes.size(), backbone.nodes.size() + 12);
        for (std::size_t i = 0; i + 1 < backbone.nodes.size(); ++i)
            QVERIFY(net.nodes[i] == backbone.nodes[i]);
        QVERIFY(net.nodes.back().op == backbone.nodes.back().op && net.nodes.back().inputs == backbone.nodes.back().inputs);
        const std::vector<int> blocks = space.blockOutputNodes(space.largest());
        QCOMPARE(model.headNode(0), -1);
        const core::Node& head = net.node(model.headNode(4));
        QVERIFY(head.op == core::OpType::EarlyExit);
        QCOMPARE(head.outChannels, 32);
        QCOMPARE(head.inputs, (std::vector<int>{blocks[4]}));
    }

    // The static backbone is what the model's full figures say, and the last block's prefix plus
    // the backbone's own head is the whole backbone.
    void prefixesAddUpToTheStaticBackbone() {
        const spaces::AttentiveSpace space;
        for (const spaces::AttentiveBackbone& backbone : {space.smallest(), space.largest()}) {
            const DynamicCostModel model = modelOf(space, backbone);
            const core::Architecture arch = space.build(backbone);
            const std::vector<int> blocks = space.blockOutputNodes(backbone);
            for (const char* level : {"", "min", "gpu=522.75,emc=1065.6,cpu=1267.2"}) {
                const cost::DevicePrediction alone = cost::predictOnDevice(arch, xavier(), level);
                const DynamicCostProfile& p = model.at(level);
                QVERIFY(close(p.fullLatencyMs, alone.latencyMs));
                QVERIFY(close(p.fullEnergyMj, alone.energyMj));
                QCOMPARE(p.provenance, std::string("modelled"));
                double headMs = 0.0, headMj = 0.0;
                for (std::size_t id = static_cast<std::size_t>(blocks.back()) + 1; id < arch.nodes.size(); ++id) {
                    headMs += alone.nodes[id].latencyMs;
                    headMj += alone.nodes[id].energyMj;
                }
                QVERIFY(headMs > 0.0);
                QVERIFY2(close(p.prefixLatencyMs.back() + headMs, alone.latencyMs),
                         qPrintable(QStringLiteral("%1 + %2 != %3").arg(p.prefixLatencyMs.back()).arg(headMs).arg(alone.latencyMs)));
                QVERIFY(close(p.prefixEnergyMj.back() + headMj, alone.energyMj));
                QCOMPARE(p.prefixLatencyMs.size(), blocks.size());
                for (std::size_t b = 1; b < blocks.size(); ++b) {
                    QVERIFY(p.prefixLatencyMs[b] >= p.prefixLatencyMs[b - 1]);
                    QVERIFY(p.prefixEnergyMj[b] >= p.prefixEnergyMj[b - 1]);
                }
                QVERIFY(p.prefixLatencyMs.front() > alone.overheadMs);
                QCOMPARE(p.headLatencyMs.size(), blocks.size() - 1);
                for (const auto& [block, ms] : p.headLatencyMs) {
                    QVERIFY(ms > 0.0);
                    QVERIFY(p.headEnergyMj.at(block) > 0.0);
                }
            }
        }
    }

    // A narrow head (1x1 conv to 32 first) costs more than the plain pool + linear head on the
    // same block, and the cost follows the width.
    void headCostFollowsItsWidth() {
        const spaces::AttentiveSpace space;
        const DynamicCostModel plain = modelOf(space, space.largest(), 0);
        const DynamicCostModel narrow = modelOf(space, space.largest(), 32);
        const DynamicCostModel wide = modelOf(space, space.largest(), 128);
        for (int block = 1; block < 13; ++block) {
            QVERIFY(plain.at("").headLatencyMs.at(block) < narrow.at("").headLatencyMs.at(block));
            QVERIFY(narrow.at("").headEnergyMj.at(block) < wide.at("").headEnergyMj.at(block));
        }
        // Heads do not change the backbone's own figures.
        QVERIFY(close(plain.at("").fullLatencyMs, wide.at("").fullLatencyMs));
    }

    // Notes §3.3: a lower GPU clock draws less power and takes longer.
    void lowerGpuClockLowerPowerHigherLatency() {
        const spaces::AttentiveSpace space;
        const DynamicCostModel model = modelOf(space, space.largest());
        const search::FrequencySweep sweep = model.sweep("gpu", xavier().operatingPoint("maxn"));
        QCOMPARE(sweep.domain, std::string("gpu"));
        QCOMPARE(sweep.mhz.size(), std::size_t(14));
        QCOMPARE(sweep.mhz.front(), 114.75);
        QCOMPARE(sweep.mhz.back(), 1377.0);
        for (std::size_t i = 1; i < sweep.profiles.size(); ++i) {
            const DynamicCostProfile& slower = sweep.profiles[i - 1];
            const DynamicCostProfile& faster = sweep.profiles[i];
            QCOMPARE(slower.mhz.at("gpu"), sweep.mhz[i - 1]);
            QCOMPARE(slower.mhz.at("emc"), 2133.0);
            QVERIFY(slower.fullLatencyMs > faster.fullLatencyMs);
            QVERIFY(slower.fullEnergyMj / slower.fullLatencyMs < faster.fullEnergyMj / faster.fullLatencyMs);
            QVERIFY(slower.prefixLatencyMs[3] > faster.prefixLatencyMs[3]);
        }
    }

    // Notes §3.3: static power makes energy over the 14 GPU levels (the other clocks at their
    // maximum) lowest somewhere in between, not at either end.
    void energyOverGpuLevelsHasAnInteriorMinimum() {
        const spaces::AttentiveSpace space;
        for (const spaces::AttentiveBackbone& backbone : {space.smallest(), space.largest()}) {
            const DynamicCostModel model = modelOf(space, backbone);
            const search::FrequencySweep sweep = model.sweep("gpu", xavier().operatingPoint("maxn"));
            std::vector<double> energy;
            for (const DynamicCostProfile& p : sweep.profiles)
                energy.push_back(p.fullEnergyMj);
            const auto lowest = std::min_element(energy.begin(), energy.end()) - energy.begin();
            QString curve;
            for (std::size_t i = 0; i < energy.size(); ++i)
                curve += QStringLiteral("%1 MHz: %2 mJ; ").arg(sweep.mhz[i]).arg(energy[i], 0, 'g', 5);
            QVERIFY2(lowest > 0 && lowest < 13, qPrintable(curve));
        }
    }

    void profilesAreCachedPerClockSet() {
        const spaces::AttentiveSpace space;
        const DynamicCostModel model = modelOf(space, space.smallest());
        const DynamicCostProfile& a = model.atLevels({{"gpu", 5}, {"emc", 8}, {"cpu", 28}});
        const DynamicCostProfile& b = model.at("gpu=624.75");
        QCOMPARE(&a, &b);
        QCOMPARE(model.cachedPoints(), std::size_t(1));
        // The profile's generated point for this GPU level lends its name.
        QCOMPARE(QString::fromStdString(a.operatingPoint), QStringLiteral("gpu-624.75"));
        const DynamicCostProfile& c = model.atLevels({{"gpu", 5}, {"emc", 0}});
        QCOMPARE(QString::fromStdString(c.operatingPoint), QStringLiteral("gpu=624.75,emc=204,cpu=2265.6"));
        QCOMPARE(c.mhz.at("emc"), 204.0);
        model.atLevels({{"gpu", 0}, {"emc", 0}, {"cpu", 0}});
        QCOMPARE(model.cachedPoints(), std::size_t(3));
        QVERIFY(model.at("min").fullLatencyMs > model.at("maxn").fullLatencyMs);
    }

    // A policy prices a dynamic network from the model's profile: never exiting costs the
    // backbone plus the heads; with no heads chosen it is the backbone.
    void policyOnModelledProfile() {
        const spaces::AttentiveSpace space;
        const DynamicCostModel model = modelOf(space, space.largest());
        search::ExitTable table;
        for (int block = 1; block < 13; ++block)
            table.exits.push_back({block, 1.0, {1, 0}, {0.5f, 0.5f}});
        table.final = {-1, 1.0, {1, 1}, {0.9f, 0.9f}};
        const search::ExitPolicy policy(table);
        const DynamicCostProfile& p = model.at("");
        const auto none = policy.evaluate({{}, search::ExitRule::Threshold, 1.0}, p);
        QCOMPARE(none.expectedLatencyMs, p.fullLatencyMs);
        const auto early = policy.evaluate({{3, 9}, search::ExitRule::Threshold, 0.0}, p);
        QCOMPARE(early.expectedLatencyMs, p.prefixLatencyMs[3] + p.headLatencyMs.at(3));
        QVERIFY(early.expectedEnergyMj < none.expectedEnergyMj);
    }

    void badInputIsNamed() {
        const spaces::AttentiveSpace space;
        const core::Architecture arch = space.build(space.smallest());
        const std::vector<int> blocks = space.blockOutputNodes(space.smallest());
        QVERIFY_THROWS_EXCEPTION(core::InputError, DynamicCostModel(arch, blocks, {5}, 32, xavier()));
        QVERIFY_THROWS_EXCEPTION(core::InputError, DynamicCostModel(arch, blocks, {2, 2}, 32, xavier()));
        QVERIFY_THROWS_EXCEPTION(core::InputError, DynamicCostModel(arch, blocks, {2}, -1, xavier()));
        QVERIFY_THROWS_EXCEPTION(core::InputError, DynamicCostModel(arch, {0, 5}, {1}, 32, xavier()));
        const DynamicCostModel model(arch, blocks, {1}, 32, xavier());
        QVERIFY_THROWS_EXCEPTION(core::InputError, model.sweep("npu", xavier().operatingPoint("")));
        QVERIFY_THROWS_EXCEPTION(core::InputError, model.atLevels({{"gpu", 14}}));
    }
};

QTEST_APPLESS_MAIN(TestDynamicCostModel)
#include "test_dynamic_cost_model.moc"
