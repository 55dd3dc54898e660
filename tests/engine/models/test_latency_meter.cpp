#include "core/errors.h"
#include "models/latency_meter.h"
#include "models/torch_runtime.h"
#include "test_architectures.h"

#include <QtTest>

using namespace edgenas;
using models::LatencyConfig;
using models::LatencyStats;

class TestLatencyMeter : public QObject {
    Q_OBJECT
private slots:
    void init();
    void statisticsAreConsistent_data();
    void statisticsAreConsistent();
    void stableInOrderOfMagnitude();
    void badConfigIsRejected_data();
    void badConfigIsRejected();
    void invalidArchitectureIsRejected();
    void cancellationStopsMeasuring();
};

void TestLatencyMeter::init() { models::setThreadCount(1); }  // see statisticsAreConsistent

void TestLatencyMeter::statisticsAreConsistent_data() {
    QTest::addColumn<int>("threads");
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<int>("repeats");
    QTest::newRow("batch 1, 20 repeats") << 1 << 1 << 20;
    QTest::newRow("batch 8, 5 repeats") << 1 << 8 << 5;
    QTest::newRow("one repeat") << 1 << 1 << 1;
    QTest::newRow("two threads") << 2 << 1 << 5;
}

void TestLatencyMeter::statisticsAreConsistent() {
    QFETCH(int, threads);
    QFETCH(int, batchSize);
    QFETCH(int, repeats);
    // Other tests use one thread: two spinning OpenMP threads get 20x slower on a busy machine.
    models::setThreadCount(threads);
    const LatencyStats s = models::measureLatency(testing::mbconvNet(), LatencyConfig{batchSize, 2, repeats});
    QVERIFY(s.minMs > 0.0);
    QVERIFY(s.minMs <= s.medianMs);
    QVERIFY(s.medianMs <= s.p90Ms);
    QVERIFY(s.minMs <= s.meanMs);
    QCOMPARE(s.repeats, repeats);
    QCOMPARE(s.batchSize, batchSize);
    QCOMPARE(s.threads, threads);
}

void TestLatencyMeter::stableInOrderOfMagnitude() {
    const LatencyConfig config{1, 5, 30};
    const LatencyStats a = models::measureLatency(testing::mbconvNet(), config);
    const LatencyStats b = models::measureLatency(testing::mbconvNet(), config);
    qInfo("median %.3f ms then %.3f ms (p90 %.3f / %.3f)", a.medianMs, b.medianMs, a.p90Ms, b.p90Ms);
    QVERIFY(a.medianMs < 10 * b.medianMs && b.medianMs < 10 * a.medianMs);
}

void TestLatencyMeter::badConfigIsRejected_data() {
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<int>("warmup");
    QTest::addColumn<int>("repeats");
    QTest::newRow("batch 0") << 0 << 1 << 1;
    QTest::newRow("no repeats") << 1 << 1 << 0;
    QTest::newRow("negative warm-up") << 1 << -1 << 1;
}

void TestLatencyMeter::badConfigIsRejected() {
    QFETCH(int, batchSize);
    QFETCH(int, warmup);
    QFETCH(int, repeats);
    QVERIFY_THROWS_EXCEPTION(core::InputError,
                             models::measureLatency(testing::smallCnn(), LatencyConfig{batchSize, warmup, repeats}));
}

void TestLatencyMeter::invalidArchitectureIsRejected() {
    auto arch = testing::smallCnn();
    arch.nodes[1].inputs = {3};
    try {
        models::measureLatency(arch);
        QFAIL("no ArchitectureError");
    } catch (const core::ArchitectureError& e) {
        QCOMPARE(e.nodeId(), 1);
    }
}

void TestLatencyMeter::cancellationStopsMeasuring() {
    int asked = 0;
    QVERIFY_THROWS_EXCEPTION(core::Cancelled,
                             models::measureLatency(testing::smallCnn(), LatencyConfig{1, 0, 1000000},
                                                    [&] { return ++asked > 5; }));
    QCOMPARE(asked, 6);
}

QTEST_APPLESS_MAIN(TestLatencyMeter)
#include "test_latency_meter.moc"
