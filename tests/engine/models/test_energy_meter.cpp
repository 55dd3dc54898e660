#include "../cost/fake_powercap.h"
#include "core/errors.h"
#include "models/energy_meter.h"
#include "models/torch_runtime.h"
#include "test_architectures.h"

#include <QtTest>

using namespace edgenas;
using models::EnergyConfig;
using models::EnergyStats;

// Package energy over windows of repeated inference, read from a fake powercap tree whose counter
// follows this process's CPU time, since this machine's counter may not be readable.
class TestEnergyMeter : public QObject {
    Q_OBJECT
private slots:
    void init();
    void energyAboveIdleOverLongWindows();
    void counterWrapsDuringTheMeasurement();
    void counterThatNeverMovesIsAnError();
    void unreadableCounterIsAnError();
    void badConfigIsRejected();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::string root() const { return m_dir->path().toStdString(); }
};

void TestEnergyMeter::init() {
    models::setThreadCount(1);
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestEnergyMeter::energyAboveIdleOverLongWindows() {
    // 20 W whatever happens, plus 10 W per busy CPU second of this process: a figure that kept
    // the idle power would be above 20 W.
    const testing::FakePowercap powercap(root(), 20.0, 10.0);
    const cost::PackageEnergyCounter counter(root());
    QVERIFY2(counter.readable(), counter.problem().c_str());
    const EnergyStats stats = models::measureEnergy(testing::smallCnn(), counter, {.warmup = 2});
    QCOMPARE(stats.windows, 3);
    QVERIFY(stats.windowMs >= 200.0);  // each window long enough for the counter's steps
    QVERIFY(stats.inferences >= stats.windows);
    QCOMPARE(stats.counter, std::string("package-0 (intel-rapl:0)"));
    // The idle window sees the 20 W (and a little of the fake's own writer thread); the windows'
    // figure is above it: at most the 10 W of one busy thread, give or take the counter's steps.
    QVERIFY2(stats.idleWatts > 19.5 && stats.idleWatts < 22.0, qPrintable(QString::number(stats.idleWatts)));
    QVERIFY(stats.energyMj > 0.0);
    QVERIFY2(stats.averageWatts > 0.0 && stats.averageWatts < 13.0, qPrintable(QString::number(stats.averageWatts)));
    QVERIFY(qFuzzyCompare(stats.averageWatts * stats.msPerInference, stats.energyMj));
    qInfo("fake package: idle %.2f W, %.2f W above idle, %.4f mJ per inference, %.3f ms each, %d forwards",
          stats.idleWatts, stats.averageWatts, stats.energyMj, stats.msPerInference, stats.inferences);
}

void TestEnergyMeter::counterWrapsDuringTheMeasurement() {
    // A 5 J range starting 0.3 J below the top: 3 W wraps it within the idle window and again later.
    const testing::FakePowercap powercap(root(), 3.0, 10.0, 4'700'000, 5'000'000);
    const cost::PackageEnergyCounter counter(root());
    const EnergyStats stats = models::measureEnergy(testing::smallCnn(), counter, {.warmup = 2});
    QVERIFY(powercap.wraps() >= 1);
    QVERIFY2(stats.idleWatts > 2.5 && stats.idleWatts < 5.0, qPrintable(QString::number(stats.idleWatts)));
    QVERIFY2(stats.averageWatts > 0.0 && stats.averageWatts < 13.0, qPrintable(QString::number(stats.averageWatts)));
}

void TestEnergyMeter::counterThatNeverMovesIsAnError() {
    // Nothing above idle is no measurement: an error after the attempts, never a zero or a floor.
    const testing::FakePowercap powercap(root(), 0.0, 0.0);
    const cost::PackageEnergyCounter counter(root());
    QVERIFY(counter.readable());
    const EnergyConfig quick{.warmup = 0, .windowMs = 20.0, .windows = 1, .idleMs = 20.0, .maxAttempts = 2};
    try {
        models::measureEnergy(testing::smallCnn(), counter, quick);
        QFAIL("no error");
    } catch (const core::MeasurementError& e) {
        QVERIFY2(std::string(e.what()).find("not positive in 2 measurements") != std::string::npos, e.what());
    }
}

void TestEnergyMeter::unreadableCounterIsAnError() {
    const cost::PackageEnergyCounter counter(root() + "/absent");
    try {
        models::measureEnergy(testing::smallCnn(), counter);
        QFAIL("no error");
    } catch (const core::MeasurementError& e) {
        QVERIFY2(std::string(e.what()).find("no package energy counter") != std::string::npos, e.what());
    }
}

void TestEnergyMeter::badConfigIsRejected() {
    const testing::FakePowercap powercap(root(), 0.0, 0.0);
    const cost::PackageEnergyCounter counter(root());
    QVERIFY_THROWS_EXCEPTION(core::InputError, models::measureEnergy(testing::smallCnn(), counter, {.windows = 0}));
    QVERIFY_THROWS_EXCEPTION(core::InputError, models::measureEnergy(testing::smallCnn(), counter, {.windowMs = 0.0}));
}

QTEST_APPLESS_MAIN(TestEnergyMeter)
#include "test_energy_meter.moc"
