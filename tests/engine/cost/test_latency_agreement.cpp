#include "cost/latency_agreement.h"

#include "core/errors.h"

#include <QtTest>

using namespace edgenas;
using cost::LatencyAgreement;

class TestLatencyAgreement : public QObject {
    Q_OBJECT
private slots:
    void perfectPrediction();
    void knownFigures();
    void spearmanWithTies_data();
    void spearmanWithTies();
    void badInput();
};

void TestLatencyAgreement::perfectPrediction() {
    const LatencyAgreement a = LatencyAgreement::compare({1, 2, 3, 4}, {1, 2, 3, 4});
    QCOMPARE(a.count, 4);
    QCOMPARE(a.mape, 0.0);
    QCOMPARE(a.spearman, 1.0);
    QCOMPARE(a.within10, 1.0);
    QCOMPARE(a.meanRatio, 1.0);
}

void TestLatencyAgreement::knownFigures() {
    // Relative errors 5 %, 0 %, 20 %: MAPE 8.33 %, two of three within 10 %, same ranking.
    const LatencyAgreement a = LatencyAgreement::compare({1.05, 2.0, 2.4}, {1.0, 2.0, 3.0});
    QVERIFY(qFuzzyCompare(a.mape, 25.0 / 3.0));
    QVERIFY(qFuzzyCompare(a.within10, 2.0 / 3.0));
    QCOMPARE(a.spearman, 1.0);
    QVERIFY(qFuzzyCompare(a.maxAbsPercent, 20.0));
    QVERIFY(qFuzzyCompare(a.meanRatio, (1.05 + 1.0 + 0.8) / 3.0));
}

void TestLatencyAgreement::spearmanWithTies_data() {
    QTest::addColumn<std::vector<double>>("a");
    QTest::addColumn<std::vector<double>>("b");
    QTest::addColumn<double>("rho");
    QTest::newRow("reversed") << std::vector<double>{1, 2, 3} << std::vector<double>{3, 2, 1} << -1.0;
    // Ranks (1.5, 1.5, 3) against (1, 2, 3): cov 1.5, variances 1.5 and 2.
    QTest::newRow("tie") << std::vector<double>{1, 1, 2} << std::vector<double>{1, 2, 3} << 1.5 / std::sqrt(3.0);
    QTest::newRow("constant") << std::vector<double>{1, 1, 1} << std::vector<double>{1, 2, 3} << 0.0;
    QTest::newRow("monotone, not linear") << std::vector<double>{1, 10, 1000} << std::vector<double>{1, 2, 3} << 1.0;
}

void TestLatencyAgreement::spearmanWithTies() {
    QFETCH(std::vector<double>, a);
    QFETCH(std::vector<double>, b);
    QFETCH(double, rho);
    QVERIFY(qFuzzyCompare(cost::spearmanRho(a, b) + 2, rho + 2));
}

void TestLatencyAgreement::badInput() {
    QVERIFY_THROWS_EXCEPTION(core::InputError, LatencyAgreement::compare({1, 2}, {1}));
    QVERIFY_THROWS_EXCEPTION(core::InputError, LatencyAgreement::compare({1}, {0}));
    QCOMPARE(LatencyAgreement::compare({}, {}).count, 0);
}

QTEST_APPLESS_MAIN(TestLatencyAgreement)
#include "test_latency_agreement.moc"
