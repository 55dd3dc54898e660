#include "cost_fixtures.h"

#include "cost/device_catalog.h"
#include "cost/device_profile.h"
#include "cost/power_model.h"

#include <QtTest>

#include <set>

using namespace edgenas;
using cost::DeviceProfile;
using testing::inputErrorOf;
using testing::kTestProfileJson;

class TestDeviceProfile : public QObject {
    Q_OBJECT
private slots:
    void builtInProfileIsComplete_data();
    void builtInProfileIsComplete();
    void builtInMatchesResourceFile_data();
    void builtInMatchesResourceFile();
    void fixtureFigures();
    void badProfile_data();
    void badProfile();
    void operatingPointResolution_data();
    void operatingPointResolution();
    void operatingPointErrors_data();
    void operatingPointErrors();
    void voltageAndDynamicPower();
    void xavierTablesFromTheMethodsNotes();
};

namespace {

const char* kBuiltInNames[] = {"host", "jetson-agx-xavier", "jetson-nano", "jetson-tx2",
                               "raspberry-pi-3b", "raspberry-pi-4", "redmi-note-7s"};

DeviceProfile fixture() { return cost::parseDeviceProfile(kTestProfileJson, "test-gpu.json"); }

} // namespace

void TestDeviceProfile::builtInProfileIsComplete_data() {
    QTest::addColumn<QString>("name");
    for (const char* name : kBuiltInNames)
        QTest::newRow(name) << QString(name);
}

void TestDeviceProfile::builtInProfileIsComplete() {
    QFETCH(QString, name);
    const DeviceProfile& p = cost::DeviceCatalog::builtIn().find(name.toStdString());
    QCOMPARE(QString::fromStdString(p.name), name);
    // Every figure says where it comes from.
    for (const std::string* source : {&p.source, &p.computeSource, &p.memorySource, &p.efficiency.source,
                                      &p.overheadSource, &p.powerSource})
        QVERIFY(!source->empty());
    for (const cost::DvfsDomain& d : p.domains) {
        QVERIFY(!d.source.empty());
        QVERIFY(std::is_sorted(d.levelsMhz.begin(), d.levelsMhz.end()));
    }
    QVERIFY(p.peakGflopsAtMax > 0);
    QVERIFY(p.bandwidthGbpsAtMax > 0);
    QVERIFY(p.findDomain(p.computeDomain));
    QVERIFY(p.findOperatingPoint("max"));
    const cost::OperatingPoint point = p.operatingPoint("");
    QCOMPARE(point.name, p.defaultOperatingPoint);
    const cost::PowerModel power(p, point);
    QVERIFY(power.fullLoadWatts() > power.staticWatts());
    QVERIFY(QString::fromStdString(p.origin).startsWith("built-in:"));
}

void TestDeviceProfile::builtInMatchesResourceFile_data() { builtInProfileIsComplete_data(); }

void TestDeviceProfile::builtInMatchesResourceFile() {
    // The compiled-in copy must be the file in resources/devices (configure re-embeds on change).
    QFETCH(QString, name);
    const DeviceProfile& built = cost::DeviceCatalog::builtIn().find(name.toStdString());
    const DeviceProfile file =
        cost::loadDeviceProfile(std::string(EDGENAS_DEVICES_RESOURCE_DIR) + "/" + name.toStdString() + ".json");
    QCOMPARE(file.displayName, built.displayName);
    QCOMPARE(file.peakGflopsAtMax, built.peakGflopsAtMax);
    QCOMPARE(file.staticWatts, built.staticWatts);
    QCOMPARE(file.domains.size(), built.domains.size());
    QCOMPARE(file.operatingPoints.size(), built.operatingPoints.size());
}

void TestDeviceProfile::fixtureFigures() {
    const DeviceProfile p = fixture();
    QCOMPARE(p.name, std::string("test-gpu"));
    QCOMPARE(p.processor, std::string("gpu"));
    QCOMPARE(p.threads, 64);  // defaults to the cores
    QCOMPARE(p.bytesPerElement, 4);
    QCOMPARE(p.peakGflopsAtMax, 100.0);
    QCOMPARE(p.memoryDomain, std::string("emc"));
    QCOMPARE(p.hostDomain, std::string("cpu"));
    // Listed point first, then "max" and one per compute level.
    std::vector<std::string> names;
    for (const auto& point : p.operatingPoints)
        names.push_back(point.name);
    QCOMPARE(names, (std::vector<std::string>{"measured-max", "max", "gpu-250", "gpu-500", "gpu-1000"}));
    QCOMPARE(p.defaultOperatingPoint, std::string("max"));
    // "max" has the clocks of the measured point, so it carries its measured power too.
    QCOMPARE(p.findOperatingPoint("max")->measuredWatts.value_or(0), 9.0);
    QVERIFY(!p.findOperatingPoint("gpu-500")->measuredWatts);
}

void TestDeviceProfile::badProfile_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("expected");  // key path and problem, after "bad.json: "

    QTest::newRow("missing key") << R"("peak_gflops": 100, )" << ""
                                 << "compute.peak_gflops: missing";
    QTest::newRow("misspelt required key") << R"("static_w")" << R"("statc_w")"
                                           << "power.static_w: missing (is 'statc_w' a misspelling of it?)";
    QTest::newRow("misspelt optional key") << R"("volts_min")" << R"("volt_min")"
                                           << "domains[0].volts_min: missing (is 'volt_min' a misspelling of it?)";
    QTest::newRow("unknown key") << R"("cores": 64,)" << R"("cores": 64, "colour": "red",)"
                                 << "colour: unknown key";
    QTest::newRow("unknown nested key") << R"("launch_ms": 0.01,)" << R"("launch_ms": 0.01, "lunch_ms": 1,)"
                                        << "overheads.lunch_ms: unknown key";
    QTest::newRow("wrong type") << R"("cores": 64)" << R"("cores": "64")"
                                << "cores: expected a whole number, got a string";
    QTest::newRow("number as text") << R"("static_w": 2)" << R"("static_w": "2")"
                                    << "power.static_w: expected a number, got a string";
    QTest::newRow("out of range") << R"("conv": 0.5)" << R"("conv": 1.5)"
                                  << "efficiency.conv: must be between 0.001 and 1, got 1.5";
    QTest::newRow("unknown domain") << R"("domain": "gpu")" << R"("domain": "gpx")"
                                    << "compute.domain: 'gpx' is not one of the domains";
    QTest::newRow("unsorted levels") << "[250, 500, 1000]" << "[500, 250, 1000]"
                                     << "domains[0].levels_mhz: levels must be strictly ascending";
    QTest::newRow("point off the table") << R"("gpu": 1000, "emc")" << R"("gpu": 900, "emc")"
                                         << "operating_points[0].mhz: device 'test-gpu': 900 MHz is not a level";
    QTest::newRow("point names no domain") << R"("gpu": 1000, "emc")" << R"("npu": 1000, "emc")"
                                           << "operating_points[0].mhz.npu: unknown key";
    QTest::newRow("wrong format") << R"("edgenas-device-profile")" << R"("edgenas-device")"
                                  << "format: expected \"edgenas-device-profile\"";
    QTest::newRow("bad name") << R"("name": "test-gpu")" << R"("name": "Test GPU")"
                              << "name: use lower-case letters, digits and '-' only";
    QTest::newRow("processor") << R"("processor": "gpu")" << R"("processor": "npu")"
                               << "processor: expected \"cpu\" or \"gpu\"";
    QTest::newRow("not json") << R"("version": 1,)" << R"("version": 1,,)" << "not valid JSON";
}

void TestDeviceProfile::badProfile() {
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, expected);
    QString json = QString::fromUtf8(kTestProfileJson);
    QVERIFY2(json.contains(from), qPrintable("fixture lacks " + from));
    json.replace(json.indexOf(from), from.size(), to);
    const std::string message = inputErrorOf([&] { cost::parseDeviceProfile(json.toStdString(), "bad.json"); });
    QVERIFY2(!message.empty(), "no error");
    QVERIFY2(QString::fromStdString(message).startsWith("bad.json: "), message.c_str());
    QVERIFY2(QString::fromStdString(message).contains(expected), message.c_str());
}

void TestDeviceProfile::operatingPointResolution_data() {
    QTest::addColumn<QString>("level");
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("gpu");
    QTest::addColumn<double>("emc");
    QTest::addColumn<double>("cpu");
    QTest::newRow("default") << "" << "max" << 1000.0 << 1000.0 << 1000.0;
    QTest::newRow("listed") << "measured-max" << "measured-max" << 1000.0 << 1000.0 << 1000.0;
    QTest::newRow("generated") << "gpu-250" << "gpu-250" << 250.0 << 1000.0 << 1000.0;
    QTest::newRow("explicit") << "gpu=500,cpu=500" << "gpu=500,emc=1000,cpu=500" << 500.0 << 1000.0 << 500.0;
    // Explicit clocks equal to a listed point resolve to it.
    QTest::newRow("explicit = listed") << "gpu=1000" << "measured-max" << 1000.0 << 1000.0 << 1000.0;
}

void TestDeviceProfile::operatingPointResolution() {
    QFETCH(QString, level);
    QFETCH(QString, name);
    QFETCH(double, gpu);
    QFETCH(double, emc);
    QFETCH(double, cpu);
    const DeviceProfile p = fixture();
    const cost::OperatingPoint point = p.operatingPoint(level.toStdString());
    QCOMPARE(QString::fromStdString(point.name), name);
    QCOMPARE(p.mhzAt(point, "gpu"), gpu);
    QCOMPARE(p.mhzAt(point, "emc"), emc);
    QCOMPARE(p.mhzAt(point, "cpu"), cpu);
}

void TestDeviceProfile::operatingPointErrors_data() {
    QTest::addColumn<QString>("level");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown name") << "turbo" << "no operating point 'turbo' (points: measured-max, max, gpu-250";
    QTest::newRow("not a level") << "gpu=600" << "600 MHz is not a level of domain 'gpu' (levels: 250, 500, 1000)";
    QTest::newRow("unknown domain") << "npu=1" << "no DVFS domain 'npu' (domains: gpu, emc, cpu)";
    QTest::newRow("not a number") << "gpu=fast" << "'fast' is not a frequency in MHz";
    QTest::newRow("twice") << "gpu=500,gpu=250" << "domain 'gpu' is set twice";
}

void TestDeviceProfile::operatingPointErrors() {
    QFETCH(QString, level);
    QFETCH(QString, expected);
    const DeviceProfile p = fixture();
    const std::string message = inputErrorOf([&] { p.operatingPoint(level.toStdString()); });
    QVERIFY2(QString::fromStdString(message).contains(expected), message.c_str());
    QCOMPARE(p.mhzAt(p.operatingPointAtLevels({{"gpu", 0}, {"cpu", 1}}), "gpu"), 250.0);
    QVERIFY(!inputErrorOf([&] { p.operatingPointAtLevels({{"gpu", 3}}); }).empty());
}

void TestDeviceProfile::voltageAndDynamicPower() {
    const DeviceProfile p = fixture();
    const cost::DvfsDomain& gpu = p.domain("gpu");
    // Linear between (250 MHz, 0.5 V) and (1000 MHz, 1.0 V).
    QCOMPARE(gpu.voltsAt(250), 0.5);
    QCOMPARE(gpu.voltsAt(1000), 1.0);
    QVERIFY(qFuzzyCompare(gpu.voltsAt(500), 0.5 + 0.5 / 3.0));
    // a = 8 W / (1000 MHz * 1 V^2); P(500) = a * 500 * V(500)^2.
    QVERIFY(qFuzzyCompare(gpu.dynamicCoefficient(), 0.008));
    QVERIFY(qFuzzyCompare(gpu.dynamicWattsAt(1000), 8.0));
    const double v = 0.5 + 0.5 / 3.0;
    QVERIFY(qFuzzyCompare(gpu.dynamicWattsAt(500), 0.008 * 500 * v * v));
    // No voltage: P proportional to f.
    const cost::DvfsDomain& emc = p.domain("emc");
    QCOMPARE(emc.voltsAt(500), 1.0);
    QVERIFY(qFuzzyCompare(emc.dynamicWattsAt(500), 0.5));
}

void TestDeviceProfile::xavierTablesFromTheMethodsNotes() {
    const DeviceProfile& x = cost::DeviceCatalog::builtIn().find("jetson-agx-xavier");
    QCOMPARE(x.domain("gpu").levelsMhz.size(), std::size_t(14));
    QCOMPARE(x.domain("gpu").minMhz(), 114.75);
    QCOMPARE(x.domain("gpu").maxMhz(), 1377.0);
    QCOMPARE(x.domain("cpu").levelsMhz.size(), std::size_t(29));
    QCOMPARE(x.domain("cpu").maxMhz(), 2265.6);
    QCOMPARE(x.domain("emc").levelsMhz.size(), std::size_t(9));
    QCOMPARE(x.domain("emc").minMhz(), 204.0);
    const cost::PowerModel maxn(x, x.operatingPoint("maxn"));
    QVERIFY(maxn.fullLoadWatts() > 25 && maxn.fullLoadWatts() < 35);  // P(max) ~ 30 W
    QVERIFY(maxn.staticWatts() >= 5 && maxn.staticWatts() <= 8);      // P0 ~ 5-8 W
}

QTEST_APPLESS_MAIN(TestDeviceProfile)
#include "test_device_profile.moc"
