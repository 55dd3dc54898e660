#include "core/errors.h"
#include "store/run_reader.h"
#include "store/run_store.h"
#include "store/store_error.h"
#include "store_test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <thread>  // std::jthread

using namespace edgenas;
using namespace edgenas::store;
using namespace store_test;

Q_DECLARE_METATYPE(edgenas::core::Candidate)
Q_DECLARE_METATYPE(edgenas::store::RunRecord)
Q_DECLARE_METATYPE(std::string)

class TestRunStore : public QObject {
    Q_OBJECT
private slots:
    void init();

    void runRoundTrip_data();
    void runRoundTrip();
    void createRunFillsStartAndHost();
    void candidateRoundTrip_data();
    void candidateRoundTrip();
    void nanMetricSurvivesAndIsNotCounted();
    void addMetricsAppendsAndUpdatesTheSummary();
    void addMetricsToUnknownCandidateIsRefused();
    void generationRoundTripResolvesNewCandidateRefs();
    void parentsMayReferToEarlierCandidatesOfTheSameCall();
    void settingsLevelLinksAndRecordsRoundTrip();
    void eventsRoundTrip_data();
    void eventsRoundTrip();
    void artefactsRoundTrip();

    void generationIsAllOrNothingForConcurrentReaders();
    void failedCommitLeavesNothingBehind();
    void duplicateGenerationIsRefused();
    void unknownRunIsRefused();

    void setRunStatus_data();
    void setRunStatus();
    void renameAndAnnotate();
    void deleteRunCascades();
    void fullDiskKeepsEarlierGenerations();

private:
    std::string dbPath() const { return (m_dir->path() + "/runs.edgenas").toStdString(); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestRunStore::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestRunStore::runRoundTrip_data() {
    QTest::addColumn<RunRecord>("record");
    QTest::newRow("typical") << RunRecord{.name = "first try",
                                          .method = "nsga2",
                                          .configJson = R"({"population":12})",
                                          .seed = 42,
                                          .status = "running",
                                          .startedAt = "2024-05-01T10:00:00.000Z",
                                          .host = "jetson",
                                          .versionsJson = R"({"torch":"2.3.0"})",
                                          .notes = ""};
    QTest::newRow("finished, largest seed, unicode") << RunRecord{.name = "Läufe über Nacht ✓",
                                                                  .method = "evrsnas",
                                                                  .seed = std::numeric_limits<std::uint64_t>::max(),
                                                                  .status = "finished",
                                                                  .startedAt = "2024-05-01T10:00:00.000Z",
                                                                  .endedAt = "2024-05-02T03:04:05.678Z",
                                                                  .host = "pi5",
                                                                  .notes = "line 1\nline 2 'quoted' \"double\""};
    QTest::newRow("failed, empty texts") << RunRecord{.method = "gos",
                                                      .configJson = "",
                                                      .status = "failed",
                                                      .startedAt = "2024-01-01T00:00:00.000Z",
                                                      .host = "h",
                                                      .versionsJson = ""};
}

void TestRunStore::runRoundTrip() {
    QFETCH(RunRecord, record);
    RunStore store = RunStore::open(dbPath());
    const std::int64_t id = store.createRun(record);
    QVERIFY(id > 0);
    record.id = id;
    const std::optional<RunRecord> back = RunReader::open(dbPath()).run(id);
    QVERIFY(back);
    QCOMPARE(QString::fromStdString(back->name), QString::fromStdString(record.name));
    QCOMPARE(back->seed, record.seed);
    QVERIFY(*back == record);
}

void TestRunStore::createRunFillsStartAndHost() {
    RunStore store = RunStore::open(dbPath());
    const std::int64_t id = store.createRun(RunRecord{.method = "nsga2"});
    const RunRecord back = *RunReader::open(dbPath()).run(id);
    QCOMPARE(back.startedAt.size(), std::size_t(24));  // 2024-05-01T12:34:56.789Z
    QCOMPARE(back.startedAt.back(), 'Z');
    QCOMPARE(QString::fromStdString(back.host), QString::fromStdString(localHostName()));
    QVERIFY(back.endedAt.empty());
    QCOMPARE(QString::fromStdString(messageOf<core::InputError>([&] {
                 store.createRun(RunRecord{.method = "nsga2", .status = "done"});
             })).contains("unknown run status 'done'"),
             true);
}

void TestRunStore::candidateRoundTrip_data() {
    QTest::addColumn<core::Candidate>("candidate");
    QTest::newRow("four metrics") << makeCandidate(3, 1);
    core::Candidate bare = makeCandidate(4, 0);
    bare.metrics.clear();
    bare.genome.clear();
    bare.status = "pending";
    QTest::newRow("no metrics, no genome") << bare;
    core::Candidate odd = makeCandidate(5, 2, 3000);
    odd.hash = "ffff0000ffff0000";
    odd.architectureJson += " \"ünïcödé\" \n\t";
    odd.metrics.push_back({.name = "latency_ms", .value = std::numeric_limits<double>::infinity(), .unit = "ms",
                           .provenance = core::Provenance::Predicted});
    odd.metrics.push_back({.name = "rmi", .value = -0.0, .unit = "", .provenance = core::Provenance::Proxy});
    odd.metrics.push_back({.name = "t", .value = 1e-300, .unit = "s", .provenance = core::Provenance::Table});
    QTest::newRow("repeated name, infinity, every provenance") << odd;
    core::Candidate injected = makeCandidate(6, 3);
    injected.status = "injected";
    injected.parents = {1, 2};
    QTest::newRow("with parents") << injected;
}

void TestRunStore::candidateRoundTrip() {
    QFETCH(core::Candidate, candidate);
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.method = "nsga2"});
    const std::vector<core::Candidate> parents = makeCandidates(2, 0, 100);
    store.addCandidates(run, parents);  // ids 1 and 2, referred to by the "with parents" row
    const std::vector<std::int64_t> ids = store.commitGeneration(run, GenerationRecord{.generation = 0}, {candidate});
    QCOMPARE(ids.size(), std::size_t(1));
    candidate.id = ids.front();

    const std::vector<core::Candidate> back = RunReader::open(dbPath()).candidates(run, 2);
    QCOMPARE(back.size(), std::size_t(1));
    QCOMPARE(back.front().metrics.size(), candidate.metrics.size());
    QCOMPARE(QString::fromStdString(back.front().architectureJson), QString::fromStdString(candidate.architectureJson));
    QVERIFY(back.front() == candidate);
}

void TestRunStore::nanMetricSurvivesAndIsNotCounted() {
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.method = "nsga2"});
    core::Candidate failed = makeCandidate(0);
    failed.status = "failed";
    failed.metrics[0].value = std::numeric_limits<double>::quiet_NaN();
    store.addCandidates(run, {failed, makeCandidate(1)});
    RunReader reader = RunReader::open(dbPath());
    QVERIFY(std::isnan(reader.candidates(run).front().metrics[0].value));
    const RunSummary summary = reader.listRuns().front();
    QCOMPARE(summary.metrics.at("accuracy").count, std::int64_t(1));
    QCOMPARE(summary.metrics.at("accuracy").min, makeCandidate(1).metrics[0].value);
    QCOMPARE(summary.metrics.at("latency_ms").count, std::int64_t(2));
}

void TestRunStore::addMetricsAppendsAndUpdatesTheSummary() {
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.method = "evrsnas"});
    const std::vector<std::int64_t> ids = store.addCandidates(run, {makeCandidate(1), makeCandidate(2)});
    // Final training beside the proxy score: a new name and a second value of an existing one.
    const std::vector<core::Metric> trained{
        {.name = "final_accuracy", .value = 0.93, .unit = "", .provenance = core::Provenance::Trained},
        {.name = "accuracy", .value = 0.99, .unit = "", .provenance = core::Provenance::Trained},
    };
    store.addMetrics(ids[1], trained);
    store.addMetrics(ids[1], {});  // nothing to add: no change

    RunReader reader = RunReader::open(dbPath());
    const std::vector<core::Candidate> back = reader.candidates(run);
    QCOMPARE(back[0].metrics, makeCandidate(1).metrics);
    std::vector<core::Metric> expected = makeCandidate(2).metrics;
    expected.insert(expected.end(), trained.begin(), trained.end());
    QCOMPARE(back[1].metrics, expected);  // in order, after the ones it had
    const RunSummary summary = reader.listRuns().front();
    QCOMPARE(summary.metrics.at("final_accuracy").count, std::int64_t(1));
    QCOMPARE(summary.metrics.at("final_accuracy").max, 0.93);
    QCOMPARE(summary.metrics.at("accuracy").count, std::int64_t(3));
    QCOMPARE(summary.metrics.at("accuracy").max, 0.99);
    QCOMPARE(summary.metrics.at("accuracy").min, makeCandidate(1).metrics[0].value);
}

void TestRunStore::addMetricsToUnknownCandidateIsRefused() {
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.method = "evrsnas"});
    const std::int64_t id = store.addCandidates(run, {makeCandidate(1)}).front();
    const core::Metric metric{.name = "final_accuracy", .value = 0.9, .provenance = core::Provenance::Trained};
    try {
        store.addMetrics(id + 1, {metric});
        QFAIL("no exception");
    } catch (const StoreError& error) {
        QVERIFY(error.reason() == StoreError::Reason::NotFound);
        QCOMPARE(QString::fromUtf8(error.what()),
                 QString::fromStdString("candidate " + std::to_string(id + 1) + " does not exist in " + dbPath()));
    }
    RunReader reader = RunReader::open(dbPath());
    QCOMPARE(reader.candidates(run).front().metrics.size(), std::size_t(4));
    QVERIFY(!reader.listRuns().front().metrics.contains("final_accuracy"));
}

void TestRunStore::generationRoundTripResolvesNewCandidateRefs() {
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.method = "nsga2"});
    const std::vector<std::int64_t> first = store.commitGeneration(
        run, GenerationRecord{.generation = 0, .evaluations = 3, .hypervolume = 0.25}, makeCandidates(3, 0));

    GenerationRecord generation{.runId = run,
                                .generation = 1,
                                .evaluations = 6,
                                .hypervolume = 0.5,
                                .frontCandidateIds = {first[1], RunStore::newCandidateRef(0),
                                                      RunStore::newCandidateRef(2)},
                                .stateJson = R"({"population":[1,2,3],"rng":"0123456789abcdef"})",
                                .committedAt = "2024-05-01T10:00:00.000Z"};
    const std::vector<std::int64_t> second = store.commitGeneration(run, generation, makeCandidates(3, 1, 3));
    QCOMPARE(second.size(), std::size_t(3));
    QCOMPARE(second.front(), first.back() + 1);

    RunReader reader = RunReader::open(dbPath());
    const std::optional<GenerationRecord> last = reader.lastGeneration(run);
    QVERIFY(last);
    GenerationRecord expected = generation;
    expected.frontCandidateIds = {first[1], second[0], second[2]};
    QCOMPARE(last->frontCandidateIds, expected.frontCandidateIds);
    QVERIFY(*last == expected);

    const std::vector<GenerationRecord> light = reader.generations(run);
    QCOMPARE(light.size(), std::size_t(2));
    QCOMPARE(light[0].generation, 0);
    QCOMPARE(light[0].hypervolume, 0.25);
    QVERIFY(light[1].stateJson.empty());  // state only on request
    QVERIFY(reader.generations(run, true)[1] == expected);
    QVERIFY(!reader.lastGeneration(run + 1));
}

// Schema 5: one network run two ways is two candidates; an inner candidate names its backbone
// (not a genetic parent); per-candidate tables and per-run method state come back as written.
void TestRunStore::settingsLevelLinksAndRecordsRoundTrip() {
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.method = "two-level"});
    std::vector<core::Candidate> batch = makeCandidates(3, 0);
    const std::string architectureHash = batch[0].hash;
    QCOMPARE(core::candidateIdentity(architectureHash, ""), architectureHash);  // old identities kept
    QCOMPARE(core::candidateIdentity(architectureHash, "{}"), architectureHash);
    batch[1] = batch[0];
    batch[1].settingsJson = R"({"exits":[2,4],"dvfs":"low"})";
    batch[1].hash = core::candidateIdentity(architectureHash, batch[1].settingsJson);
    batch[2] = batch[0];
    batch[2].settingsJson = R"({"dvfs":"low","exits":[2,4]})";  // same settings, other key order
    batch[2].hash = core::candidateIdentity(architectureHash, batch[2].settingsJson);
    QVERIFY(batch[1].hash != architectureHash);
    QCOMPARE(batch[2].hash, batch[1].hash);
    QCOMPARE(core::architectureHashOf(batch[1].hash), architectureHash);
    batch[2].settingsJson = R"({"exits":[3],"dvfs":"high"})";
    batch[2].hash = core::candidateIdentity(architectureHash, batch[2].settingsJson);
    batch[1].levelParent = RunStore::newCandidateRef(0);
    batch[2].levelParent = RunStore::newCandidateRef(0);
    batch[1].records = {{"test.layers/1", R"([{"layer":1,"macs":10}])"}, {"test.exits/1", R"({"n":2})"}};
    GenerationRecord generation{.generation = 0, .evaluations = 3};
    generation.records = {{"test.meta-graph/1", R"({"nodes":4})"}};
    const std::vector<std::int64_t> ids = store.commitGeneration(run, generation, batch);
    GenerationRecord next{.generation = 1, .evaluations = 3};
    next.records = {{"test.meta-graph/1", R"({"nodes":5})"}, {"test.note/1", "\"x\""}};
    store.commitGeneration(run, next, {});

    RunReader reader = RunReader::open(dbPath());
    const std::vector<core::Candidate> read = reader.candidates(run);
    QCOMPARE(read.size(), std::size_t(3));
    QVERIFY(!read[0].levelParent);
    QCOMPARE(*read[1].levelParent, ids[0]);
    QCOMPARE(*read[2].levelParent, ids[0]);
    QVERIFY(read[1].parents.empty());
    QCOMPARE(read[1].settingsJson, batch[1].settingsJson);
    QCOMPARE(read[1].records, batch[1].records);
    QVERIFY(read[2].records.empty());
    QCOMPARE(read[1].architectureJson, batch[0].architectureJson);  // the network is stored once
    QCOMPARE(reader.findCandidateByHash(run, batch[2].hash)->id, ids[2]);
    const std::vector<MethodStateRecord> state = reader.runRecords(run);
    QCOMPARE(state.size(), std::size_t(3));
    QCOMPARE(state[0].generation, 0);
    QCOMPARE(state[2].record.kind, std::string("test.note/1"));
    QCOMPARE(reader.runRecords(run, "test.meta-graph/1").back().record.json, std::string(R"({"nodes":5})"));
    QVERIFY_THROWS_EXCEPTION(core::InputError, core::candidateIdentity(architectureHash, "[1]"));
}

void TestRunStore::parentsMayReferToEarlierCandidatesOfTheSameCall() {
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.method = "nsga2"});
    std::vector<core::Candidate> batch = makeCandidates(3, 0);
    batch[2].parents = {RunStore::newCandidateRef(0), RunStore::newCandidateRef(1)};
    const std::vector<std::int64_t> ids = store.addCandidates(run, batch);
    QCOMPARE(RunReader::open(dbPath()).candidates(run)[2].parents, (std::vector<std::int64_t>{ids[0], ids[1]}));

    batch[0].parents = {RunStore::newCandidateRef(1)};  // a later one: not known yet
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, store.addCandidates(run, batch));
    QCOMPARE(RunReader::open(dbPath()).candidates(run).size(), std::size_t(3));
}

void TestRunStore::eventsRoundTrip_data() {
    QTest::addColumn<std::string>("kind");
    QTest::addColumn<std::string>("payload");
    QTest::newRow("log") << std::string("log") << std::string("{}");
    QTest::newRow("steer") << std::string("steer") << std::string(R"({"objective":"energy","weight":2})");
    QTest::newRow("status") << std::string("status") << std::string(R"({"status":"paused"})");
    QTest::newRow("error") << std::string("error") << std::string(R"({"candidate":7})");
}

void TestRunStore::eventsRoundTrip() {
    QFETCH(std::string, kind);
    QFETCH(std::string, payload);
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.method = "nsga2"});
    const std::int64_t other = store.createRun(RunRecord{.method = "nsga2"});
    const EventRecord first{.runId = run, .time = "2024-05-01T10:00:00.000Z", .kind = kind, .message = "first",
                            .payloadJson = payload};
    const std::int64_t firstId = store.logEvent(first);
    store.logEvent(EventRecord{.runId = other, .message = "elsewhere"});
    const std::int64_t secondId = store.logEvent(EventRecord{.runId = run, .kind = kind, .message = "second"});

    RunReader reader = RunReader::open(dbPath());
    const std::vector<EventRecord> all = reader.events(run);
    QCOMPARE(all.size(), std::size_t(2));
    EventRecord expected = first;
    expected.id = firstId;
    QVERIFY(all[0] == expected);
    QCOMPARE(all[1].id, secondId);
    QVERIFY(!all[1].time.empty());
    const std::vector<EventRecord> since = reader.events(run, firstId);
    QCOMPARE(since.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(since[0].message), QStringLiteral("second"));

    QVERIFY(QString::fromStdString(messageOf<core::InputError>([&] {
                store.logEvent(EventRecord{.runId = run, .kind = "shout"});
            })).contains("unknown event kind 'shout'"));
}

void TestRunStore::artefactsRoundTrip() {
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.method = "nsga2"});
    const std::int64_t other = store.createRun(RunRecord{.method = "nsga2"});
    const std::vector<std::int64_t> ids = store.addCandidates(run, makeCandidates(2, 0));
    const std::vector<std::int64_t> otherIds = store.addCandidates(other, makeCandidates(1, 0));

    ArtefactRecord model{.runId = run, .candidateId = ids[1], .kind = "torchscript", .path = "/tmp/model 1.pt",
                         .createdAt = "2024-05-01T10:00:00.000Z"};
    model.id = store.addArtefact(model);
    ArtefactRecord report{.runId = run, .kind = "report", .path = "report.html"};
    report.id = store.addArtefact(report);

    const std::vector<ArtefactRecord> back = RunReader::open(dbPath()).artefacts(run);
    QCOMPARE(back.size(), std::size_t(2));
    QVERIFY(back[0] == model);
    QVERIFY(!back[1].candidateId);
    QCOMPARE(QString::fromStdString(back[1].path), QStringLiteral("report.html"));
    QVERIFY(!back[1].createdAt.empty());

    // A candidate of another run is not this run's candidate.
    QCOMPARE(messageOf<StoreError>([&] {
                 store.addArtefact(ArtefactRecord{.runId = run, .candidateId = otherIds[0], .kind = "plot", .path = "p"});
             }).find("does not exist") != std::string::npos,
             true);
}

void TestRunStore::generationIsAllOrNothingForConcurrentReaders() {
    constexpr int kGenerations = 120;
    constexpr int kPerGeneration = 25;
    std::int64_t run = 0;
    {
        RunStore store = RunStore::open(dbPath());
        run = store.createRun(RunRecord{.method = "nsga2"});
    }
    std::atomic<bool> done{false};
    std::exception_ptr writerError;
    // The writer lives on its own thread with its own connection, as the engine's would.
    // jthread: joined even when a failed QCOMPARE returns early from this function.
    std::jthread writer([&] {
        try {
            RunStore store = RunStore::open(dbPath());
            for (int g = 0; g < kGenerations; ++g)
                store.commitGeneration(run, GenerationRecord{.generation = g, .evaluations = (g + 1) * kPerGeneration},
                                       makeCandidates(kPerGeneration, g, g * kPerGeneration));
        } catch (...) {
            writerError = std::current_exception();
        }
        done = true;
    });

    RunReader reader = RunReader::open(dbPath());
    int observations = 0;
    int partialStates = 0;  // states strictly between "nothing" and "everything"
    std::int64_t seen = 0;
    std::size_t incrementalTotal = 0;
    while (!done || observations == 0) {
        {
            const SqliteTransaction snapshot = reader.snapshot();
            const std::size_t candidates = reader.candidates(run).size();
            const std::size_t generations = reader.generations(run).size();
            QCOMPARE(candidates, generations * kPerGeneration);
            if (generations > 0 && generations < std::size_t(kGenerations))
                ++partialStates;
        }
        // Without a snapshot every call is still one committed state: whole generations only.
        const std::vector<core::Candidate> fresh = reader.candidates(run, seen);
        QCOMPARE(fresh.size() % kPerGeneration, std::size_t(0));
        for (const core::Candidate& candidate : fresh)
            QCOMPARE(candidate.metrics.size(), std::size_t(4));
        if (!fresh.empty())
            seen = fresh.back().id;
        incrementalTotal += fresh.size();
        ++observations;
    }
    writer.join();
    if (writerError)
        std::rethrow_exception(writerError);
    incrementalTotal += reader.candidates(run, seen).size();
    QCOMPARE(incrementalTotal, std::size_t(kGenerations * kPerGeneration));
    qInfo("%d observations, %d while the run was half written", observations, partialStates);
    QVERIFY(partialStates > 0);  // the reader really ran alongside the writer
}

void TestRunStore::failedCommitLeavesNothingBehind() {
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.method = "nsga2"});
    // The bad front reference is found after the candidates were inserted: all must be undone.
    const GenerationRecord bad{.generation = 0, .frontCandidateIds = {RunStore::newCandidateRef(9)}};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, store.commitGeneration(run, bad, makeCandidates(5, 0)));
    RunReader reader = RunReader::open(dbPath());
    QVERIFY(reader.candidates(run).empty());
    QVERIFY(reader.generations(run).empty());
    QVERIFY(reader.listRuns().front().metrics.empty());

    store.commitGeneration(run, GenerationRecord{.generation = 0}, makeCandidates(5, 0));
    QCOMPARE(reader.candidates(run).size(), std::size_t(5));
}

void TestRunStore::duplicateGenerationIsRefused() {
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.method = "nsga2"});
    store.commitGeneration(run, GenerationRecord{.generation = 4}, makeCandidates(2, 4));
    const std::string message = messageOf<StoreError>(
        [&] { store.commitGeneration(run, GenerationRecord{.generation = 4}, makeCandidates(2, 4)); });
    QVERIFY2(message.find("generation 4 of run 1 is already committed") != std::string::npos, message.c_str());
    QCOMPARE(RunReader::open(dbPath()).candidates(run).size(), std::size_t(2));
}

void TestRunStore::unknownRunIsRefused() {
    RunStore store = RunStore::open(dbPath());
    try {
        store.commitGeneration(77, GenerationRecord{.generation = 0}, makeCandidates(1, 0));
        QFAIL("no exception");
    } catch (const StoreError& error) {
        QCOMPARE(error.reason(), StoreError::Reason::NotFound);
        QVERIFY(std::string(error.what()).find("run 77 does not exist in " + dbPath()) != std::string::npos);
    }
    QVERIFY_THROWS_EXCEPTION(StoreError, store.logEvent(EventRecord{.runId = 77}));
    QVERIFY_THROWS_EXCEPTION(StoreError, store.addArtefact(ArtefactRecord{.runId = 77, .kind = "x", .path = "y"}));
    QVERIFY_THROWS_EXCEPTION(StoreError, store.setRunStatus(77, "finished"));
}

void TestRunStore::setRunStatus_data() {
    QTest::addColumn<std::string>("status");
    QTest::addColumn<std::string>("endedAt");
    QTest::addColumn<bool>("expectEnd");
    QTest::newRow("finished now") << std::string("finished") << std::string() << true;
    QTest::newRow("interrupted given") << std::string("interrupted") << std::string("2024-05-01T10:00:00.000Z") << true;
    QTest::newRow("failed now") << std::string("failed") << std::string() << true;
    QTest::newRow("paused") << std::string("paused") << std::string() << false;
    QTest::newRow("resumed") << std::string("running") << std::string() << false;
}

void TestRunStore::setRunStatus() {
    QFETCH(std::string, status);
    QFETCH(std::string, endedAt);
    QFETCH(bool, expectEnd);
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.method = "nsga2", .status = "interrupted",
                                                       .endedAt = "2020-01-01T00:00:00.000Z"});
    store.setRunStatus(run, status, endedAt);
    const RunRecord back = *RunReader::open(dbPath()).run(run);
    QCOMPARE(QString::fromStdString(back.status), QString::fromStdString(status));
    QCOMPARE(!back.endedAt.empty(), expectEnd);
    if (!endedAt.empty())
        QCOMPARE(QString::fromStdString(back.endedAt), QString::fromStdString(endedAt));
    QVERIFY_THROWS_EXCEPTION(core::InputError, store.setRunStatus(run, "Finished"));
}

void TestRunStore::renameAndAnnotate() {
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.name = "old", .method = "nsga2"});
    store.renameRun(run, "Latency sweep on the Pi");
    store.annotateRun(run, "batch 1; DVFS fixed at 1.5 GHz");
    const RunRecord back = *RunReader::open(dbPath()).run(run);
    QCOMPARE(QString::fromStdString(back.name), QStringLiteral("Latency sweep on the Pi"));
    QCOMPARE(QString::fromStdString(back.notes), QStringLiteral("batch 1; DVFS fixed at 1.5 GHz"));
    store.renameRun(run, "Latency sweep on the Pi");  // unchanged is not "missing"
    try {
        store.renameRun(run + 1, "x");
        QFAIL("no exception");
    } catch (const StoreError& error) {
        QCOMPARE(error.reason(), StoreError::Reason::NotFound);
    }
    QVERIFY_THROWS_EXCEPTION(StoreError, store.annotateRun(run + 1, "x"));
}

void TestRunStore::deleteRunCascades() {
    RunStore store = RunStore::open(dbPath());
    std::int64_t runs[2] = {};
    for (std::int64_t& run : runs) {
        run = store.createRun(RunRecord{.method = "nsga2"});
        const std::vector<std::int64_t> ids =
            store.commitGeneration(run, GenerationRecord{.generation = 0}, makeCandidates(10, 0));
        store.commitGeneration(run, GenerationRecord{.generation = 1}, makeCandidates(10, 1));
        store.logEvent(EventRecord{.runId = run, .message = "hello"});
        store.addArtefact(ArtefactRecord{.runId = run, .candidateId = ids[3], .kind = "torchscript", .path = "m.pt"});
    }
    QVERIFY(store.deleteRun(runs[0]));
    QVERIFY(!store.deleteRun(runs[0]));

    RawDatabase raw(dbPath());
    const std::string run0 = std::to_string(runs[0]);
    for (const char* table : {"candidates", "generations", "events", "artefacts", "run_metric_summary"})
        QCOMPARE(raw.integer(std::string("SELECT count(*) FROM ") + table + " WHERE run_id = " + run0), 0);
    QCOMPARE(raw.integer("SELECT count(*) FROM metrics"), 20 * 4);  // only the other run's

    RunReader reader = RunReader::open(dbPath());
    QCOMPARE(reader.listRuns().size(), std::size_t(1));
    QCOMPARE(reader.candidates(runs[1]).size(), std::size_t(20));
    QCOMPARE(reader.artefacts(runs[1]).size(), std::size_t(1));
    QVERIFY(!reader.run(runs[0]));
}

void TestRunStore::fullDiskKeepsEarlierGenerations() {
    RunStore store = RunStore::open(dbPath());
    const std::int64_t run = store.createRun(RunRecord{.method = "nsga2"});
    store.commitGeneration(run, GenerationRecord{.generation = 0, .stateJson = R"({"g":0})"}, makeCandidates(20, 0));
    store.commitGeneration(run, GenerationRecord{.generation = 1, .stateJson = R"({"g":1})"},
                           makeCandidates(20, 1, 20));

    store.limitSize(1);  // below the current size: no growth at all
    try {
        store.commitGeneration(run, GenerationRecord{.generation = 2}, makeCandidates(200, 2, 40));
        QFAIL("no exception");
    } catch (const StoreError& error) {
        QCOMPARE(error.reason(), StoreError::Reason::DiskFull);
        const std::string message = error.what();
        QVERIFY2(message.find(dbPath()) != std::string::npos && message.find("full") != std::string::npos,
                 message.c_str());
    }

    RunReader reader = RunReader::open(dbPath());
    QCOMPARE(reader.candidates(run).size(), std::size_t(40));
    QCOMPARE(reader.lastGeneration(run)->generation, 1);
    QCOMPARE(QString::fromStdString(reader.lastGeneration(run)->stateJson), QStringLiteral(R"({"g":1})"));
    reader.verifyIntegrity();

    // Space back: the same connection carries on where it stopped.
    store.limitSize(0);
    store.commitGeneration(run, GenerationRecord{.generation = 2}, makeCandidates(200, 2, 40));
    QCOMPARE(reader.candidates(run).size(), std::size_t(240));
    store.verifyIntegrity();
}

QTEST_APPLESS_MAIN(TestRunStore)
#include "test_run_store.moc"
