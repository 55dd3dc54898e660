#include "core/errors.h"
#include "store/run_reader.h"
#include "store/run_store.h"
#include "store/schema.h"
#include "store_test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace edgenas;
using namespace edgenas::store;
using namespace store_test;

class TestStoreSchema : public QObject {
    Q_OBJECT
private slots:
    void init();

    void migrationsAreConsecutiveFromOne();
    void newFileHasTheLatestVersion();
    void upgradesHandMadeVersion1File();
    void readerReadsVersion1InMemoryAndLeavesTheFileAlone();
    void upgradesVersion2FileToSharedArchitectures();
    void upgradesVersion3FileUnchanged();
    void architecturesAreStoredOncePerExactText();
    void deletingARunSweepsOnlyItsOwnArchitectures();
    void newerVersionIsRefusedUntouched_data();
    void newerVersionIsRefusedUntouched();
    void foreignApplicationIdIsRefused();

private:
    std::string dbPath() const { return (m_dir->path() + "/runs.edgenas").toStdString(); }
    void writeVersion1File(const std::string& path);
    void writeVersion2File(const std::string& path);
    /// Writes a version 3 file through this build's store, then turns it back into version 3 by
    /// hand; returns what it holds.
    std::vector<core::Candidate> writeVersion3File(const std::string& path);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestStoreSchema::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestStoreSchema::writeVersion1File(const std::string& path) {
    // What EdgeNAS with schema version 1 wrote: its SQL verbatim, then rows in its columns.
    RawDatabase raw(path);
    raw.exec("BEGIN");
    raw.exec(std::string(migrations()[0].sql));
    raw.exec("PRAGMA user_version = 1");
    raw.exec("COMMIT");
    raw.exec("INSERT INTO runs (method, config_json, seed, status, started_at, ended_at, host, versions_json) "
             "VALUES ('nsga2', '{\"population\":2}', 7, 'finished', '2023-01-01T00:00:00.000Z', "
             "'2023-01-01T01:00:00.000Z', 'old-host', '{\"torch\":\"2.1\"}')");
    raw.exec("INSERT INTO candidates (run_id, generation, hash, genome, architecture_json, parents_json, status) "
             "VALUES (1, 0, 'aa', 'g1', '{\"nodes\":[]}', '[]', 'evaluated'), "
             "(1, 0, 'bb', 'g2', '{\"nodes\":[1]}', '[1]', 'evaluated')");
    raw.exec("INSERT INTO metrics VALUES (1, 0, 'accuracy', 0.8, '', 'trained'), "
             "(1, 1, 'latency_ms', 3.5, 'ms', 'measured'), (2, 0, 'accuracy', 0.9, '', 'trained'), "
             "(2, 1, 'latency_ms', 2.5, 'ms', 'measured')");
    raw.exec("INSERT INTO generations VALUES (1, 0, 2, 0.42, '[2]', '{\"population\":[1,2]}', "
             "'2023-01-01T00:30:00.000Z')");
    raw.exec("INSERT INTO events (run_id, time, kind, message) VALUES (1, '2023-01-01T00:00:01.000Z', 'log', 'hi')");
    raw.exec("INSERT INTO artefacts (run_id, candidate_id, kind, path, created_at) "
             "VALUES (1, 2, 'torchscript', 'best.pt', '2023-01-01T01:00:00.000Z')");
}

void TestStoreSchema::writeVersion2File(const std::string& path) {
    // What EdgeNAS with schema version 2 wrote: architecture JSON inline in every candidate row.
    RawDatabase raw(path);
    raw.exec("BEGIN");
    raw.exec(std::string(migrations()[0].sql));
    raw.exec(std::string(migrations()[1].sql));
    raw.exec("PRAGMA user_version = 2");
    raw.exec("COMMIT");
    raw.exec("INSERT INTO runs (name, method, started_at) VALUES ('first', 'nsga2', '2024-01-01T00:00:00.000Z'), "
             "('second', 'nsga2', '2024-01-02T00:00:00.000Z')");
    // Candidates 1 and 3 share one network text; 2 has the same canonical hash but other labels;
    // 4 is another network. Run 2 meets candidate 1's network again.
    raw.exec("INSERT INTO candidates (run_id, generation, hash, genome, architecture_json, parents_json, status) "
             "VALUES (1, 0, 'aa', '1,2', '{\"nodes\":[\"conv\"]}', '[]', 'evaluated'), "
             "(1, 0, 'aa', '1,3', '{\"nodes\":[\"conv\"],\"label\":\"x\"}', '[]', 'evaluated'), "
             "(1, 1, 'aa', '1,2', '{\"nodes\":[\"conv\"]}', '[1,2]', 'injected'), "
             "(1, 1, 'bb', '4,4', '{\"nodes\":[\"pool\"]}', '[1]', 'evaluated'), "
             "(2, 0, 'aa', '1,2', '{\"nodes\":[\"conv\"]}', '[]', 'evaluated')");
    raw.exec("INSERT INTO metrics VALUES (1, 0, 'accuracy', 0.8, '', 'trained'), (4, 0, 'accuracy', 0.7, '', "
             "'trained'), (4, 1, 'latency_ms', 1.5, 'ms', 'table')");
    raw.exec("INSERT INTO run_metric_summary VALUES (1, 'accuracy', 0.7, 0.8, '', 2), (1, 'latency_ms', 1.5, 1.5, "
             "'ms', 1)");
    raw.exec("INSERT INTO generations VALUES (1, 0, 2, 0.3, '[1]', '{}', '2024-01-01T00:10:00.000Z'), "
             "(1, 1, 4, 0.4, '[1,4]', '{\"resume\":1}', '2024-01-01T00:20:00.000Z')");
}

std::vector<core::Candidate> TestStoreSchema::writeVersion3File(const std::string& path) {
    // What EdgeNAS with schema version 3 wrote: every candidate with a shared architecture row,
    // indexed by (run, hash). Made with version 3's SQL verbatim and rows in its columns.
    std::vector<core::Candidate> candidates = makeCandidates(3, 0);
    candidates[1].parents = {1};
    candidates[2].hash = candidates[0].hash;
    candidates[2].architectureJson = candidates[0].architectureJson;  // shared
    candidates[2].status = "injected";
    candidates[2].metrics.pop_back();
    RawDatabase raw(path);
    raw.exec("BEGIN");
    for (int i = 0; i < 3; ++i)
        raw.exec(std::string(migrations()[static_cast<std::size_t>(i)].sql));
    raw.exec("PRAGMA user_version = 3");
    raw.exec("COMMIT");
    raw.exec("INSERT INTO runs (name, method, config_json, started_at) VALUES ('v3', 'nsga2', "
             "'{\"space\":{\"name\":\"nb201\"}}', '2025-01-01T00:00:00.000Z')");
    raw.exec("INSERT INTO architectures (hash, json) VALUES ('" + candidates[0].hash + "', '" +
             candidates[0].architectureJson + "'), ('" + candidates[1].hash + "', '" + candidates[1].architectureJson +
             "')");
    const std::vector<int> architectureOf{1, 2, 1};
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const core::Candidate& c = candidates[i];
        raw.exec("INSERT INTO candidates (run_id, generation, hash, genome, architecture_id, parents_json, status) "
                 "VALUES (1, 0, '" + c.hash + "', '" + c.genome + "', " + std::to_string(architectureOf[i]) + ", '" +
                 (c.parents.empty() ? std::string("[]") : "[" + std::to_string(c.parents[0]) + "]") + "', '" +
                 c.status + "')");
        for (std::size_t m = 0; m < c.metrics.size(); ++m)
            raw.exec("INSERT INTO metrics VALUES (" + std::to_string(i + 1) + ", " + std::to_string(m) + ", '" +
                     c.metrics[m].name + "', " + QString::number(c.metrics[m].value, 'g', 17).toStdString() +
                     ", '" + c.metrics[m].unit + "', '" + std::string(core::toString(c.metrics[m].provenance)) +
                     "')");
        candidates[i].id = static_cast<std::int64_t>(i + 1);
    }
    raw.exec("INSERT INTO generations VALUES (1, 0, 3, 0.5, '[1,2]', '{\"state\":3}', '2025-01-01T00:10:00.000Z')");
    return candidates;
}

void TestStoreSchema::migrationsAreConsecutiveFromOne() {
    int expected = 1;
    for (const Migration& migration : migrations()) {
        QCOMPARE(migration.version, expected++);
        QVERIFY(!migration.sql.empty());
    }
    QCOMPARE(latestSchemaVersion(), expected - 1);
    QVERIFY(latestSchemaVersion() >= 2);
}

void TestStoreSchema::newFileHasTheLatestVersion() {
    RunStore::open(dbPath());
    RawDatabase raw(dbPath());
    QCOMPARE(raw.integer("PRAGMA user_version"), std::int64_t(latestSchemaVersion()));
    QCOMPARE(raw.integer("PRAGMA application_id"), std::int64_t(kApplicationId));
    QCOMPARE(raw.integer("PRAGMA page_size"), std::int64_t(16384));  // rows of ~2.5 KB fit six to a page
    QCOMPARE(int(imageOf(dbPath()).bytes.at(18)), 2);  // header: WAL mode, so readers never block the writer
}

void TestStoreSchema::upgradesHandMadeVersion1File() {
    const std::string path = dbPath();
    writeVersion1File(path);
    {
        RunStore store = RunStore::open(path);
        // The upgraded file takes new writes, and the backfilled summary keeps counting.
        store.commitGeneration(1, GenerationRecord{.generation = 1, .evaluations = 3}, makeCandidates(1, 1));
    }
    QCOMPARE(RawDatabase(path).integer("PRAGMA user_version"), std::int64_t(latestSchemaVersion()));

    RunReader reader = RunReader::open(path);
    const RunRecord run = *reader.run(1);
    QCOMPARE(QString::fromStdString(run.name), QStringLiteral("nsga2 #1"));  // v2 names old runs
    QVERIFY(run.notes.empty());
    QCOMPARE(run.seed, std::uint64_t(7));
    QCOMPARE(QString::fromStdString(run.host), QStringLiteral("old-host"));
    QCOMPARE(QString::fromStdString(run.versionsJson), QStringLiteral(R"({"torch":"2.1"})"));

    const std::vector<core::Candidate> candidates = reader.candidates(1);
    QCOMPARE(candidates.size(), std::size_t(3));
    QCOMPARE(QString::fromStdString(candidates[1].architectureJson), QStringLiteral(R"({"nodes":[1]})"));
    QCOMPARE(candidates[1].parents, std::vector<std::int64_t>{1});
    QCOMPARE(candidates[1].metrics.size(), std::size_t(2));
    QCOMPARE(candidates[1].metrics[1].value, 2.5);
    QVERIFY(candidates[1].metrics[1].provenance == core::Provenance::Measured);

    const GenerationRecord first = reader.generations(1, true).front();
    QCOMPARE(first.frontCandidateIds, std::vector<std::int64_t>{2});
    QCOMPARE(QString::fromStdString(first.stateJson), QStringLiteral(R"({"population":[1,2]})"));
    QCOMPARE(first.hypervolume, 0.42);
    QCOMPARE(reader.events(1).size(), std::size_t(1));
    QCOMPARE(*reader.artefacts(1).front().candidateId, std::int64_t(2));

    const RunSummary summary = reader.listRuns().front();
    QCOMPARE(summary.candidateCount, std::int64_t(3));
    QCOMPARE(summary.generationCount, 2);
    const MetricRange accuracy = summary.metrics.at("accuracy");
    QCOMPARE(accuracy.count, std::int64_t(3));  // two backfilled, one new
    QCOMPARE(accuracy.min, 0.5);                // makeCandidate(0)'s
    QCOMPARE(accuracy.max, 0.9);
    QCOMPARE(QString::fromStdString(summary.metrics.at("latency_ms").unit), QStringLiteral("ms"));
    reader.verifyIntegrity();
}

void TestStoreSchema::readerReadsVersion1InMemoryAndLeavesTheFileAlone() {
    const std::string path = dbPath();
    writeVersion1File(path);
    const FileImage before = imageOf(path);
    {
        // Upgraded in a copy in memory: the runs read as a writer's upgrade would show them.
        const RunReader reader = RunReader::open(path);
        QVERIFY(!reader.listRuns().empty());
        QCOMPARE(reader.path(), path);
    }
    QVERIFY(imageOf(path) == before);
    RawDatabase raw(path);
    QCOMPARE(raw.integer("PRAGMA user_version"), std::int64_t(1));
}

void TestStoreSchema::upgradesVersion2FileToSharedArchitectures() {
    const std::string path = dbPath();
    writeVersion2File(path);
    const std::vector<std::string> texts{R"({"nodes":["conv"]})", R"({"nodes":["conv"],"label":"x"})",
                                         R"({"nodes":["conv"]})", R"({"nodes":["pool"]})"};
    { RunStore::open(path); }
    RawDatabase raw(path);
    QCOMPARE(raw.integer("PRAGMA user_version"), std::int64_t(latestSchemaVersion()));
    // Three distinct texts among five candidates; the old column is gone.
    QCOMPARE(raw.integer("SELECT count(*) FROM architectures"), std::int64_t(3));
    QCOMPARE(raw.integer("SELECT count(*) FROM pragma_table_info('candidates') WHERE name = 'architecture_json'"),
             std::int64_t(0));
    QCOMPARE(raw.integer("SELECT count(*) FROM candidates WHERE architecture_id IS NULL"), std::int64_t(0));

    RunReader reader = RunReader::open(path);
    const std::vector<core::Candidate> first = reader.candidates(1);
    QCOMPARE(first.size(), std::size_t(4));
    for (std::size_t i = 0; i < first.size(); ++i)
        QCOMPARE(first[i].architectureJson, texts[i]);
    QCOMPARE(first[2].status, std::string("injected"));
    QCOMPARE(first[2].parents, (std::vector<std::int64_t>{1, 2}));
    QCOMPARE(first[3].metrics.size(), std::size_t(2));
    QVERIFY(first[3].metrics[1].provenance == core::Provenance::Table);
    QCOMPARE(reader.candidates(2).front().architectureJson, texts[0]);
    QCOMPARE(reader.findCandidateByHash(1, "bb")->architectureJson, texts[3]);
    QCOMPARE(reader.lastGeneration(1)->stateJson, std::string(R"({"resume":1})"));
    QCOMPARE(reader.listRuns().front().metrics.at("accuracy").count, std::int64_t(2));
    reader.verifyIntegrity();

    // The upgraded file takes new candidates and shares the networks it already holds.
    RunStore store = RunStore::open(path);
    core::Candidate again = makeCandidate(1, 2);
    again.hash = "aa";
    again.architectureJson = texts[1];
    store.commitGeneration(1, GenerationRecord{.generation = 2, .evaluations = 5}, {again});
    QCOMPARE(raw.integer("SELECT count(*) FROM architectures"), std::int64_t(3));
    QCOMPARE(RunReader::open(path).candidates(1).back().architectureJson, texts[1]);
}

void TestStoreSchema::upgradesVersion3FileUnchanged() {
    const std::string path = dbPath();
    const std::vector<core::Candidate> written = writeVersion3File(path);
    RawDatabase raw(path);
    QCOMPARE(raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'candidates_by_hash'"), std::int64_t(1));
    { RunStore::open(path); }
    QCOMPARE(raw.integer("PRAGMA user_version"), std::int64_t(latestSchemaVersion()));
    QCOMPARE(raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'candidates_by_hash'"), std::int64_t(0));

    {
        RunReader reader = RunReader::open(path);
        const std::vector<core::Candidate> back = reader.candidates(1);
        QCOMPARE(back.size(), written.size());
        for (std::size_t i = 0; i < back.size(); ++i) {
            QCOMPARE(back[i].architectureJson, written[i].architectureJson);
            QVERIFY(back[i] == written[i]);
        }
        // Without the index the lookup walks the run, and still finds the earliest.
        QCOMPARE(reader.findCandidateByHash(1, written[0].hash)->id, std::int64_t(1));
        QVERIFY(!reader.findCandidateByHash(1, "0000000000000000"));
        QCOMPARE(reader.lastGeneration(1)->frontCandidateIds, (std::vector<std::int64_t>{1, 2}));
        reader.verifyIntegrity();
    }

    // The upgraded file takes candidates stored by genome next to the old ones.
    const auto codec = std::make_shared<ToyCodec>();
    RunStore store = RunStore::open(path, codec);
    const std::int64_t toy = store.createRun(RunRecord{.method = "nsga2", .configJson = kToyConfig});
    store.addCandidates(toy, {toyCandidate(8)});
    QCOMPARE(raw.integer("SELECT count(*) FROM candidates WHERE architecture_id IS NULL"), std::int64_t(1));
    RunReader reader = RunReader::open(path, codec);
    QCOMPARE(reader.candidates(toy).front().architectureJson, toyCandidate(8).architectureJson);
    QCOMPARE(reader.candidates(1).size(), written.size());
}

void TestStoreSchema::architecturesAreStoredOncePerExactText() {
    const std::string path = dbPath();
    RunStore store = RunStore::open(path);
    const std::int64_t a = store.createRun(RunRecord{.method = "nsga2"});
    const std::int64_t b = store.createRun(RunRecord{.method = "nsga2"});
    std::vector<core::Candidate> batch = makeCandidates(3, 0);
    batch[1].hash = batch[0].hash;  // same network, other text (labels): kept apart
    store.commitGeneration(a, GenerationRecord{}, batch);
    store.addCandidates(b, {batch[0], batch[2]});  // the same texts in another run: shared
    store.addCandidates(b, {batch[1]});
    RawDatabase raw(path);
    QCOMPARE(raw.integer("SELECT count(*) FROM architectures"), std::int64_t(3));
    QCOMPARE(raw.integer("SELECT count(*) FROM candidates"), std::int64_t(6));

    RunReader reader = RunReader::open(path);
    const std::vector<core::Candidate> inB = reader.candidates(b);
    QCOMPARE(inB.size(), std::size_t(3));
    QCOMPARE(inB[0].architectureJson, batch[0].architectureJson);
    QCOMPARE(inB[1].architectureJson, batch[2].architectureJson);
    QCOMPARE(inB[2].architectureJson, batch[1].architectureJson);
    QVERIFY(batch[0].architectureJson != batch[1].architectureJson);
}

void TestStoreSchema::deletingARunSweepsOnlyItsOwnArchitectures() {
    const std::string path = dbPath();
    RunStore store = RunStore::open(path);
    const std::int64_t a = store.createRun(RunRecord{.method = "nsga2"});
    const std::int64_t b = store.createRun(RunRecord{.method = "nsga2"});
    const std::vector<core::Candidate> batch = makeCandidates(4, 0);
    store.commitGeneration(a, GenerationRecord{}, batch);
    store.commitGeneration(b, GenerationRecord{}, {batch[1], batch[3]});
    RawDatabase raw(path);
    QCOMPARE(raw.integer("SELECT count(*) FROM architectures"), std::int64_t(4));
    QVERIFY(store.deleteRun(a));
    QCOMPARE(raw.integer("SELECT count(*) FROM architectures"), std::int64_t(2));
    const std::vector<core::Candidate> left = RunReader::open(path).candidates(b);
    QCOMPARE(left.size(), std::size_t(2));
    QCOMPARE(left[0].architectureJson, batch[1].architectureJson);
    QCOMPARE(left[1].architectureJson, batch[3].architectureJson);
    QVERIFY(store.deleteRun(b));
    QCOMPARE(raw.integer("SELECT count(*) FROM architectures"), std::int64_t(0));
}

void TestStoreSchema::newerVersionIsRefusedUntouched_data() {
    QTest::addColumn<bool>("asWriter");
    QTest::addColumn<bool>("walMode");
    QTest::addColumn<int>("version");
    const int next = latestSchemaVersion() + 1;
    QTest::newRow("writer, WAL, next version") << true << true << next;
    QTest::newRow("writer, rollback journal, version 99") << true << false << 99;
    QTest::newRow("reader, WAL, next version") << false << true << next;
    QTest::newRow("reader, rollback journal, version 99") << false << false << 99;
}

void TestStoreSchema::newerVersionIsRefusedUntouched() {
    QFETCH(bool, asWriter);
    QFETCH(bool, walMode);
    QFETCH(int, version);
    const std::string path = dbPath();
    {
        RunStore store = RunStore::open(path);
        store.commitGeneration(store.createRun(RunRecord{.method = "nsga2"}), GenerationRecord{},
                               makeCandidates(10, 0));
    }
    {
        // A future EdgeNAS: a table this one does not know, and a higher version.
        RawDatabase raw(path);
        if (!walMode)
            raw.exec("PRAGMA journal_mode = DELETE");
        raw.exec("BEGIN; CREATE TABLE future (x); PRAGMA user_version = " + std::to_string(version) + "; COMMIT");
    }
    const FileImage before = imageOf(path);
    const std::string message = messageOf<core::InputError>([&] {
        if (asWriter)
            RunStore::open(path);
        else
            RunReader::open(path);
    });
    QVERIFY2(message.find(path + " was written by a newer EdgeNAS") == 0, message.c_str());
    QVERIFY2(message.find("schema version " + std::to_string(version)) != std::string::npos, message.c_str());
    QVERIFY2(message.find("reads up to " + std::to_string(latestSchemaVersion())) != std::string::npos,
             message.c_str());
    QVERIFY(imageOf(path) == before);
    QCOMPARE(RawDatabase(path).integer("PRAGMA user_version"), std::int64_t(version));
}

void TestStoreSchema::foreignApplicationIdIsRefused() {
    const std::string path = dbPath();
    RawDatabase(path).exec("PRAGMA application_id = 1234; PRAGMA user_version = 1");
    const FileImage before = imageOf(path);
    const std::string message = messageOf<core::InputError>([&] { RunStore::open(path); });
    QVERIFY2(message.find(path + " is not an EdgeNAS run database") == 0, message.c_str());
    QVERIFY(imageOf(path) == before);
}

QTEST_APPLESS_MAIN(TestStoreSchema)
#include "test_store_schema.moc"
