#include "cost_fixtures.h"
#include "fake_powercap.h"

#include "cost/device_catalog.h"
#include "cost/energy_source.h"

#include <QtTest>

using namespace edgenas;
using core::Provenance;
using testing::provenanceName;

// Every view states energy's source through energySourceOf: a modelled constant power must be
// called what it is, energy that only follows latency.
class TestEnergySource : public QObject {
    Q_OBJECT
private slots:
    void hostWithReadableCounterIsMeasured();
    void hostWithoutCounterIsModelledAndFollowsLatency();
    void cpuBoardsFollowLatency_data();
    void cpuBoardsFollowLatency();
    void gpuBoardsAreModelledPerOperator();
    void measuredBoardPowerIsTable();
};

void TestEnergySource::hostWithReadableCounterIsMeasured() {
    QTemporaryDir dir;
    const testing::FakePowercap powercap(dir.path().toStdString(), 0.0, 0.0);
    const cost::PackageEnergyCounter counter(dir.path().toStdString());
    const cost::EnergySource s = cost::energySourceOf(cost::DeviceCatalog::builtIn().find("host"), &counter);
    QCOMPARE(provenanceName(s.provenance), provenanceName(Provenance::Measured));
    QCOMPARE(s.summary, std::string("measured"));
    QVERIFY(!s.followsLatency);
    QVERIFY2(s.explanation.find("package-0 (intel-rapl:0)") != std::string::npos, s.explanation.c_str());
    // The counter of this machine means nothing for another device.
    const cost::EnergySource pi = cost::energySourceOf(cost::DeviceCatalog::builtIn().find("raspberry-pi-4"), &counter);
    QCOMPARE(provenanceName(pi.provenance), provenanceName(Provenance::Modelled));
}

void TestEnergySource::hostWithoutCounterIsModelledAndFollowsLatency() {
    QTemporaryDir dir;
    const cost::PackageEnergyCounter counter(dir.path().toStdString() + "/absent");
    const cost::DeviceProfile& host = cost::DeviceCatalog::builtIn().find("host");
    for (const cost::PackageEnergyCounter* c : {&counter, static_cast<const cost::PackageEnergyCounter*>(nullptr)}) {
        const cost::EnergySource s = cost::energySourceOf(host, c);
        QCOMPARE(provenanceName(s.provenance), provenanceName(Provenance::Modelled));
        QVERIFY(s.followsLatency);
        QCOMPARE(s.summary, std::string("modelled: follows latency"));
        QCOMPARE(s.constantWatts, 14.0);  // host.json: 4 W static + 10 W for the busy CPU
        QVERIFY2(s.explanation.find("cannot be read here") != std::string::npos, s.explanation.c_str());
        QVERIFY2(s.explanation.find("follows latency") != std::string::npos, s.explanation.c_str());
    }
    QVERIFY(cost::energySourceOf(host, &counter).explanation.find(counter.problem()) != std::string::npos);
}

void TestEnergySource::cpuBoardsFollowLatency_data() {
    QTest::addColumn<QString>("device");
    QTest::addColumn<double>("watts");
    QTest::newRow("raspberry-pi-4") << "raspberry-pi-4" << 6.4;
    QTest::newRow("raspberry-pi-3b") << "raspberry-pi-3b" << -1.0;
    QTest::newRow("redmi-note-7s") << "redmi-note-7s" << -1.0;
}

void TestEnergySource::cpuBoardsFollowLatency() {
    QFETCH(QString, device);
    QFETCH(double, watts);
    const cost::EnergySource s = cost::energySourceOf(cost::DeviceCatalog::builtIn().find(device.toStdString()));
    QCOMPARE(provenanceName(s.provenance), provenanceName(Provenance::Modelled));
    QVERIFY(s.followsLatency);
    QVERIFY(s.constantWatts > 0.0);
    if (watts > 0.0)
        QVERIFY(qFuzzyCompare(s.constantWatts, watts));
    QVERIFY2(s.explanation.find("follows latency") != std::string::npos, s.explanation.c_str());
}

void TestEnergySource::gpuBoardsAreModelledPerOperator() {
    for (const char* device : {"jetson-nano", "jetson-tx2", "jetson-agx-xavier"}) {
        const cost::EnergySource s = cost::energySourceOf(cost::DeviceCatalog::builtIn().find(device));
        QCOMPARE(provenanceName(s.provenance), provenanceName(Provenance::Modelled));
        QVERIFY2(!s.followsLatency, device);
        QCOMPARE(s.summary, std::string("modelled"));
    }
}

void TestEnergySource::measuredBoardPowerIsTable() {
    const cost::DeviceProfile p = cost::parseDeviceProfile(testing::kTestProfileJson, "test-gpu.json");
    const cost::EnergySource s = cost::energySourceOf(p);
    QCOMPARE(provenanceName(s.provenance), provenanceName(Provenance::Table));
    QCOMPARE(s.summary, std::string("modelled (measured board power)"));
}

QTEST_APPLESS_MAIN(TestEnergySource)
#include "test_energy_source.moc"
