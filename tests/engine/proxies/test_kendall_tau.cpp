#include "proxies/kendall_tau.h"

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
};

QTEST_APPLESS_MAIN(TestKendallTau)
#include "test_kendall_tau.moc"
