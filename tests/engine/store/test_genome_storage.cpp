#include "core/errors.h"
#include "store/run_reader.h"
#include "store/run_store.h"
#include "store_test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace edgenas;
using namespace edgenas::store;
using namespace store_test;

// Candidates stored by genome alone with an ArchitectureCodec, and everything that must keep
// that honest: the writer's check of the codec, the reader's check of the decoding, and the
// errors when a network cannot be rebuilt.
class TestGenomeStorage : public QObject {
    Q_OBJECT
private slots:
    void init();

    void genomeOnlyRoundTrip();
    void codecThatDoesNotReproduceTheTextKeepsJson();
    void runWithoutAKnownSpaceKeepsJson();
    void readingWithoutCodecNamesTheRun();
    void changedDecodingIsRefusedOnRead();
    void genomeTheCodecRejectsIsNamed();
    void largeReadsRebuildEveryCandidate();
    void writerChecksTheCodecOncePerRun();
    void reusedRunIdIsCheckedAgain();

private:
    std::string dbPath() const { return (m_dir->path() + "/runs.edgenas").toStdString(); }
    std::int64_t toyRun(RunStore& store) {
        return store.createRun(RunRecord{.method = "nsga2", .configJson = kToyConfig});
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestGenomeStorage::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestGenomeStorage::genomeOnlyRoundTrip() {
    const auto codec = std::make_shared<ToyCodec>();
    std::vector<core::Candidate> batch{toyCandidate(8), toyCandidate(16), toyCandidate(24)};
    batch[2].parents = {RunStore::newCandidateRef(0)};
    core::Candidate injected = makeCandidate(7);  // from JSON, no genome: its JSON is kept
    injected.genome.clear();
    injected.status = "injected";
    std::int64_t run = 0;
    {
        RunStore store = RunStore::open(dbPath(), codec);
        run = toyRun(store);
        const std::vector<std::int64_t> ids = store.commitGeneration(run, GenerationRecord{}, batch);
        batch[2].parents = {ids[0]};
        store.addCandidates(run, {injected});
    }
    RawDatabase raw(dbPath());
    QCOMPARE(raw.integer("SELECT count(*) FROM candidates WHERE architecture_id IS NULL"), std::int64_t(3));
    QCOMPARE(raw.integer("SELECT count(*) FROM architectures"), std::int64_t(1));

    const RunReader reader = RunReader::open(dbPath(), codec);
    std::vector<core::Candidate> back = reader.candidates(run);
    QCOMPARE(back.size(), std::size_t(4));
    batch.push_back(injected);
    for (std::size_t i = 0; i < back.size(); ++i) {
        QVERIFY(back[i].id > 0);
        back[i].id = -1;
        QCOMPARE(back[i].architectureJson, batch[i].architectureJson);
        QVERIFY(back[i] == batch[i]);
    }
    QCOMPARE(reader.findCandidateByHash(run, batch[1].hash)->architectureJson, batch[1].architectureJson);
}

void TestGenomeStorage::codecThatDoesNotReproduceTheTextKeepsJson() {
    // Same networks, other text: rebuilt candidates would not be what was written.
    const auto codec = std::make_shared<ToyCodec>(0, true);
    RunStore store = RunStore::open(dbPath(), codec);
    const std::int64_t run = toyRun(store);
    const std::vector<core::Candidate> batch{toyCandidate(8), toyCandidate(16)};
    store.commitGeneration(run, GenerationRecord{}, batch);
    QCOMPARE(RawDatabase(dbPath()).integer("SELECT count(*) FROM candidates WHERE architecture_id IS NULL"),
             std::int64_t(0));
    const std::vector<core::Candidate> back = RunReader::open(dbPath()).candidates(run);  // no codec needed
    QCOMPARE(back.size(), std::size_t(2));
    QCOMPARE(back[1].architectureJson, batch[1].architectureJson);
}

void TestGenomeStorage::runWithoutAKnownSpaceKeepsJson() {
    RunStore store = RunStore::open(dbPath(), std::make_shared<ToyCodec>());
    const std::int64_t run = store.createRun(RunRecord{.method = "nsga2", .configJson = R"({"space":"other"})"});
    store.addCandidates(run, {toyCandidate(8)});
    QCOMPARE(RunReader::open(dbPath()).candidates(run).front().architectureJson, toyCandidate(8).architectureJson);
}

void TestGenomeStorage::readingWithoutCodecNamesTheRun() {
    std::int64_t run = 0;
    {
        RunStore store = RunStore::open(dbPath(), std::make_shared<ToyCodec>());
        run = toyRun(store);
        store.commitGeneration(run, GenerationRecord{.evaluations = 1}, {toyCandidate(8)});
    }
    const RunReader reader = RunReader::open(dbPath());
    // Everything but the networks reads as before.
    QCOMPARE(reader.listRuns().front().candidateCount, std::int64_t(1));
    QCOMPARE(reader.generations(run).size(), std::size_t(1));
    const std::string message = messageOf<core::InputError>([&] { reader.candidates(run); });
    QVERIFY2(message.find("run " + std::to_string(run) + " in " + dbPath()) == 0, message.c_str());
    QVERIFY2(message.find("by its genome alone") != std::string::npos, message.c_str());
    QVERIFY2(message.find("without the architecture codec") != std::string::npos, message.c_str());
}

void TestGenomeStorage::changedDecodingIsRefusedOnRead() {
    std::int64_t run = 0;
    {
        RunStore store = RunStore::open(dbPath(), std::make_shared<ToyCodec>());
        run = toyRun(store);
        store.addCandidates(run, {toyCandidate(8), toyCandidate(16)});
    }
    const RunReader reader = RunReader::open(dbPath(), std::make_shared<ToyCodec>(4));  // widths moved by 4
    const std::string message = messageOf<core::InputError>([&] { reader.candidates(run); });
    QVERIFY2(message.find("decoding of its search space changed since the run was written") != std::string::npos,
             message.c_str());
    QVERIFY2(message.find("run " + std::to_string(run)) == 0, message.c_str());
}

void TestGenomeStorage::genomeTheCodecRejectsIsNamed() {
    std::int64_t run = 0;
    {
        RunStore store = RunStore::open(dbPath(), std::make_shared<ToyCodec>());
        run = toyRun(store);
        store.addCandidates(run, {toyCandidate(8)});
    }
    // A build whose codec knows no toy space.
    class NoSpaces : public ArchitectureCodec {
    public:
        std::optional<std::string> architectureJson(std::string_view, std::string_view) const override {
            return std::nullopt;
        }
    };
    const std::string message =
        messageOf<core::InputError>([&] { RunReader::open(dbPath(), std::make_shared<NoSpaces>()).candidates(run); });
    QVERIFY2(message.find("cannot be rebuilt from its genome '8'") != std::string::npos, message.c_str());
}

void TestGenomeStorage::largeReadsRebuildEveryCandidate() {
    // Enough networks that the reader rebuilds them on several threads (where there are cores).
    std::vector<core::Candidate> batch;
    for (int width = 1; width <= 600; ++width)
        batch.push_back(toyCandidate(width));
    std::int64_t run = 0;
    {
        RunStore store = RunStore::open(dbPath(), std::make_shared<ToyCodec>());
        run = toyRun(store);
        store.addCandidates(run, batch);
    }
    const std::vector<core::Candidate> back = RunReader::open(dbPath(), std::make_shared<ToyCodec>()).candidates(run);
    QCOMPARE(back.size(), batch.size());
    for (std::size_t i = 0; i < back.size(); ++i)
        QCOMPARE(back[i].architectureJson, batch[i].architectureJson);
    const std::vector<core::Candidate> later =
        RunReader::open(dbPath(), std::make_shared<ToyCodec>()).candidates(run, back[449].id);
    QCOMPARE(later.size(), std::size_t(150));
    QCOMPARE(later.front().architectureJson, batch[450].architectureJson);

    // One network that cannot be rebuilt, late in the run, is named whichever thread meets it.
    const auto failing = std::make_shared<ToyCodec>(0, false, "577");
    const std::string message =
        messageOf<core::InputError>([&] { RunReader::open(dbPath(), failing).candidates(run); });
    QVERIFY2(message.find("candidate " + std::to_string(back[576].id) + " cannot be rebuilt from its genome '577'") !=
                 std::string::npos,
             message.c_str());
}

void TestGenomeStorage::writerChecksTheCodecOncePerRun() {
    const auto codec = std::make_shared<ToyCodec>();
    RunStore store = RunStore::open(dbPath(), codec);
    const std::int64_t a = toyRun(store);
    const std::int64_t b = toyRun(store);
    store.commitGeneration(a, GenerationRecord{.generation = 0}, {toyCandidate(8), toyCandidate(9)});
    store.commitGeneration(a, GenerationRecord{.generation = 1}, {toyCandidate(10)});
    QCOMPARE(codec->calls, 1);
    store.addCandidates(b, {toyCandidate(8)});
    QCOMPARE(codec->calls, 2);
    QCOMPARE(RawDatabase(dbPath()).integer("SELECT count(*) FROM candidates WHERE architecture_id IS NULL"),
             std::int64_t(4));
}

void TestGenomeStorage::reusedRunIdIsCheckedAgain() {
    const auto codec = std::make_shared<ToyCodec>();
    RunStore store = RunStore::open(dbPath(), codec);
    const std::int64_t first = toyRun(store);
    store.addCandidates(first, {toyCandidate(8)});
    // Another program deletes the newest run and creates one with another config, which gets the
    // same id: this connection must not keep storing genomes for it.
    {
        RunStore other = RunStore::open(dbPath());
        QVERIFY(other.deleteRun(first));
        QCOMPARE(other.createRun(RunRecord{.method = "nsga2", .configJson = R"({"space":"other"})"}), first);
    }
    store.addCandidates(first, {toyCandidate(8)});
    QCOMPARE(RawDatabase(dbPath()).integer("SELECT count(*) FROM candidates WHERE architecture_id IS NULL"),
             std::int64_t(0));
    QCOMPARE(RunReader::open(dbPath()).candidates(first).size(), std::size_t(1));
}

QTEST_APPLESS_MAIN(TestGenomeStorage)
#include "test_genome_storage.moc"
