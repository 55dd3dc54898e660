#include "fake_evaluators.h"
#include "../cost/fake_powercap.h"

#include "core/architecture_json.h"
#include "core/errors.h"
#include "core/shape_inference.h"
#include "cost/device_catalog.h"
#include "cost/latency_table.h"
#include "cost/operator_signature.h"
#include "search/run_database.h"
#include "search/default_evaluators.h"
#include "search/device_evaluator.h"
#include "search/search_runner.h"
#include "spaces/space_factory.h"
#include "store/run_reader.h"

#include <QtTest/QtTest>

#include <cmath>
#include <fstream>
#include <memory>
#include <set>
#include <thread>

using namespace edgenas;
using core::Provenance;

namespace {

const spaces::SpaceOptions kTinyNb201{.nb201Channels = 4, .nb201CellsPerStage = 1};

std::set<std::string> signaturesOf(const core::Architecture& arch) {
    const std::vector<core::TensorShape> shapes = core::inferShapes(arch);
    std::set<std::string> keys;
    for (const core::Node& node : arch.nodes)
        if (node.op != core::OpType::Input)
            keys.insert(cost::OperatorSignature::of(arch, node, shapes).key());
    return keys;
}

// A table of `device` with an entry for every operator of the given networks (0.01 ms each).
cost::LatencyTable tableCovering(const std::vector<core::Architecture>& archs, const std::string& device) {
    cost::LatencyTable table;
    table.conditions().device = device;
    table.conditions().networkOverheadMs = 0.02;
    for (const core::Architecture& arch : archs)
        for (const std::string& key : signaturesOf(arch))
            table.set(key, 0.01);
    return table;
}

// A powercap root with no counter, as in a VM or without root on a recent kernel.
std::string noPowercap() { return "/nonexistent/powercap"; }

Provenance provenanceOf(const std::vector<core::Metric>& metrics, const std::string& name) {
    for (const core::Metric& m : metrics)
        if (m.name == name)
            return m.provenance;
    throw std::runtime_error("no metric " + name);
}

// Counted figures from the fakes, device figures from the real DefaultEvaluators: what a run
// with objectives params and latency uses, without training.
class CountAndDevice : public search::EvaluatorProvider {
public:
    explicit CountAndDevice(const search::RunConfig& config) : m_device(config) {}
    search::CandidateEvaluator& evaluatorFor(const std::string& metric) override {
        if (metric == "macs" || metric == "params")
            return m_fakes.evaluatorFor(metric);
        return m_device.evaluatorFor(metric);
    }

private:
    search::test::FakeEvaluators m_fakes;
    search::DefaultEvaluators m_device;
};

} // namespace

// Latency in a search comes from the best source there is, and says which one it was.
class TestDeviceEvaluator : public QObject {
    Q_OBJECT
private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void hostWithoutTableIsMeasured() {
        const auto space = spaces::makeSearchSpace("nb201", kTinyNb201);
        spaces::Rng rng(5);
        const core::Architecture arch = space->decode(space->sample(rng));
        // No package energy counter (as in a VM): energy is modelled, and says so.
        search::DeviceEvaluator evaluator(cost::DeviceCatalog::builtIn().find("host"), "", std::nullopt, true,
                                          {.warmup = 1, .repeats = 3}, noPowercap());
        const auto metrics = evaluator.evaluate(arch, {});
        QCOMPARE(int(provenanceOf(metrics, "latency_ms")), int(Provenance::Measured));
        QCOMPARE(int(provenanceOf(metrics, "energy_mj")), int(Provenance::Modelled));  // host power is an estimate
        QCOMPARE(int(provenanceOf(metrics, "power_w")), int(Provenance::Modelled));
        QVERIFY(metrics.front().value > 0);
        // Energy is the modelled power times the measured latency: a constant, so it follows latency.
        QVERIFY(qFuzzyCompare(metrics[1].value, metrics[2].value * metrics[0].value));
        QCOMPARE(int(evaluator.energySource().provenance), int(Provenance::Modelled));
        QVERIFY(evaluator.energySource().followsLatency);
        QCOMPARE(metrics[2].value, evaluator.energySource().constantWatts);
    }

    // Where the package counter is readable, host energy is measured with it, whether the latency
    // was timed or came from a table.
    void hostEnergyIsMeasuredWhereTheCounterIsReadable() {
        const auto space = spaces::makeSearchSpace("nb201", kTinyNb201);
        spaces::Rng rng(5);
        const core::Architecture arch = space->decode(space->sample(rng));
        const std::string root = m_dir.filePath("powercap-live").toStdString();
        const testing::FakePowercap powercap(root, 40.0, 10.0);  // 40 W idle, 10 W per busy CPU second
        const cost::DeviceProfile& host = cost::DeviceCatalog::builtIn().find("host");
        search::DeviceEvaluator timed(host, "", std::nullopt, true, {.warmup = 1, .repeats = 3}, root);
        QCOMPARE(int(timed.energySource().provenance), int(Provenance::Measured));
        const auto metrics = timed.evaluate(arch, {});
        QCOMPARE(int(provenanceOf(metrics, "latency_ms")), int(Provenance::Measured));
        QCOMPARE(int(provenanceOf(metrics, "energy_mj")), int(Provenance::Measured));
        QCOMPARE(int(provenanceOf(metrics, "power_w")), int(Provenance::Measured));
        QVERIFY2(timed.lastEnergyProblem().empty(), timed.lastEnergyProblem().c_str());
        // Above idle: at most the fake's 10 W per busy thread (plus the counter's steps), far
        // below the 40 W the package draws idle.
        const double busyThreads = std::max(1u, std::thread::hardware_concurrency());
        QVERIFY2(metrics[2].value > 0.0 && metrics[2].value < 10.0 * busyThreads + 3.0,
                 qPrintable(QString::number(metrics[2].value)));
        QVERIFY(metrics[1].value > 0.0);

        search::DeviceEvaluator tabled(host, "", tableCovering({arch}, "host"), true, {}, root);
        const auto fromTable = tabled.evaluate(arch, {});
        QCOMPARE(int(provenanceOf(fromTable, "latency_ms")), int(Provenance::Table));
        QCOMPARE(int(provenanceOf(fromTable, "energy_mj")), int(Provenance::Measured));
    }

    // A readable counter that shows nothing above idle gives no measurement: the model's figure,
    // labelled Modelled, and the reason is kept.
    void hostEnergyFallsBackToTheModelWithItsReason() {
        const auto space = spaces::makeSearchSpace("nb201", kTinyNb201);
        spaces::Rng rng(5);
        const core::Architecture arch = space->decode(space->sample(rng));
        const std::string root = m_dir.filePath("powercap-still").toStdString();
        const testing::FakePowercap powercap(root, 0.0, 0.0);
        search::DeviceEvaluator evaluator(cost::DeviceCatalog::builtIn().find("host"), "", std::nullopt, true,
                                          {.warmup = 1, .repeats = 3}, root,
                                          {.warmup = 0, .windowMs = 20.0, .windows = 1, .idleMs = 20.0,
                                           .maxAttempts = 1});
        const auto metrics = evaluator.evaluate(arch, {});
        QCOMPARE(int(provenanceOf(metrics, "latency_ms")), int(Provenance::Measured));
        QCOMPARE(int(provenanceOf(metrics, "energy_mj")), int(Provenance::Modelled));
        QVERIFY2(evaluator.lastEnergyProblem().find("not positive") != std::string::npos,
                 evaluator.lastEnergyProblem().c_str());
    }

    void hostTableCoveringTheNetworkIsUsed() {
        const auto space = spaces::makeSearchSpace("nb201", kTinyNb201);
        spaces::Rng rng(6);
        const core::Architecture arch = space->decode(space->sample(rng));
        search::DeviceEvaluator evaluator(cost::DeviceCatalog::builtIn().find("host"), "",
                                          tableCovering({arch}, "host"), true);
        const auto metrics = evaluator.evaluate(arch, {});
        QCOMPARE(int(provenanceOf(metrics, "latency_ms")), int(Provenance::Table));
        // Not timed: exactly the entries (folded ones are free) plus the table's overhead.
        QVERIFY(metrics.front().value > 0.02);
        QCOMPARE(std::fmod(std::round((metrics.front().value - 0.02) * 1e6), 1e4), 0.0);
    }

    void hostTableWithAGapFallsBackToMeasuring() {
        const auto space = spaces::makeSearchSpace("nb201", kTinyNb201);
        const core::Architecture arch = space->decode(std::vector<int>(6, 3));  // every edge a 3x3 conv
        cost::LatencyTable table = tableCovering({space->decode(std::vector<int>(6, 1))}, "host");
        search::DeviceEvaluator evaluator(cost::DeviceCatalog::builtIn().find("host"), "", table, true,
                                          {.warmup = 1, .repeats = 3});
        QCOMPARE(int(provenanceOf(evaluator.evaluate(arch, {}), "latency_ms")), int(Provenance::Measured));
    }

    void otherDeviceUsesItsTableElseTheModel() {
        const auto space = spaces::makeSearchSpace("nb201", kTinyNb201);
        spaces::Rng rng(7);
        const core::Architecture arch = space->decode(space->sample(rng));
        const cost::DeviceProfile& pi = cost::DeviceCatalog::builtIn().find("raspberry-pi-4");
        search::DeviceEvaluator modelled(pi, "");
        QCOMPARE(int(provenanceOf(modelled.evaluate(arch, {}), "latency_ms")), int(Provenance::Modelled));
        search::DeviceEvaluator tabled(pi, "", tableCovering({arch}, "raspberry-pi-4"));
        QCOMPARE(int(provenanceOf(tabled.evaluate(arch, {}), "latency_ms")), int(Provenance::Table));
        QVERIFY_THROWS_EXCEPTION(core::InputError, search::DeviceEvaluator(pi, "", tableCovering({arch}, "host")));
    }

    void badTableFileIsNamed_data() {
        QTest::addColumn<QString>("content");  // empty: no file at all
        QTest::newRow("missing") << QString();
        QTest::newRow("not a table") << QString("this is not,a latency table\n1,2,3\n");
        QTest::newRow("other device") << QString("# edgenas-latency-table 1\n# device=jetson-nano\nsignature,latency_ms\n");
    }
    void badTableFileIsNamed() {
        QFETCH(QString, content);
        const std::string path = m_dir.filePath("table.csv").toStdString();
        QFile::remove(QString::fromStdString(path));
        if (!content.isEmpty())
            std::ofstream(path) << content.toStdString();
        search::RunConfig config;
        config.objectives = {"params", "latency"};
        config.device = "raspberry-pi-4";
        config.latencyTable = path;
        search::DefaultEvaluators evaluators(config);
        try {
            evaluators.evaluatorFor("latency_ms");
            QFAIL("no error");
        } catch (const core::InputError& e) {
            QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
        }
        // The runner refuses it before a run exists, whatever the objectives.
        const std::string db = m_dir.filePath("refused.db").toStdString();
        search::SearchControl control;
        search::SearchObserver observer;
        search::SearchRunner runner(db, control, observer);
        config.objectives = {"params", "macs"};
        config.space = "nb201";
        QVERIFY_THROWS_EXCEPTION(core::InputError, runner.start(config));
        QVERIFY(!QFile::exists(QString::fromStdString(db)));
    }

    // The stored provenance says where each latency came from: the table where it covers the
    // network, a measurement on the host where it does not.
    void searchStoresTheSourceOfEveryLatency_data() {
        QTest::addColumn<QString>("device");
        QTest::addColumn<int>("withoutTable");
        QTest::newRow("host") << "host" << int(Provenance::Measured);
        QTest::newRow("raspberry-pi-4") << "raspberry-pi-4" << int(Provenance::Modelled);
    }
    void searchStoresTheSourceOfEveryLatency() {
        QFETCH(QString, device);
        QFETCH(int, withoutTable);
        const auto space = spaces::makeSearchSpace("nb201", kTinyNb201);
        // A table probed on networks without convolutions: it covers few of the run's candidates.
        std::vector<core::Architecture> probed;
        for (int op : {0, 1, 4})  // none, skip_connect, avg_pool_3x3 on every edge
            probed.push_back(space->decode(std::vector<int>(6, op)));
        const std::string tablePath = m_dir.filePath("probe-" + device + ".csv").toStdString();
        tableCovering(probed, device.toStdString()).save(tablePath);
        const cost::LatencyTable table = cost::LatencyTable::load(tablePath);

        search::RunConfig config;
        config.space = "nb201";
        config.spaceChannels = 4;
        config.spaceCells = 1;
        config.objectives = {"params", "latency"};
        config.device = device.toStdString();
        config.latencyTable = tablePath;
        config.evaluations = 16;
        config.population = 4;
        config.seed = 3;
        config.threads = 1;
        const std::string db = m_dir.filePath("sources-" + device + ".db").toStdString();
        search::SearchControl control;
        search::SearchObserver observer;
        search::SearchRunner runner(db, control, observer);
        runner.setEvaluatorProvider(std::make_shared<CountAndDevice>(config));
        const search::RunResult result = runner.start(config);
        QCOMPARE(result.status, std::string("finished"));

        int fromTable = 0;
        int fromElsewhere = 0;
        for (const core::Candidate& c : search::openRunReader(db).candidates(result.runId)) {
            const core::Architecture arch = core::architectureFromJson(c.architectureJson);
            bool covered = true;
            for (const std::string& key : signaturesOf(arch))
                covered = covered && table.contains(key);
            const core::Metric* latency = c.metric("latency_ms");
            QVERIFY(latency && latency->value > 0);
            QCOMPARE(int(latency->provenance), covered ? int(Provenance::Table) : withoutTable);
            (covered ? fromTable : fromElsewhere)++;
        }
        QVERIFY(fromElsewhere > 0);  // the run met networks the table does not cover
        qInfo("%d latencies from the table, %d measured or modelled", fromTable, fromElsewhere);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestDeviceEvaluator)
#include "test_device_evaluator.moc"
