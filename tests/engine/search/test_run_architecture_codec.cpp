#include "search/run_architecture_codec.h"
#include "search/run_config.h"
#include "search/run_database.h"
#include "search/run_space.h"

#include "core/canonical_form.h"
#include "core/errors.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace edgenas;

Q_DECLARE_METATYPE(edgenas::search::RunConfig)

// The search's codec: candidates of a run's space are stored by genome and read back exactly as
// the search made them.
class TestRunArchitectureCodec : public QObject {
    Q_OBJECT
private slots:
    void roundTripThroughTheStore_data();
    void roundTripThroughTheStore();
    void unknownSpacesAndGenomesAreNotGuessed();
    void networksOfOtherOptionsKeepTheirJson();

private:
    // Candidates as SearchContext::evaluate makes them.
    static std::vector<core::Candidate> searchCandidates(const search::RunConfig& config, int count) {
        const auto space = search::makeRunSpace(config);
        spaces::Rng rng(config.seed);
        std::vector<core::Candidate> out;
        for (int i = 0; i < count; ++i) {
            const spaces::Genome genome = space->sample(rng);
            const core::Architecture arch = space->decode(genome);
            core::Candidate c;
            c.hash = core::canonicalHash(arch);
            c.genome = spaces::genomeToIntList(genome);
            c.architectureJson = search::candidateArchitectureJson(arch);
            c.metrics = {{.name = "accuracy", .value = 0.5 + i * 0.01, .provenance = core::Provenance::Trained}};
            out.push_back(std::move(c));
        }
        return out;
    }
};

void TestRunArchitectureCodec::roundTripThroughTheStore_data() {
    QTest::addColumn<search::RunConfig>("config");
    QTest::newRow("nb201, C = 8, N = 1") << search::RunConfig{.space = "nb201", .spaceChannels = 8, .spaceCells = 1};
    QTest::newRow("nb201, benchmark size, CIFAR-10")
        << search::RunConfig{.space = "nb201", .spaceChannels = 16, .spaceCells = 5, .dataset = "cifar10"};
    QTest::newRow("mobilenet") << search::RunConfig{.space = "mobilenet"};
    QTest::newRow("mobilenet, width 0.5, seed 9") << search::RunConfig{.space = "mobilenet", .spaceWidth = 0.5,
                                                                        .seed = 9};
    QTest::newRow("dag, C = 4, 6 nodes, 2 stages")
        << search::RunConfig{.space = "dag", .spaceChannels = 4, .spaceNodes = 6, .spaceStages = 2};
    QTest::newRow("dag, defaults") << search::RunConfig{.space = "dag"};
}

void TestRunArchitectureCodec::roundTripThroughTheStore() {
    QFETCH(search::RunConfig, config);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("runs.edgenas").toStdString();
    const std::vector<core::Candidate> written = searchCandidates(config, 12);
    std::int64_t run = 0;
    {
        store::RunStore store = search::openRunStore(path);
        run = store.createRun(store::RunRecord{.method = config.method, .configJson = search::toJson(config)});
        store.commitGeneration(run, store::GenerationRecord{}, written);
    }
    // Stored by genome: a reader without the codec cannot rebuild them.
    QVERIFY_THROWS_EXCEPTION(core::InputError, store::RunReader::open(path).candidates(run));

    std::vector<core::Candidate> back = search::openRunReader(path).candidates(run);
    QCOMPARE(back.size(), written.size());
    for (std::size_t i = 0; i < back.size(); ++i) {
        back[i].id = -1;
        QCOMPARE(back[i].architectureJson, written[i].architectureJson);
        QVERIFY(back[i] == written[i]);
    }
}

void TestRunArchitectureCodec::unknownSpacesAndGenomesAreNotGuessed() {
    const search::RunArchitectureCodec codec;
    const std::string nb201 = search::toJson(search::RunConfig{.space = "nb201", .spaceChannels = 8, .spaceCells = 1});
    QVERIFY(codec.architectureJson(nb201, "0,1,2,3,4,0"));
    QVERIFY(!codec.architectureJson(nb201, "0,1,2"));          // too short
    QVERIFY(!codec.architectureJson(nb201, "0,1,2,3,4,9"));    // out of range
    QVERIFY(!codec.architectureJson(nb201, ""));
    QVERIFY(!codec.architectureJson(R"({"space":{"name":"gram"}})", "0,1"));
    QVERIFY(!codec.architectureJson("not json", "0,1"));
    QVERIFY(codec.architectureJson("{}", "0,1,2,3,4,0"));  // every key defaulted: nb201 on Fashion-MNIST
}

void TestRunArchitectureCodec::networksOfOtherOptionsKeepTheirJson() {
    // A run whose stored config does not describe its networks (here: another width) must not
    // be stored by genome, or it would read back as other networks.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("runs.edgenas").toStdString();
    const std::vector<core::Candidate> written = searchCandidates(search::RunConfig{.space = "mobilenet"}, 3);
    const search::RunConfig stated{.space = "mobilenet", .spaceWidth = 0.5};
    std::int64_t run = 0;
    {
        store::RunStore store = search::openRunStore(path);
        run = store.createRun(store::RunRecord{.method = "nsga2", .configJson = search::toJson(stated)});
        store.addCandidates(run, written);
    }
    const std::vector<core::Candidate> back = store::RunReader::open(path).candidates(run);  // JSON kept
    QCOMPARE(back.size(), written.size());
    QCOMPARE(back[2].architectureJson, written[2].architectureJson);
}

QTEST_APPLESS_MAIN(TestRunArchitectureCodec)
#include "test_run_architecture_codec.moc"
