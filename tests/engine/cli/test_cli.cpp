#include "../cost/fake_powercap.h"
#include "cli_process.h"
#include "core/architecture_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

namespace {

using Result = edgenas::cli::test::CliResult;

// One OpenMP thread: the commands here are small, and the suite runs beside others.
Result runCli(const QStringList& arguments) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("OMP_NUM_THREADS", "1");
    return edgenas::cli::test::runEdgenas(arguments, env);
}

QJsonObject jsonOf(const Result& result) {
    QJsonParseError error;
    const auto doc = QJsonDocument::fromJson(result.out, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("not JSON: %s", result.out.constData());
    return doc.object();
}

// NAS-Bench-201 MACs counted by hand for C = 16, N = 5 on a 1 x 28 x 28 input and 10 classes.
// Stage widths/resolutions: 16 @ 28x28, 32 @ 14x14, 64 @ 7x7. Per cell edge, every stage costs
// the same: conv1x1 = C*C*HW = 16*16*784 = 200,704 and conv3x3 = 9x that = 1,806,336
// (channels double while HW quarters). Fixed parts:
//   stem conv3x3 1->16 at 28x28          = 16*1*9*784   = 112,896
//   each reduction block: conv_a 3x3 s2  = 2C*C*9*HW/4  = 903,168
//                         conv_b 3x3     = 2C*2C*9*HW/4 = 1,806,336
//                         shortcut 1x1   = 2C*C*HW/4    = 100,352   (twice: 16->32, 32->64)
//   classifier 64 -> 10                  = 640
long long handCountedNb201Macs(const QString& archString) {
    const int conv1x1 = archString.count("nor_conv_1x1");
    const int conv3x3 = archString.count("nor_conv_3x3");
    const long long cells = 3 * 5;
    return 112896 + 2 * (903168 + 1806336 + 100352) + cells * (conv1x1 * 200704LL + conv3x3 * 1806336LL) + 640;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void versionAndHelp();
    void infoReportsRuntime();
    void spacesListsAll();
    void costMatchesHandCount_data();
    void costMatchesHandCount();
    void costMeasuresLatency();
    void badInputExitsWithTwo_data();
    void badInputExitsWithTwo();
    void trainReportsAccuracy();
    void devicesListsTheProfiles();
    void costPredictsOnADevice();
    void energyProvenanceIsStated();
    void probeTableServesCostAndValidation();

private:
    QTemporaryDir m_dir;
};

void TestCli::versionAndHelp() {
    const auto version = runCli({"--version"});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("edgenas "));
    const auto help = runCli({"--help"});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("cost ARCH.json"));
    QCOMPARE(runCli({}).exitCode, 2);
}

void TestCli::infoReportsRuntime() {
    const auto result = runCli({"info", "--json", "--threads", "2"});
    QCOMPARE(result.exitCode, 0);
    const auto info = jsonOf(result);
    QCOMPARE(info["threads"].toInt(), 2);
    QVERIFY(info["libtorch"].toString().startsWith("1."));
    QVERIFY(!info["blas"].toString().isEmpty());
    bool fashionFound = false;
    for (const auto& d : info["datasets"].toArray())
        if (d.toObject()["name"] == "fashion-mnist")
            fashionFound = d.toObject()["found"].toBool();
    QVERIFY(fashionFound);
}

void TestCli::spacesListsAll() {
    const auto result = runCli({"spaces", "--json"});
    QCOMPARE(result.exitCode, 0);
    const auto list = QJsonDocument::fromJson(result.out).array();
    QCOMPARE(list.size(), 4);
    QCOMPARE(list[0].toObject()["name"].toString(), QString("nb201"));
    QCOMPARE(list[0].toObject()["size"].toDouble(), 15625.0);
    // The DAG space at its defaults: 28 edge bits and 7 three-way operators.
    QCOMPARE(list[2].toObject()["name"].toString(), QString("dag"));
    QCOMPARE(list[2].toObject()["genes"].toInt(), 35);
    QCOMPARE(list[2].toObject()["size"].toDouble(), std::ldexp(1.0, 28) * 2187.0);
    // HADAS's reduced backbone space: stem, 4 genes for each of 5 stages, feature width, resolution.
    QCOMPARE(list[3].toObject()["name"].toString(), QString("attentive"));
    QCOMPARE(list[3].toObject()["genes"].toInt(), 23);
    QCOMPARE(list[3].toObject()["size"].toDouble(), 2.0 * 8 * 36 * 36 * 54 * 8 * 2);
}

void TestCli::costMatchesHandCount_data() {
    QTest::addColumn<QString>("seed");
    for (const char* seed : {"1", "7", "42", "2024"})
        QTest::newRow(seed) << QString(seed);
}

void TestCli::costMatchesHandCount() {
    QFETCH(QString, seed);
    const QString file = m_dir.filePath("nb201-" + seed + ".json");
    const auto sample = runCli({"sample", "--space", "nb201", "--seed", seed, "--out", file});
    QVERIFY2(sample.exitCode == 0, sample.err.constData());
    const auto arch = edgenas::core::loadArchitectureFile(file.toStdString());
    const QString archString = QString::fromStdString(arch.metadata.at("arch"));

    const auto cost = runCli({"cost", file, "--json", "--no-latency"});
    QVERIFY2(cost.exitCode == 0, cost.err.constData());
    const auto figures = jsonOf(cost);
    QCOMPARE(qint64(figures["macs"].toDouble()), qint64(handCountedNb201Macs(archString)));
    QVERIFY(figures["params"].toDouble() > 0);
}

void TestCli::costMeasuresLatency() {
    const QString file = m_dir.filePath("latency.json");
    QCOMPARE(runCli({"sample", "--space", "mobilenet", "--seed", "3", "--out", file}).exitCode, 0);
    const auto result = runCli({"cost", file, "--json", "--repeats", "5", "--warmup", "2", "--threads", "1"});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const auto latency = jsonOf(result)["latency"].toObject();
    QVERIFY(latency["median_ms"].toDouble() > 0);
    QVERIFY(latency["p90_ms"].toDouble() >= latency["median_ms"].toDouble());
    QCOMPARE(latency["provenance"].toString(), QString("measured"));
}

void TestCli::badInputExitsWithTwo_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unknown command") << QStringList{"fly"} << "unknown command 'fly'";
    QTest::newRow("unknown option") << QStringList{"info", "--colour"} << "unknown option --colour";
    QTest::newRow("missing file") << QStringList{"cost", "/nonexistent/a.json"} << "/nonexistent/a.json";
    QTest::newRow("bad seed") << QStringList{"sample", "--space", "nb201", "--seed", "x"} << "--seed";
    QTest::newRow("unknown space") << QStringList{"sample", "--space", "darts"} << "darts";
    QTest::newRow("unknown dataset") << QStringList{"train", "a.json", "--dataset", "mnist2"} << "mnist2";
    QTest::newRow("cifar without folder")
        << QStringList{"train", "a.json", "--dataset", "cifar10", "--data-dir", "/nonexistent"} << "/nonexistent";
    // A latency table for the search is checked before the run exists, and named.
    const QStringList search{"search", "--space", "nb201", "--objectives", "params,latency", "--device",
                             "raspberry-pi-4", "--db", "/nonexistent/runs.db", "--table"};
    QTest::newRow("search, missing table") << (search + QStringList{"/nonexistent/t.csv"}) << "/nonexistent/t.csv";
    QTest::newRow("search, damaged table") << (search + QStringList{"bad.csv"}) << "bad.csv";
    // Commands that only read (and a resume) name a missing database and create nothing.
    QTest::newRow("show, missing database") << QStringList{"show", "1", "--db", "missing.sqlite"} << "missing.sqlite";
    QTest::newRow("runs, missing database") << QStringList{"runs", "--db", "missing.sqlite"} << "missing.sqlite";
    QTest::newRow("resume, missing database")
        << QStringList{"search", "--resume", "1", "--db", "missing.sqlite"} << "missing.sqlite";
    // The experiment commands build their configs alike (experimentConfigFor): each bad part is
    // named before any work, and no database is made.
    for (const QString experiment : {"hadas-experiment", "gram-experiment"}) {
        const QStringList base{experiment, "--db", "missing.sqlite"};
        QTest::newRow(qPrintable(experiment + ", unknown preset")) << (base + QStringList{"--preset", "huge"}) << "huge";
        QTest::newRow(qPrintable(experiment + ", unknown setting"))
            << (base + QStringList{"--settings", R"({"colour": 1})"}) << "colour";
        QTest::newRow(qPrintable(experiment + ", unknown dataset"))
            << (base + QStringList{"--dataset", "mnist2"}) << "mnist2";
        QTest::newRow(qPrintable(experiment + ", unknown device"))
            << (base + QStringList{"--device", "toaster"}) << "toaster";
    }
    QTest::newRow("gram-experiment, budget too small")
        << QStringList{"gram-experiment", "--db", "missing.sqlite", "--budget", "3"} << "--budget";
}

void TestCli::badInputExitsWithTwo() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, reason);
    if (arguments.size() > 1 && arguments[1] == "a.json") {
        const QString file = m_dir.filePath("a.json");
        QCOMPARE(runCli({"sample", "--space", "nb201", "--channels", "4", "--cells", "1", "--out", file}).exitCode, 0);
        arguments[1] = file;
    }
    if (arguments.last() == "bad.csv") {
        const QString file = m_dir.filePath("bad.csv");
        QFile bad(file);
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("signature,latency_ms\nconv|in=1x28x28,fast\n");
        bad.close();
        arguments.last() = file;
    }
    QString missingDatabase;
    for (QString& argument : arguments)
        if (argument == "missing.sqlite")
            argument = missingDatabase = m_dir.filePath("missing.sqlite");
    const auto result = runCli(arguments);
    if (!missingDatabase.isEmpty())
        for (const char* suffix : {"", "-wal", "-shm", ".writers"})
            QVERIFY2(!QFile::exists(missingDatabase + suffix), qPrintable(missingDatabase + suffix));
    QCOMPARE(result.exitCode, 2);
    const QString err = QString::fromUtf8(result.err).trimmed();
    QVERIFY2(err.contains(reason), qPrintable(err));
    QVERIFY2(!err.contains('\n'), qPrintable(err)); // one line
}

void TestCli::trainReportsAccuracy() {
    const QString file = m_dir.filePath("train.json");
    QCOMPARE(runCli({"sample", "--space", "nb201", "--genome",
                     "|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|",
                     "--channels", "8", "--cells", "1", "--out", file})
                 .exitCode,
             0);
    const auto result = runCli({"train", file, "--epochs", "1", "--subset", "3000", "--validation-subset", "1000",
                                "--threads", "2", "--json"});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const auto figures = jsonOf(result);
    // Convergence is the models tests' business; here: the command trains, evaluates and reports.
    QCOMPARE(figures["train_samples"].toInt(), 3000);
    QCOMPARE(figures["validation_samples"].toInt(), 1000);
    QVERIFY2(figures["validation_accuracy"].toDouble() > 0.2, result.out.constData());
}

void TestCli::devicesListsTheProfiles() {
    const auto result = runCli({"devices", "--json"});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonArray devices = QJsonDocument::fromJson(result.out).array();
    QStringList names;
    for (const auto& d : devices) {
        names << d.toObject()["name"].toString();
        QVERIFY(!d.toObject()["source"].toString().isEmpty());  // every profile says where it comes from
        QVERIFY(!d.toObject()["operating_points"].toArray().isEmpty());
    }
    for (const char* name : {"host", "raspberry-pi-3b", "raspberry-pi-4", "redmi-note-7s", "jetson-nano", "jetson-tx2",
                             "jetson-agx-xavier"})
        QVERIFY2(names.contains(name), name);
}

void TestCli::costPredictsOnADevice() {
    const QString file = m_dir.filePath("device.json");
    QCOMPARE(runCli({"sample", "--space", "mobilenet", "--seed", "4", "--out", file}).exitCode, 0);
    auto deviceFigures = [&](const QString& dvfs) {
        const auto result =
            runCli({"cost", file, "--json", "--no-latency", "--device", "jetson-agx-xavier", "--dvfs", dvfs});
        if (result.exitCode != 0)
            qFatal("cost failed: %s", result.err.constData());
        return jsonOf(result)["device"].toObject();
    };
    const QJsonObject fast = deviceFigures("max");
    const QJsonObject slow = deviceFigures("gpu-114.75");
    QCOMPARE(fast["latency_provenance"].toString(), QString("modelled"));
    QCOMPARE(fast["energy_provenance"].toString(), QString("modelled"));
    QVERIFY(slow["latency_ms"].toDouble() > fast["latency_ms"].toDouble());  // a lower GPU clock is slower
    QVERIFY(fast["energy_mj"].toDouble() > 0);

    const auto bad = runCli({"cost", file, "--no-latency", "--device", "jetson-agx-xavier", "--dvfs", "gpu-9999"});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("gpu-9999"), bad.err.constData());
}

void TestCli::energyProvenanceIsStated() {
    // No counter (a VM, or no root): host energy is modelled, and where the modelled power is a
    // constant, both commands say that energy follows latency.
    const QString none = m_dir.filePath("no-powercap");
    const auto devices = runCli({"devices", "--json", "--powercap-root", none});
    QVERIFY2(devices.exitCode == 0, devices.err.constData());
    QMap<QString, QJsonObject> energy;
    for (const auto& d : QJsonDocument::fromJson(devices.out).array())
        energy[d.toObject()["name"].toString()] = d.toObject()["energy"].toObject();
    for (const char* cpu : {"host", "raspberry-pi-4", "raspberry-pi-3b"}) {
        QCOMPARE(energy[cpu]["provenance"].toString(), QString("modelled"));
        QCOMPARE(energy[cpu]["follows_latency"].toBool(), true);
        QVERIFY(energy[cpu]["explanation"].toString().contains("follows latency"));
    }
    QCOMPARE(energy["jetson-nano"]["follows_latency"].toBool(), false);
    QVERIFY(energy["host"]["explanation"].toString().contains("cannot be read here"));
    const auto text = runCli({"devices", "host", "--powercap-root", none});
    QVERIFY2(text.out.contains("energy: modelled: follows latency. The package energy counter cannot be read here"), text.out.constData());

    const QString file = m_dir.filePath("energy.json");
    QCOMPARE(runCli({"sample", "--space", "nb201", "--channels", "4", "--cells", "1", "--out", file}).exitCode, 0);
    auto hostEnergy = [&](const QString& root, const QStringList& extra) {
        const auto result = runCli(QStringList{"cost", file, "--json", "--device", "host", "--threads", "1",
                                               "--repeats", "3", "--warmup", "1", "--powercap-root", root} + extra);
        if (result.exitCode != 0)
            qFatal("cost failed: %s", result.err.constData());
        return jsonOf(result)["device"].toObject();
    };
    const QJsonObject modelled = hostEnergy(none, {"--no-latency"});
    QCOMPARE(modelled["energy_provenance"].toString(), QString("modelled"));
    QCOMPARE(modelled["energy_source"].toString(), QString("modelled: follows latency"));
    QVERIFY(qFuzzyCompare(modelled["average_power_w"].toDouble(), 14.0));

    // A readable counter that never moves: the measurement fails, and the figure says it is the model's.
    const QString still = m_dir.filePath("powercap-still");
    const edgenas::testing::FakePowercap powercap(still.toStdString(), 0.0, 0.0);
    const auto devicesHere = runCli({"devices", "host", "--json", "--powercap-root", still});
    QCOMPARE(QJsonDocument::fromJson(devicesHere.out).object()["energy"].toObject()["provenance"].toString(),
             QString("measured"));
    const QJsonObject failed = hostEnergy(still, {});
    QCOMPARE(failed["energy_provenance"].toString(), QString("modelled"));
    QVERIFY2(failed["energy_note"].toString().contains("the energy measurement failed"),
             qPrintable(failed["energy_note"].toString()));
    const QJsonObject notRun = hostEnergy(still, {"--no-latency"});
    QCOMPARE(notRun["energy_provenance"].toString(), QString("modelled"));
    QVERIFY(notRun["energy_note"].toString().startsWith("not measured"));
}

void TestCli::probeTableServesCostAndValidation() {
    // A real (small) per-operator table of this machine, then used by cost and validate-latency.
    const QString table = m_dir.filePath("host.csv");
    const QStringList space{"--space", "nb201", "--channels", "4", "--cells", "1", "--threads", "1"};
    const auto probe = runCli(QStringList{"probe", "--out", table, "--samples", "3", "--repeats", "3", "--warmup",
                                          "1", "--seed", "5"} + space);
    QVERIFY2(probe.exitCode == 0, probe.err.constData());
    QVERIFY(QFile::exists(table));

    const QString file = m_dir.filePath("probed.json");
    QCOMPARE(runCli({"sample", "--space", "nb201", "--channels", "4", "--cells", "1", "--seed", "5", "--out", file})
                 .exitCode,
             0);
    const auto cost = runCli({"cost", file, "--json", "--no-latency", "--device", "host", "--table", table});
    QVERIFY2(cost.exitCode == 0, cost.err.constData());
    const QJsonObject device = jsonOf(cost)["device"].toObject();
    QVERIFY(device["latency_ms"].toDouble() > 0);
    // Summed from the table where it covers the network, never "measured".
    QVERIFY2(QStringList({"table", "modelled"}).contains(device["latency_provenance"].toString()),
             cost.out.constData());

    const auto validation = runCli(QStringList{"validate-latency", "--samples", "3", "--repeats", "3", "--warmup",
                                               "1", "--seed", "5", "--table", table, "--json"} + space);
    QVERIFY2(validation.exitCode == 0, validation.err.constData());
    const QJsonObject agreement = jsonOf(validation)["table_agreement"].toObject();
    for (const char* key : {"mape_percent", "spearman", "within_10_percent"})
        QVERIFY2(agreement.contains(key), key);
    // The same seed samples the networks the table was probed on: every one predicted from it.
    const QJsonArray rows = jsonOf(validation)["architectures"].toArray();
    QCOMPARE(rows.size(), 3);
    for (const auto& row : rows)
        QCOMPARE(row.toObject()["table_provenance"].toString(), QString("table"));
    QCOMPARE(jsonOf(validation)["table"].toObject()["misses"].toInt(), 0);
}

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
