#include "proxies/kendall_tau.h"

#include "core/rng.h"

#include "core/errors.h"

#include <QtTest>

using namespace edgenas;

class TestKendallTau : public QObject {
    Q_OBJECT

private slots:
    void knownValues() {
        QCOMPARE(proxies::kendallTau({1, 2, 3, 4}, {10, 20, 30, 40}), 1.0);
        QCOMPARE(proxies::kendallTau({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0);
        // 6 concordant, 4 discordant pairs.
        QVERIFY(std::abs(proxies::kendallTau({1, 2, 3, 4, 5}, {3, 4, 1, 2, 5}) - 0.2) < 1e-12);
        // tau-b with one tie on each side: (7 - 1) / sqrt(9 * 9).
        QVERIFY(std::abs(proxies::kendallTau({1, 2, 2, 3, 4}, {1, 3, 2, 2, 5}) - 6.0 / 9.0) < 1e-12);
        QCOMPARE(proxies::kendallTau({1, 1, 1}, {1, 2, 3}), 0.0);
    }
    void badInput() {
        QVERIFY_THROWS_EXCEPTION(core::InputError, proxies::kendallTau({1}, {1}));
        QVERIFY_THROWS_EXCEPTION(core::InputError, proxies::kendallTau({1, 2}, {1, 2, 3}));
    }

    // The interval is a real bootstrap: it brackets the point value, is reproducible for a seed,
    // shrinks with more architectures, collapses for a perfect ranking, and paired statistics
    // (same seed, same item count) see the same resamples.
    void bootstrapIntervalBracketsAndShrinks() {
        std::vector<double> a, b;
        core::Rng rng(7);
        for (int i = 0; i < 200; ++i) {
            a.push_back(i);
            b.push_back(i + 60.0 * rng.uniformReal());  // a noisy monotone relation
        }
        const std::vector<double> a30(a.begin(), a.begin() + 30), b30(b.begin(), b.begin() + 30);
        const auto small = proxies::kendallTauInterval(a30, b30, 1000, 3);
        const auto large = proxies::kendallTauInterval(a, b, 1000, 3);
        QCOMPARE(small.value, proxies::kendallTau(a30, b30));
        QVERIFY(small.low < small.value && small.value < small.high);
        QVERIFY(large.low < large.value && large.value < large.high);
        QVERIFY2(large.high - large.low < 0.6 * (small.high - small.low),
                 qPrintable(QString("%1 vs %2").arg(large.high - large.low).arg(small.high - small.low)));
        const auto again = proxies::kendallTauInterval(a30, b30, 1000, 3);
        QCOMPARE(again.low, small.low);
        QCOMPARE(again.high, small.high);
        const auto perfect = proxies::kendallTauInterval({1, 2, 3, 4, 5, 6}, {2, 4, 6, 8, 10, 12}, 500, 1);
        QCOMPARE(perfect.value, 1.0);
        QCOMPARE(perfect.low, 1.0);
        QCOMPARE(perfect.high, 1.0);
        // Paired: the interval of tau(a, b) - tau(a, b) is exactly zero.
        const auto difference = proxies::bootstrapInterval(
            [&](const std::vector<std::size_t>& idx) {
                return proxies::kendallTau(proxies::pick(a30, idx), proxies::pick(b30, idx)) -
                       proxies::kendallTau(proxies::pick(a30, idx), proxies::pick(b30, idx));
            },
            30, 200, 3);
        QCOMPARE(difference.low, 0.0);
        QCOMPARE(difference.high, 0.0);
        QVERIFY_THROWS_EXCEPTION(core::InputError, proxies::kendallTauInterval({1}, {1}));
        QVERIFY_THROWS_EXCEPTION(core::InputError, proxies::kendallTauInterval({1, 2, 3}, {1, 2, 3}, 100, 1, 1.0));
    }
};

QTEST_APPLESS_MAIN(TestKendallTau)
#include "test_kendall_tau.moc"
