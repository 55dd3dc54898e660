#include "core/errors.h"
#include "store/run_reader.h"
#include "store/run_store.h"
#include "store/store_error.h"
#include "store_test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace edgenas;
using namespace edgenas::store;
using namespace store_test;

class TestRunReader : public QObject {
    Q_OBJECT
private slots:
    void init();

    void incrementalPollingSeesOnlyNewCandidatesOfItsRun();
    void snapshotPinsOneStateWithoutBlockingTheWriter();
    void listRunsSummarises();
    void findCandidateByHash_data();
    void findCandidateByHash();
    void unknownIdsGiveEmptyAnswers();
    void missingFileIsNamed();

private:
    std::string dbPath() const { return (m_dir->path() + "/runs.edgenas").toStdString(); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestRunReader::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestRunReader::incrementalPollingSeesOnlyNewCandidatesOfItsRun() {
    RunStore store = RunStore::open(dbPath());
    const std::int64_t a = store.createRun(RunRecord{.method = "nsga2"});
    const std::int64_t b = store.createRun(RunRecord{.method = "nsga2"});
    RunReader reader = RunReader::open(dbPath());  // opened before anything is written, as a live view is
    QVERIFY(reader.candidates(a).empty());

    std::int64_t seen = 0;
    std::vector<std::int64_t> polled;
    for (int g = 0; g < 4; ++g) {
        // Two runs writing into one file: their ids interleave.
        const std::vector<std::int64_t> idsA =
            store.commitGeneration(a, GenerationRecord{.generation = g}, makeCandidates(5, g, 10 * g));
        store.commitGeneration(b, GenerationRecord{.generation = g}, makeCandidates(3, g, 100 + 10 * g));
        const std::vector<core::Candidate> fresh = reader.candidates(a, seen);
        QCOMPARE(fresh.size(), std::size_t(5));
        for (std::size_t i = 0; i < fresh.size(); ++i) {
            QCOMPARE(fresh[i].id, idsA[i]);
            QCOMPARE(fresh[i].generation, g);
            QCOMPARE(fresh[i].metrics.size(), std::size_t(4));
            polled.push_back(fresh[i].id);
        }
        seen = fresh.back().id;
        QVERIFY(reader.candidates(a, seen).empty());  // nothing new until the next commit
    }
    QVERIFY(std::is_sorted(polled.begin(), polled.end()));
    QCOMPARE(reader.candidates(b).size(), std::size_t(12));
    QCOMPARE(reader.candidates(a, polled[7]).size(), std::size_t(12));
}

void TestRunReader::snapshotPinsOneStateWithoutBlockingTheWriter() {
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.method = "nsga2"});
    store.commitGeneration(run, GenerationRecord{.generation = 0}, makeCandidates(10, 0));
    RunReader reader = RunReader::open(dbPath());
    {
        const SqliteTransaction snapshot = reader.snapshot();
        QCOMPARE(reader.candidates(run).size(), std::size_t(10));
        // The writer commits while the reader holds its snapshot: WAL lets both go on (with a
        // rollback journal this would wait for the busy timeout and then fail as Locked).
        store.commitGeneration(run, GenerationRecord{.generation = 1}, makeCandidates(10, 1, 10));
        store.logEvent(EventRecord{.runId = run, .message = "written during the snapshot"});
        QCOMPARE(reader.candidates(run).size(), std::size_t(10));
        QCOMPARE(reader.generations(run).size(), std::size_t(1));
        QVERIFY(reader.events(run).empty());
        QCOMPARE(reader.listRuns().front().candidateCount, std::int64_t(10));
    }
    QCOMPARE(reader.candidates(run).size(), std::size_t(20));
    QCOMPARE(reader.generations(run).size(), std::size_t(2));
    QCOMPARE(reader.events(run).size(), std::size_t(1));
}

void TestRunReader::listRunsSummarises() {
    RunStore store = RunStore::open(dbPath());
    const std::int64_t a = store.createRun(RunRecord{.name = "A", .method = "nsga2"});
    const std::int64_t b = store.createRun(RunRecord{.name = "B", .method = "evrsnas", .status = "paused"});
    store.commitGeneration(a, GenerationRecord{.generation = 0, .evaluations = 4, .hypervolume = 0.1},
                           makeCandidates(4, 0));
    store.commitGeneration(a, GenerationRecord{.generation = 1, .evaluations = 8, .hypervolume = 0.3},
                           makeCandidates(4, 1, 4));
    store.addCandidates(a, makeCandidates(1, 1, 50));  // injected: counted, no generation

    const std::vector<RunSummary> runs = RunReader::open(dbPath()).listRuns();
    QCOMPARE(runs.size(), std::size_t(2));
    const RunSummary& first = runs[0];
    QCOMPARE(first.run.id, a);
    QCOMPARE(QString::fromStdString(first.run.name), QStringLiteral("A"));
    QCOMPARE(first.candidateCount, std::int64_t(9));
    QCOMPARE(first.generationCount, 2);
    QCOMPARE(first.evaluations, std::int64_t(8));
    QCOMPARE(first.hypervolume, 0.3);
    QCOMPARE(first.metrics.size(), std::size_t(4));
    const MetricRange accuracy = first.metrics.at("accuracy");
    QCOMPARE(accuracy.count, std::int64_t(9));
    QCOMPARE(accuracy.min, makeCandidate(0).metrics[0].value);
    QCOMPARE(accuracy.max, makeCandidate(50).metrics[0].value);
    const MetricRange latency = first.metrics.at("latency_ms");
    QCOMPARE(latency.min, 1.0);
    QCOMPARE(latency.max, 12.0);  // 1 + 50 % 13, the largest among indices 0..7 and 50
    QCOMPARE(QString::fromStdString(latency.unit), QStringLiteral("ms"));

    const RunSummary& second = runs[1];
    QCOMPARE(QString::fromStdString(second.run.status), QStringLiteral("paused"));
    QCOMPARE(second.candidateCount, std::int64_t(0));
    QCOMPARE(second.generationCount, 0);
    QCOMPARE(second.evaluations, std::int64_t(0));
    QVERIFY(std::isnan(second.hypervolume));
    QVERIFY(second.metrics.empty());
    QCOMPARE(b, second.run.id);
}

void TestRunReader::findCandidateByHash_data() {
    QTest::addColumn<QString>("hash");
    QTest::addColumn<bool>("inOtherRun");
    QTest::addColumn<int>("expectedIndex");  // into the run's ids; -1 = not found
    QTest::newRow("unique") << "h1" << false << 1;
    QTest::newRow("duplicate: the earliest") << "h2" << false << 2;
    QTest::newRow("absent") << "nope" << false << -1;
    QTest::newRow("only in another run") << "h2" << true << -1;
}

void TestRunReader::findCandidateByHash() {
    QFETCH(QString, hash);
    QFETCH(bool, inOtherRun);
    QFETCH(int, expectedIndex);
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.method = "nsga2"});
    const std::int64_t other = store.createRun(RunRecord{.method = "nsga2"});
    std::vector<core::Candidate> batch = makeCandidates(4, 0);
    batch[3].hash = "h2";  // re-evaluation of the same architecture
    const std::vector<std::int64_t> ids = store.addCandidates(inOtherRun ? other : run, batch);

    const std::optional<core::Candidate> found =
        RunReader::open(dbPath()).findCandidateByHash(run, hash.toStdString());
    if (expectedIndex < 0) {
        QVERIFY(!found);
        return;
    }
    QVERIFY(found);
    QCOMPARE(found->id, ids[std::size_t(expectedIndex)]);
    core::Candidate expected = batch[std::size_t(expectedIndex)];
    expected.id = found->id;
    QVERIFY(*found == expected);
}

void TestRunReader::unknownIdsGiveEmptyAnswers() {
    RunStore::open(dbPath()).createRun(RunRecord{.method = "nsga2"});
    RunReader reader = RunReader::open(dbPath());
    QVERIFY(!reader.run(42));
    QVERIFY(reader.candidates(42).empty());
    QVERIFY(reader.generations(42).empty());
    QVERIFY(!reader.lastGeneration(42));
    QVERIFY(reader.events(42).empty());
    QVERIFY(reader.artefacts(42).empty());
    QVERIFY(!reader.findCandidateByHash(42, "h0"));
}

void TestRunReader::missingFileIsNamed() {
    try {
        RunReader::open(dbPath());
        QFAIL("no exception");
    } catch (const StoreError& error) {
        QCOMPARE(error.reason(), StoreError::Reason::NotFound);
        QVERIFY2(std::string(error.what()).find(dbPath()) != std::string::npos, error.what());
    }
    QVERIFY(!std::filesystem::exists(dbPath()));  // reading never creates the file
}

QTEST_APPLESS_MAIN(TestRunReader)
#include "test_run_reader.moc"
