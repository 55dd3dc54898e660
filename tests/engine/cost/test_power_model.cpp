#include "cost_fixtures.h"

#include "cost/device_catalog.h"
#include "cost/device_profile.h"
#include "cost/power_model.h"

#include <QtTest>

using namespace edgenas;
using cost::PowerModel;

class TestPowerModel : public QObject {
    Q_OBJECT
private slots:
    void modelledPower();
    void measuredPointAnchorsTheModel();
    void cpuDevicesCountAsBusy();
    void lowerClockLowerDynamicPower_data();
    void lowerClockLowerDynamicPower();
};

namespace {
cost::DeviceProfile fixture() { return cost::parseDeviceProfile(testing::kTestProfileJson, "test-gpu.json"); }
} // namespace

void TestPowerModel::modelledPower() {
    const cost::DeviceProfile p = fixture();
    // gpu at 500 MHz: 0.008 * 500 * (2/3 V)^2; emc and cpu at the top: 1 W each; static 2 W.
    const PowerModel power(p, p.operatingPoint("gpu-500"));
    const double gpu = 0.008 * 500 * (2.0 / 3) * (2.0 / 3);
    QVERIFY(!power.measured());
    QCOMPARE(power.staticWatts(), 2.0);
    QVERIFY(qFuzzyCompare(power.fullLoadWatts(), 2 + gpu + 1 + 1));
    // An idle GPU and memory leave static + the host CPU.
    QVERIFY(qFuzzyCompare(power.watts(0, 0), 3.0));
    QVERIFY(qFuzzyCompare(power.watts(0.5, 0.25), 2 + 0.5 * gpu + 0.25 + 1));
    QVERIFY(qFuzzyCompare(power.domainDynamicWatts().at("gpu"), gpu));
}

void TestPowerModel::measuredPointAnchorsTheModel() {
    const cost::DeviceProfile p = fixture();
    const PowerModel power(p, p.operatingPoint("measured-max"));
    QVERIFY(power.measured());
    // Measured 9 W, static 2 W: the modelled 10 W of dynamic power is scaled to 7 W.
    QVERIFY(qFuzzyCompare(power.fullLoadWatts(), 9.0));
    QVERIFY(qFuzzyCompare(power.watts(0.5, 0.25), 2 + 0.5 * 5.6 + 0.25 * 0.7 + 0.7));
}

void TestPowerModel::cpuDevicesCountAsBusy() {
    // A CPU waiting on memory still burns its dynamic power: activity does not matter.
    const cost::DeviceProfile& pi = cost::DeviceCatalog::builtIn().find("raspberry-pi-4");
    const PowerModel power(pi, pi.operatingPoint("max"));
    QCOMPARE(power.watts(0.1, 0.9), power.fullLoadWatts());
    QVERIFY(qFuzzyCompare(power.fullLoadWatts(), 2.7 + 3.7));
}

void TestPowerModel::lowerClockLowerDynamicPower_data() {
    QTest::addColumn<QString>("device");
    for (const cost::DeviceProfile& p : cost::DeviceCatalog::builtIn().profiles())
        if (p.domain(p.computeDomain).levelsMhz.size() > 1)
            QTest::newRow(p.name.c_str()) << QString::fromStdString(p.name);
}

void TestPowerModel::lowerClockLowerDynamicPower() {
    QFETCH(QString, device);
    const cost::DeviceProfile& p = cost::DeviceCatalog::builtIn().find(device.toStdString());
    const cost::DvfsDomain& compute = p.domain(p.computeDomain);
    double previous = 0;
    for (double mhz : compute.levelsMhz) {
        const PowerModel power(p, p.operatingPointAt({{compute.name, mhz}}));
        const double dynamic = power.fullLoadWatts() - power.staticWatts();
        QVERIFY2(dynamic > previous, qPrintable(QString("%1 MHz").arg(mhz)));
        previous = dynamic;
    }
}

QTEST_APPLESS_MAIN(TestPowerModel)
#include "test_power_model.moc"
