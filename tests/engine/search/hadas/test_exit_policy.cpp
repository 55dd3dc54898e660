#include "search/hadas/exit_policy.h"

#include "core/errors.h"

#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace edgenas;
using search::DynamicCostProfile;
using search::ExitChoice;
using search::ExitOutcomes;
using search::ExitPolicy;
using search::ExitRule;
using search::ExitTable;
using search::ThresholdTest;

namespace {

ExitOutcomes outcomes(int block, std::vector<std::uint8_t> correct, std::vector<float> confidence) {
    return {block, 1.0, std::move(correct), std::move(confidence)};
}

// Four samples, heads after blocks 2, 5 and 8 (confidences: head 2, head 5, head 8):
//   s0: 0.9 0.1 0.1, right at 2 only, final right
//   s1: 0.2 0.8 0.3, right at 5 and 8, final right
//   s2: 0.3 0.4 0.7, never right
//   s3: 0.1 0.2 0.3, right at 8, final right
ExitTable handTable() {
    ExitTable t;
    t.exits.push_back(outcomes(2, {1, 0, 0, 0}, {0.9f, 0.2f, 0.3f, 0.1f}));
    t.exits.push_back(outcomes(5, {0, 1, 0, 0}, {0.1f, 0.8f, 0.4f, 0.2f}));
    t.exits.push_back(outcomes(8, {0, 1, 0, 1}, {0.1f, 0.3f, 0.7f, 0.3f}));
    t.final = outcomes(-1, {1, 1, 0, 1}, {0.9f, 0.9f, 0.9f, 0.9f});
    return t;
}

// Ten blocks; prefix latency 1 + b ms, energy 10 (1 + b) mJ; heads 0.5 / 0.25 / 0.125 ms and
// 1 / 2 / 4 mJ; the full network 12 ms, 120 mJ. Binary fractions: every sum below is exact.
DynamicCostProfile handCost() {
    DynamicCostProfile c;
    c.operatingPoint = "hand";
    for (int b = 0; b < 10; ++b) {
        c.prefixLatencyMs.push_back(1.0 + b);
        c.prefixEnergyMj.push_back(10.0 * (1 + b));
    }
    c.headLatencyMs = {{2, 0.5}, {5, 0.25}, {8, 0.125}};
    c.headEnergyMj = {{2, 1.0}, {5, 2.0}, {8, 4.0}};
    c.fullLatencyMs = 12.0;
    c.fullEnergyMj = 120.0;
    return c;
}

// A random table whose heads get better with depth and whose confidence tracks correctness, as
// a trained one does; some confidences are exactly 1 (a float softmax saturates).
ExitTable randomTable(std::mt19937_64& rng, int samples, int heads) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    ExitTable t;
    auto head = [&](int block, double skill) {
        ExitOutcomes e;
        e.block = block;
        for (int s = 0; s < samples; ++s) {
            const bool right = u(rng) < skill;
            e.correct.push_back(right ? 1 : 0);
            const double c = right ? 0.4 + 0.6 * u(rng) : 0.1 + 0.6 * u(rng);
            e.confidence.push_back(u(rng) < 0.05 ? 1.0f : static_cast<float>(c));
        }
        return e;
    };
    int block = 0;
    for (int k = 0; k < heads; ++k) {
        block += 1 + static_cast<int>(u(rng) * 3);
        t.exits.push_back(head(block, 0.2 + 0.6 * (k + 1) / (heads + 1)));
    }
    t.final = head(-1, 0.85);
    return t;
}

DynamicCostProfile randomCost(std::mt19937_64& rng, int blocks, const ExitTable& table) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    DynamicCostProfile c;
    double ms = 0.3, mj = 2.0;
    for (int b = 0; b < blocks; ++b) {
        ms += u(rng);
        mj += 5.0 * u(rng);
        c.prefixLatencyMs.push_back(ms);
        c.prefixEnergyMj.push_back(mj);
    }
    for (const ExitOutcomes& e : table.exits) {
        c.headLatencyMs[e.block] = 0.1 * u(rng);
        c.headEnergyMj[e.block] = 0.5 * u(rng);
    }
    c.fullLatencyMs = ms + 1.0;
    c.fullEnergyMj = mj + 6.0;
    return c;
}

std::vector<int> allBlocks(const ExitTable& t) {
    std::vector<int> out;
    for (const ExitOutcomes& e : t.exits)
        out.push_back(e.block);
    return out;
}

const std::vector<double> kThresholds{0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0};

} // namespace

class TestExitPolicy : public QObject {
    Q_OBJECT

private slots:
    void tableAccuracyAndLookup() {
        const ExitTable t = handTable();
        QCOMPARE(t.samples(), 4);
        QCOMPARE(t.exits[2].accuracy(), 0.5);
        QCOMPARE(t.final.accuracy(), 0.75);
        QCOMPARE(ExitOutcomes{}.accuracy(), 0.0);
        QCOMPARE(t.indexOfBlock(5), 1);
        QCOMPARE(t.indexOfBlock(8), 2);
        QCOMPARE(t.indexOfBlock(3), -1);
    }

    void ruleNames() {
        for (ExitRule rule : {ExitRule::Oracle, ExitRule::Threshold, ExitRule::Mean})
            QVERIFY(search::exitRuleFromString(search::toString(rule)) == rule);
        QVERIFY(!search::exitRuleFromString("first-correct"));
        QVERIFY(!search::isDeployable(ExitRule::Oracle));
        QVERIFY(search::isDeployable(ExitRule::Threshold));
        QCOMPARE(std::string(search::deployabilityLabel(ExitRule::Oracle)), std::string("upper bound, not deployable"));
        const ExitPolicy policy(handTable());
        QVERIFY(!policy.route({{2}, ExitRule::Oracle}).deployable);
    }

    // Threshold 0.5, all three heads: s0 leaves at 2, s1 at 5, s2 at 8 (wrong), s3 at the final
    // head. Latency: 3 + 0.5 | 6 + 0.75 | 9 + 0.875 | 12 + 0.875 -> mean 8.25 ms; energy:
    // 30 + 1 | 60 + 3 | 90 + 7 | 120 + 7 -> mean 79.5 mJ.
    void thresholdCostByHand() {
        const ExitPolicy policy(handTable());
        const auto e = policy.evaluate({{8, 2, 5}, ExitRule::Threshold, 0.5}, handCost());
        QCOMPARE(e.routing.exitBlocks, (std::vector<int>{2, 5, 8}));
        QCOMPARE(e.routing.exitRates, (std::vector<double>{0.25, 0.25, 0.25, 0.25}));
        QCOMPARE(e.routing.headShare, (std::vector<double>{1.0, 0.75, 0.5}));
        QCOMPARE(e.routing.exitAccuracy, (std::vector<double>{0.25, 0.25, 0.5, 0.75}));
        QCOMPARE(e.routing.accuracy, 0.75);
        QCOMPARE(e.expectedLatencyMs, 8.25);
        QCOMPARE(e.expectedEnergyMj, 79.5);
        QCOMPARE(e.operatingPoint, std::string("hand"));
        QVERIFY(e.routing.deployable);
    }

    // Oracle over heads 5 and 8: s0 is right at neither and leaves at the (right) final head, s1
    // at 5, s2 nowhere right (final, wrong), s3 at 8. Latency 12.375 | 6.25 | 12.375 | 9.375.
    void oracleCostByHand() {
        const ExitPolicy policy(handTable());
        const auto e = policy.evaluate({{5, 8}, ExitRule::Oracle}, handCost());
        QCOMPARE(e.routing.exitRates, (std::vector<double>{0.25, 0.25, 0.5}));
        QCOMPARE(e.routing.accuracy, 0.75);
        QCOMPARE(e.expectedLatencyMs, (12.375 + 6.25 + 12.375 + 9.375) / 4);
        QCOMPARE(e.expectedEnergyMj, (126.0 + 62.0 + 126.0 + 96.0) / 4);
    }

    // Mean: each head's network truncated there (prefix + its own head), and the full one, alike.
    void meanByHand() {
        const ExitPolicy policy(handTable());
        const auto e = policy.evaluate({{2, 5, 8}, ExitRule::Mean}, handCost());
        QCOMPARE(e.routing.exitRates, (std::vector<double>{0.25, 0.25, 0.25, 0.25}));
        QCOMPARE(e.routing.accuracy, (0.25 + 0.25 + 0.5 + 0.75) / 4);
        QCOMPARE(e.expectedLatencyMs, (3.5 + 6.25 + 9.125 + 12.0) / 4);
        QCOMPARE(e.expectedEnergyMj, (31.0 + 62.0 + 94.0 + 120.0) / 4);
    }

    // Notes §3.1: tau = 1.0 with a strict > never exits. With the heads removed the dynamic
    // network is the static backbone exactly, under every rule; with heads chosen it has the
    // backbone's accuracy and pays the heads on top.
    void strictThresholdOneIsTheStaticBackbone() {
        std::mt19937_64 rng(16);
        for (int round = 0; round < 20; ++round) {
            const ExitTable table = randomTable(rng, 50 + round * 37, 1 + round % 12);
            const DynamicCostProfile cost = randomCost(rng, table.exits.back().block + 2, table);
            const ExitPolicy policy(table);
            for (ExitRule rule : {ExitRule::Threshold, ExitRule::Oracle, ExitRule::Mean}) {
                const auto removed = policy.evaluate({{}, rule, 1.0}, cost);
                QCOMPARE(removed.routing.accuracy, table.final.accuracy());
                QCOMPARE(removed.expectedLatencyMs, cost.fullLatencyMs);
                QCOMPARE(removed.expectedEnergyMj, cost.fullEnergyMj);
                QCOMPARE(removed.routing.exitRates, (std::vector<double>{1.0}));
            }
            const auto withHeads = policy.evaluate({allBlocks(table), ExitRule::Threshold, 1.0}, cost);
            QCOMPARE(withHeads.routing.accuracy, table.final.accuracy());
            QCOMPARE(withHeads.routing.exitRates.back(), 1.0);
            double heads = 0.0;
            for (const auto& [block, ms] : cost.headLatencyMs)
                heads += ms;
            QVERIFY(std::abs(withHeads.expectedLatencyMs - (cost.fullLatencyMs + heads)) < 1e-12);
            DynamicCostProfile freeHeads = cost;
            for (auto& [block, ms] : freeHeads.headLatencyMs)
                ms = 0.0;
            for (auto& [block, mj] : freeHeads.headEnergyMj)
                mj = 0.0;
            const auto freeEval = ExitPolicy::price(withHeads.routing, freeHeads);
            QCOMPARE(freeEval.expectedLatencyMs, cost.fullLatencyMs);
            QCOMPARE(freeEval.expectedEnergyMj, cost.fullEnergyMj);
        }
        // The non-strict test lets out the samples whose float confidence is exactly 1.
        const ExitTable table = randomTable(rng, 400, 3);
        const ExitPolicy policy(table);
        const auto atLeast = policy.route({allBlocks(table), ExitRule::Threshold, 1.0, ThresholdTest::AtLeast});
        QVERIFY(atLeast.exitRates.back() < 1.0);
    }

    // Notes §3.1: tau = 0 sends every sample to the first chosen exit; the accuracy is that
    // head's table accuracy and the cost its prefix plus its head.
    void thresholdZeroLeavesAtTheFirstExit() {
        std::mt19937_64 rng(17);
        for (int round = 0; round < 20; ++round) {
            const ExitTable table = randomTable(rng, 80 + round * 11, 2 + round % 8);
            const DynamicCostProfile cost = randomCost(rng, table.exits.back().block + 2, table);
            const ExitPolicy policy(table);
            std::vector<int> chosen = allBlocks(table);
            chosen.erase(chosen.begin());  // the first chosen exit is then the table's second
            for (ThresholdTest test : {ThresholdTest::Above, ThresholdTest::AtLeast}) {
                const auto e = policy.evaluate({chosen, ExitRule::Threshold, 0.0, test}, cost);
                QCOMPARE(e.routing.exitRates.front(), 1.0);
                QCOMPARE(e.routing.accuracy, table.exits[1].accuracy());
                const int first = chosen.front();
                QCOMPARE(e.expectedLatencyMs, cost.prefixLatencyMs[static_cast<std::size_t>(first)] +
                                                  cost.headLatencyMs.at(first));
                QCOMPARE(e.expectedEnergyMj, cost.prefixEnergyMj[static_cast<std::size_t>(first)] +
                                                 cost.headEnergyMj.at(first));
            }
        }
    }

    // Notes §3.2 over random tables: the oracle is at least as accurate as the threshold rule at
    // every tau, and adding an exit never lowers it.
    void oracleBoundsTheThresholdRule() {
        std::mt19937_64 rng(18);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        int comparisons = 0;
        for (int round = 0; round < 40; ++round) {
            const ExitTable table = randomTable(rng, 30 + round * 17, 1 + round % 20);
            const ExitPolicy policy(table);
            std::vector<int> chosen;
            double previous = policy.route({chosen, ExitRule::Oracle}).accuracy;
            QCOMPARE(previous, table.final.accuracy());
            std::vector<int> blocks = allBlocks(table);
            std::shuffle(blocks.begin(), blocks.end(), rng);
            for (int block : blocks) {
                chosen.push_back(block);
                const double oracle = policy.route({chosen, ExitRule::Oracle}).accuracy;
                QVERIFY2(oracle >= previous, qPrintable(QStringLiteral("%1 < %2").arg(oracle).arg(previous)));
                previous = oracle;
                for (double tau : kThresholds)
                    for (ThresholdTest test : {ThresholdTest::Above, ThresholdTest::AtLeast}) {
                        const double threshold = policy.route({chosen, ExitRule::Threshold, tau, test}).accuracy;
                        QVERIFY2(oracle >= threshold, qPrintable(QStringLiteral("tau %1: oracle %2 < %3")
                                                                     .arg(tau).arg(oracle).arg(threshold)));
                        ++comparisons;
                    }
            }
        }
        QVERIFY(comparisons > 5000);
    }

    // Rates sum to 1 and head shares are the rates from that head on.
    void ratesAndSharesAddUp() {
        std::mt19937_64 rng(19);
        for (int round = 0; round < 20; ++round) {
            const ExitTable table = randomTable(rng, 200, 1 + round % 10);
            const ExitPolicy policy(table);
            for (double tau : kThresholds) {
                const auto r = policy.route({allBlocks(table), ExitRule::Threshold, tau});
                double sum = 0.0;
                for (double rate : r.exitRates)
                    sum += rate;
                QVERIFY(std::abs(sum - 1.0) < 1e-12);
                for (std::size_t k = 0; k < r.headShare.size(); ++k) {
                    double later = 0.0;
                    for (std::size_t j = k; j < r.exitRates.size(); ++j)
                        later += r.exitRates[j];
                    QVERIFY(std::abs(r.headShare[k] - later) < 1e-12);
                }
            }
        }
    }

    void badInputIsNamed() {
        const ExitPolicy policy(handTable());
        auto message = [](auto&& f) -> QString {
            try {
                f();
            } catch (const core::InputError& e) {
                return QString::fromUtf8(e.what());
            }
            return {};
        };
        QVERIFY(message([&] { policy.route({{3}, ExitRule::Oracle}); }).contains("no exit head at block 3"));
        QVERIFY(message([&] { policy.route({{5, 5}, ExitRule::Oracle}); }).contains("chosen twice"));
        QVERIFY(message([&] { policy.route({{5}, ExitRule::Threshold, 1.5}); }).contains("outside [0, 1]"));
        QVERIFY(message([&] { policy.route({{5}, ExitRule::Threshold, std::nan("")}); }).contains("outside [0, 1]"));
        DynamicCostProfile noHead = handCost();
        noHead.headLatencyMs.erase(5);
        QVERIFY(message([&] { policy.evaluate({{5}, ExitRule::Threshold, 0.5}, noHead); })
                    .contains("no prefix or head for exit block 5"));

        ExitTable shortHead = handTable();
        shortHead.exits[1].correct.pop_back();
        QVERIFY(message([&] { ExitPolicy{shortHead}; }).contains("head at block 5 has 3 outcomes"));
        ExitTable unordered = handTable();
        std::swap(unordered.exits[0], unordered.exits[1]);
        QVERIFY(message([&] { ExitPolicy{unordered}; }).contains("ascending"));
        ExitTable overconfident = handTable();
        overconfident.exits[2].confidence[1] = 1.5f;
        QVERIFY(message([&] { ExitPolicy{overconfident}; }).contains("confidence outside [0, 1]"));
        QVERIFY(message([&] { ExitPolicy{ExitTable{}}; }).contains("no samples"));
    }
};

QTEST_APPLESS_MAIN(TestExitPolicy)
#include "test_exit_policy.moc"
