#include "fake_evaluators.h"
#include "stop_at_generation.h"

#include "search/named_run.h"
#include "search/run_database.h"
#include "store/run_reader.h"

#include <QtTest/QtTest>

#include <filesystem>

using namespace edgenas;
using search::NamedRunMode;

namespace {

search::RunConfig smallConfig() {
    search::RunConfig c;
    c.method = "random";
    c.spaceChannels = 4;
    c.spaceCells = 1;
    c.objectives = {"accuracy", "params"};
    c.evaluations = 15;
    c.population = 5;
    c.threads = 1;
    return c;
}

std::size_t runCount(const std::string& db) { return search::openRunReader(db).listRuns().size(); }

} // namespace

// The step every experiment command repeats per run: reuse a finished run of the name, resume
// an unfinished one, start it only when there is none.
class TestNamedRun : public QObject {
    Q_OBJECT

private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void startsResumesThenReuses() {
        const std::string db = m_dir.filePath("named.db").toStdString();
        auto evaluators = std::make_shared<search::test::FakeEvaluators>();
        search::SearchObserver quiet;

        search::SearchControl stopping;
        search::test::StopAtGeneration stopAtOne(stopping, 1);
        const search::NamedRun stopped = search::runOrResumeNamed(db, "experiment a", smallConfig(),
                                                                  NamedRunMode::RunOrResume, stopping, stopAtOne, evaluators);
        QCOMPARE(stopped.status, std::string("interrupted"));
        QVERIFY(!stopped.reused);
        const int evaluatedBefore = evaluators->accuracy.calls;
        QVERIFY(evaluatedBefore > 0 && evaluatedBefore < 15);

        // ReuseOnly leaves the unfinished run alone.
        search::SearchControl control;
        const search::NamedRun notYet =
            search::runOrResumeNamed(db, "experiment a", smallConfig(), NamedRunMode::ReuseOnly, control, quiet, evaluators);
        QCOMPARE(notYet.runId, std::int64_t(-1));
        QCOMPARE(evaluators->accuracy.calls, evaluatedBefore);

        const search::NamedRun resumed = search::runOrResumeNamed(db, "experiment a", smallConfig(),
                                                                  NamedRunMode::RunOrResume, control, quiet, evaluators);
        QCOMPARE(resumed.runId, stopped.runId);
        QCOMPARE(resumed.status, std::string("finished"));
        QVERIFY(!resumed.reused);
        QCOMPARE(evaluators->accuracy.calls, 15);  // only what the first part had not evaluated
        QCOMPARE(runCount(db), std::size_t(1));

        for (NamedRunMode mode : {NamedRunMode::RunOrResume, NamedRunMode::ReuseOnly}) {
            const search::NamedRun reused =
                search::runOrResumeNamed(db, "experiment a", smallConfig(), mode, control, quiet, evaluators);
            QCOMPARE(reused.runId, stopped.runId);
            QCOMPARE(reused.status, std::string("finished"));
            QVERIFY(reused.reused);
        }
        QCOMPARE(evaluators->accuracy.calls, 15);

        // Another name is another run.
        const search::NamedRun other = search::runOrResumeNamed(db, "experiment b", smallConfig(),
                                                                NamedRunMode::RunOrResume, control, quiet, evaluators);
        QVERIFY(other.runId != stopped.runId);
        QCOMPARE(runCount(db), std::size_t(2));
        QCOMPARE(search::openRunReader(db).run(other.runId)->name, std::string("experiment b"));
    }

    // An experiment's report over a database not made yet must not make one.
    void reuseOnlyLeavesNoFileBehind() {
        const std::string db = m_dir.filePath("none.db").toStdString();
        search::SearchControl control;
        search::SearchObserver quiet;
        const search::NamedRun none =
            search::runOrResumeNamed(db, "experiment a", smallConfig(), NamedRunMode::ReuseOnly, control, quiet);
        QCOMPARE(none.runId, std::int64_t(-1));
        QVERIFY(none.status.empty());
        QVERIFY(!std::filesystem::exists(db));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestNamedRun)
#include "test_named_run.moc"
