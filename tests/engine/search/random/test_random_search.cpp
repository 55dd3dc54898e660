#include "../fake_evaluators.h"
#include "../candidate_hashes.h"
#include "../stop_at_generation.h"

#include "core/errors.h"
#include "search/method_registry.h"
#include "search/search_runner.h"
#include "store/run_reader.h"
#include "search/run_database.h"

#include <QtTest/QtTest>

#include <set>

using namespace edgenas;
using search::test::hashesOf;

namespace {

search::RunConfig randomConfig(int evaluations) {
    search::RunConfig c;
    c.method = "random";
    c.space = "nb201";
    c.spaceChannels = 4;
    c.spaceCells = 1;
    c.objectives = {"accuracy", "params"};
    c.evaluations = evaluations;
    c.population = 5;
    c.seed = 11;
    c.threads = 1;
    return c;
}

} // namespace

class TestRandomSearch : public QObject {
    Q_OBJECT

private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void registeredWithPresets() {
        const search::MethodDescriptor& m = search::MethodRegistry::global().require("random");
        QVERIFY(m.preset("quick") && m.preset("paper"));
        QCOMPARE(m.presets.front().name, std::string("quick"));
        search::RunConfig c = randomConfig(10);
        search::applyMethodPreset(c, "paper");
        QCOMPARE(c.evaluations, 1000);
        QCOMPARE(c.preset, std::string("paper"));
        QVERIFY_THROWS_EXCEPTION(core::InputError, search::makeSearchMethod("random", R"({"duplicate_retries": 0})"));
    }

    // The whole budget goes to distinct networks, a population's worth per generation.
    void spendsTheBudgetOnDistinctNetworks() {
        const std::string db = m_dir.filePath("random.db").toStdString();
        search::SearchControl control;
        search::SearchObserver quiet;
        search::SearchRunner runner(db, control, quiet);
        auto evaluators = std::make_shared<search::test::FakeEvaluators>();
        runner.setEvaluatorProvider(evaluators);
        const search::RunResult result = runner.start(randomConfig(23));
        QCOMPARE(result.status, std::string("finished"));
        QCOMPARE(result.evaluations, 23);
        QCOMPARE(evaluators->accuracy.calls, 23);
        QCOMPARE(result.generations, 5);  // 5 + 5 + 5 + 5 + 3
        const auto stored = search::openRunReader(db).candidates(result.runId);
        const std::vector<std::string> hashes = hashesOf(stored);
        QCOMPARE(std::set<std::string>(hashes.begin(), hashes.end()).size(), hashes.size());
        QVERIFY(!result.front.empty());
    }

    // Stopped after generation 1 and resumed, the run draws exactly what an uninterrupted one does.
    void resumeDrawsWhatAnUninterruptedRunDraws() {
        const std::string whole = m_dir.filePath("whole.db").toStdString();
        const std::string split = m_dir.filePath("split.db").toStdString();
        search::SearchObserver quiet;
        search::SearchControl control;
        search::SearchRunner runner(whole, control, quiet);
        runner.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        const search::RunResult uninterrupted = runner.start(randomConfig(20));

        search::SearchControl stopping;
        search::test::StopAtGeneration stopAtOne(stopping, 1);
        search::SearchRunner first(split, stopping, stopAtOne);
        first.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        const search::RunResult stopped = first.start(randomConfig(20));
        QCOMPARE(stopped.status, std::string("interrupted"));
        QVERIFY(stopped.evaluations < 20);
        search::SearchControl fresh;
        search::SearchRunner again(split, fresh, quiet);
        again.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        const search::RunResult resumed = again.resume(stopped.runId);
        QCOMPARE(resumed.status, std::string("finished"));
        QCOMPARE(hashesOf(search::openRunReader(split).candidates(resumed.runId)),
                 hashesOf(search::openRunReader(whole).candidates(uninterrupted.runId)));
        QCOMPARE(hashesOf(resumed.front), hashesOf(uninterrupted.front));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestRandomSearch)
#include "test_random_search.moc"
