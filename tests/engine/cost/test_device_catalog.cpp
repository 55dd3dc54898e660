#include "cost_fixtures.h"

#include "cost/device_catalog.h"

#include <QtTest>

#include <fstream>

using namespace edgenas;
using cost::DeviceCatalog;
using testing::inputErrorOf;

class TestDeviceCatalog : public QObject {
    Q_OBJECT
private slots:
    void builtInNames();
    void unknownDeviceListsKnownOnes();
    void userFolderAddsAndReplaces();
    void badUserProfileNamesFileAndKey();
    void missingFolder();
};

namespace {

void writeFile(const QString& path, const std::string& text) {
    std::ofstream out(path.toStdString());
    out << text;
}

} // namespace

void TestDeviceCatalog::builtInNames() {
    const std::vector<std::string> names = DeviceCatalog::builtIn().names();
    QCOMPARE(names, (std::vector<std::string>{"host", "jetson-agx-xavier", "jetson-nano", "jetson-tx2",
                                              "raspberry-pi-3b", "raspberry-pi-4", "redmi-note-7s"}));
    // load() without a folder is the built-in set.
    QCOMPARE(DeviceCatalog::load().names(), names);
}

void TestDeviceCatalog::unknownDeviceListsKnownOnes() {
    const std::string message = inputErrorOf([] { DeviceCatalog::builtIn().find("pi5"); });
    QVERIFY2(QString::fromStdString(message).contains("unknown device 'pi5' (known: host, jetson-agx-xavier"),
             message.c_str());
    QVERIFY(DeviceCatalog::builtIn().tryFind("pi5") == nullptr);
}

void TestDeviceCatalog::userFolderAddsAndReplaces() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFile(dir.filePath("test-gpu.json"), testing::kTestProfileJson);
    // A recalibrated host replaces the built-in one.
    std::string host = testing::kTestProfileJson;
    host.replace(host.find("\"test-gpu\""), 10, "\"host\"");
    host.replace(host.find("\"Test GPU\""), 10, "\"My host\"");
    writeFile(dir.filePath("host.json"), host);
    writeFile(dir.filePath("notes.txt"), "not a profile");

    const DeviceCatalog catalog = DeviceCatalog::load(dir.path().toStdString());
    QCOMPARE(catalog.profiles().size(), std::size_t(8));
    QCOMPARE(catalog.find("host").displayName, std::string("My host"));
    QCOMPARE(catalog.find("host").origin, dir.filePath("host.json").toStdString());
    QCOMPARE(catalog.find("test-gpu").peakGflopsAtMax, 100.0);
    QCOMPARE(catalog.names().back(), std::string("test-gpu"));
}

void TestDeviceCatalog::badUserProfileNamesFileAndKey() {
    QTemporaryDir dir;
    std::string bad = testing::kTestProfileJson;
    bad.replace(bad.find("\"bandwidth_gbps\""), 16, "\"bandwith_gbps\"");
    writeFile(dir.filePath("broken.json"), bad);
    const std::string message = inputErrorOf([&] { DeviceCatalog::load(dir.path().toStdString()); });
    QVERIFY2(QString::fromStdString(message).contains(dir.filePath("broken.json") + ": memory.bandwidth_gbps: missing"),
             message.c_str());
}

void TestDeviceCatalog::missingFolder() {
    const std::string message = inputErrorOf([] { DeviceCatalog::load("/nonexistent/devices"); });
    QVERIFY2(QString::fromStdString(message).contains("/nonexistent/devices: not a folder"), message.c_str());
}

QTEST_APPLESS_MAIN(TestDeviceCatalog)
#include "test_device_catalog.moc"
