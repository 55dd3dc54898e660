#include "core/errors.h"
#include "cost/package_energy_counter.h"

#include <QtTest>

using namespace edgenas;
using cost::PackageEnergyCounter;

// A fake /sys/class/powercap in a temporary folder: the real one is absent in VMs and root-only
// on recent kernels, so parsing, wrap-around and failures are only testable this way.
class TestPackageEnergyCounter : public QObject {
    Q_OBJECT
private slots:
    void init();
    void readsPackageZonesOnly();
    void sumsPackagesAcrossWrapAround();
    void unreadableCounterSaysWhy_data();
    void unreadableCounterSaysWhy();
    void counterThatBreaksLaterIsAnError();
    void systemCounterNeverThrows();

private:
    void writeFile(const QString& relative, const QByteArray& content);
    void makeZone(const QString& directory, const QByteArray& name, const QByteArray& energy,
                  const QByteArray& maxRange = "262143328850\n");
    std::string root() const { return m_dir->path().toStdString(); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestPackageEnergyCounter::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestPackageEnergyCounter::writeFile(const QString& relative, const QByteArray& content) {
    const QString path = m_dir->filePath(relative);
    QVERIFY(QDir().mkpath(QFileInfo(path).path()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(content), qint64(content.size()));
}

void TestPackageEnergyCounter::makeZone(const QString& directory, const QByteArray& name, const QByteArray& energy,
                                        const QByteArray& maxRange) {
    writeFile(directory + "/name", name + "\n");
    writeFile(directory + "/energy_uj", energy + "\n");
    writeFile(directory + "/max_energy_range_uj", maxRange);
}

void TestPackageEnergyCounter::readsPackageZonesOnly() {
    // What a two-socket machine shows: packages, their core/dram subzones, psys and an mmio copy.
    makeZone("intel-rapl:0", "package-0", "1000000");
    makeZone("intel-rapl:0:0", "core", "500000");
    makeZone("intel-rapl:0:1", "dram", "300000");
    makeZone("intel-rapl:1", "package-1", "2000000");
    makeZone("intel-rapl:2", "psys", "9000000");
    makeZone("intel-rapl-mmio:0", "package-0", "1000000");
    QVERIFY(QDir().mkpath(m_dir->filePath("intel-rapl")));  // the control type, no counter

    const PackageEnergyCounter counter(root());
    QVERIFY2(counter.readable(), counter.problem().c_str());
    QCOMPARE(counter.zones().size(), std::size_t(2));
    QCOMPARE(counter.zones()[0].directory, std::string("intel-rapl:0"));
    QCOMPARE(counter.zones()[1].name, std::string("package-1"));
    QCOMPARE(counter.zones()[0].maxRangeUj, std::uint64_t(262143328850));
    QCOMPARE(counter.description(), std::string("package-0 (intel-rapl:0), package-1 (intel-rapl:1)"));
    const PackageEnergyCounter::Reading first = counter.read();
    QCOMPARE(first.microjoules, (std::vector<std::uint64_t>{1000000, 2000000}));

    writeFile("intel-rapl:0/energy_uj", "1250000\n");
    writeFile("intel-rapl:0:0/energy_uj", "99999999\n");  // a subzone moving changes nothing
    writeFile("intel-rapl:2/energy_uj", "99999999\n");
    QCOMPARE(counter.joulesBetween(first, counter.read()), 0.25);
}

void TestPackageEnergyCounter::sumsPackagesAcrossWrapAround() {
    makeZone("intel-rapl:0", "package-0", "999000", "1000000");
    makeZone("intel-rapl:1", "package-1", "10", "1000000");
    const PackageEnergyCounter counter(root());
    QVERIFY2(counter.readable(), counter.problem().c_str());
    const PackageEnergyCounter::Reading first = counter.read();
    // Package 0 wraps: 1000 uJ to the top, then 500 from 0; package 1 moves 2000 uJ.
    writeFile("intel-rapl:0/energy_uj", "500\n");
    writeFile("intel-rapl:1/energy_uj", "2010\n");
    QVERIFY(qFuzzyCompare(counter.joulesBetween(first, counter.read()), 0.0035));
    // The same readings the other way round are a wrap of both counters, not a negative energy.
    QVERIFY(counter.joulesBetween(counter.read(), first) > 0.0);
    QVERIFY_THROWS_EXCEPTION(core::InputError, counter.joulesBetween(first, PackageEnergyCounter::Reading{{1}}));
}

void TestPackageEnergyCounter::unreadableCounterSaysWhy_data() {
    QTest::addColumn<QString>("broken");   // what is done to intel-rapl:0
    QTest::addColumn<QString>("expected");  // in problem()
    QTest::newRow("no powercap at all") << "no-root" << "no package energy counter";
    QTest::newRow("no package zone") << "psys-only" << "no package energy counter";
    QTest::newRow("energy_uj missing") << "missing" << "energy_uj does not exist";
    // Root reads through chmod 000, so a directory stands in for a file nobody can read.
    QTest::newRow("energy_uj unreadable") << "directory" << "energy_uj cannot be read";
    QTest::newRow("garbage") << "garbage" << "'12ab' is not a counter value";
    QTest::newRow("empty") << "empty" << "'' is not a counter value";
    QTest::newRow("negative") << "negative" << "'-5' is not a counter value";
    QTest::newRow("range zero") << "range-zero" << "the counter's range is unknown";
    QTest::newRow("range missing") << "range-missing" << "max_energy_range_uj does not exist";
}

void TestPackageEnergyCounter::unreadableCounterSaysWhy() {
    QFETCH(QString, broken);
    QFETCH(QString, expected);
    std::string rootPath = root();
    if (broken == "no-root") {
        rootPath += "/absent";
    } else if (broken == "psys-only") {
        makeZone("intel-rapl:0", "psys", "1");
    } else {
        makeZone("intel-rapl:0", "package-0", "1000");
        const QString energy = m_dir->filePath("intel-rapl:0/energy_uj");
        if (broken == "missing" || broken == "directory")
            QVERIFY(QFile::remove(energy));
        if (broken == "directory")
            QVERIFY(QDir().mkpath(energy));
        if (broken == "garbage")
            writeFile("intel-rapl:0/energy_uj", "12ab\n");
        if (broken == "empty")
            writeFile("intel-rapl:0/energy_uj", "");
        if (broken == "negative")
            writeFile("intel-rapl:0/energy_uj", "-5\n");
        if (broken == "range-zero")
            writeFile("intel-rapl:0/max_energy_range_uj", "0\n");
        if (broken == "range-missing")
            QVERIFY(QFile::remove(m_dir->filePath("intel-rapl:0/max_energy_range_uj")));
    }
    const PackageEnergyCounter counter(rootPath);
    QVERIFY(!counter.readable());
    QVERIFY2(counter.problem().find(expected.toStdString()) != std::string::npos, counter.problem().c_str());
    QVERIFY_THROWS_EXCEPTION(core::MeasurementError, counter.read());
}

void TestPackageEnergyCounter::counterThatBreaksLaterIsAnError() {
    makeZone("intel-rapl:0", "package-0", "1000", "5000");
    const PackageEnergyCounter counter(root());
    QVERIFY(counter.readable());
    writeFile("intel-rapl:0/energy_uj", "6000\n");  // beyond the range: not a reading to trust
    QVERIFY_THROWS_EXCEPTION(core::MeasurementError, counter.read());
    QVERIFY(QFile::remove(m_dir->filePath("intel-rapl:0/energy_uj")));
    try {
        counter.read();
        QFAIL("no error");
    } catch (const core::MeasurementError& e) {
        QVERIFY2(std::string(e.what()).find("intel-rapl:0/energy_uj") != std::string::npos, e.what());
    }
}

void TestPackageEnergyCounter::systemCounterNeverThrows() {
    // Whatever this machine has: either readable with zones, or not with a reason.
    const PackageEnergyCounter counter;
    QCOMPARE(counter.root(), std::string("/sys/class/powercap"));
    QVERIFY(counter.readable() ? !counter.zones().empty() : !counter.problem().empty());
    qInfo("host package energy counter: %s",
          counter.readable() ? counter.description().c_str() : counter.problem().c_str());
}

QTEST_APPLESS_MAIN(TestPackageEnergyCounter)
#include "test_package_energy_counter.moc"
