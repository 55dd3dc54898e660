#include "search/run_database.h"
#include "search/search_runner.h"
#include "store/run_reader.h"
#include "store/run_writer_lock.h"

#include <QtTest/QtTest>

#include <QProcess>

#include <csignal>
#include <string>
#include <sys/resource.h>

using namespace edgenas;

namespace {

// Deterministic and quick (no training, no data set): parameters counted, latency modelled for a
// Raspberry Pi 4, one thread; 15 generations, so a stop lands well inside the run. The same run
// as the crash loop's (crash_loop.py), shorter.
constexpr int kBudget = 300;
constexpr int kPopulation = 20;

search::RunConfig runConfig() {
    search::RunConfig c;
    c.method = "nsga2";
    c.space = "mobilenet";
    c.objectives = {"params", "latency"};
    c.device = "raspberry-pi-4";
    c.evaluations = kBudget;
    c.population = kPopulation;
    c.seed = 7;
    c.threads = 1;
    return c;
}

QStringList cliArguments(const QString& db) {
    return {"search", "--method", "nsga2", "--space", "mobilenet", "--objectives", "params,latency",
            "--device", "raspberry-pi-4", "--budget", QString::number(kBudget), "--population",
            QString::number(kPopulation), "--seed", "7", "--threads", "1", "--db", db};
}

class StatusObserver : public search::SearchObserver {
public:
    void runFinished(std::int64_t, const std::string& s) override { status = s; }
    std::string status;
};

search::RunResult runWhole(const std::string& db, const search::RunConfig& config = runConfig()) {
    search::SearchControl control;
    search::SearchObserver observer;
    search::SearchRunner runner(db, control, observer);
    return runner.start(config);
}

std::string joined(const std::vector<std::int64_t>& ids) {
    std::string text;
    for (std::int64_t id : ids)
        text += std::to_string(id) + ",";
    return text;
}

// The first `generations` generations of run 1 in `db`, and their candidates, equal the
// uninterrupted run's in `wholeDb` (everything but the commit times): nothing committed was lost
// or changed, and nothing of a later generation was left behind. With `generations` < 0, the
// whole run must be equal, its status "finished".
void compareWithWhole(const std::string& db, const std::string& wholeDb, int generations) {
    const store::RunReader reader = search::openRunReader(db);
    const store::RunReader whole = search::openRunReader(wholeDb);
    const auto got = reader.generations(1, true);
    const auto want = whole.generations(1, true);
    const std::size_t count = generations < 0 ? want.size() : static_cast<std::size_t>(generations);
    QCOMPARE(got.size(), count);
    for (std::size_t g = 0; g < count; ++g) {
        QCOMPARE(got[g].generation, want[g].generation);
        QCOMPARE(got[g].evaluations, want[g].evaluations);
        QCOMPARE(got[g].hypervolume, want[g].hypervolume);
        QCOMPARE(joined(got[g].frontCandidateIds), joined(want[g].frontCandidateIds));
        QCOMPARE(got[g].stateJson, want[g].stateJson);
    }
    const auto gotCandidates = reader.candidates(1);
    const auto wantCandidates = whole.candidates(1);
    const std::size_t evaluated = count == 0 ? 0 : static_cast<std::size_t>(want[count - 1].evaluations);
    QCOMPARE(gotCandidates.size(), evaluated);
    for (std::size_t i = 0; i < evaluated; ++i) {
        QCOMPARE(gotCandidates[i].id, wantCandidates[i].id);
        QCOMPARE(gotCandidates[i].hash, wantCandidates[i].hash);
        QCOMPARE(gotCandidates[i].generation, wantCandidates[i].generation);
        QCOMPARE(gotCandidates[i].parents, wantCandidates[i].parents);
        QCOMPARE(gotCandidates[i].metrics.size(), wantCandidates[i].metrics.size());
        for (std::size_t m = 0; m < gotCandidates[i].metrics.size(); ++m) {
            QCOMPARE(gotCandidates[i].metrics[m].name, wantCandidates[i].metrics[m].name);
            QCOMPARE(gotCandidates[i].metrics[m].value, wantCandidates[i].metrics[m].value);
        }
    }
    if (generations < 0)
        QCOMPARE(reader.run(1)->status, std::string("finished"));
}

void requireIn(const std::string& text, const std::string& part) {
    QVERIFY2(text.find(part) != std::string::npos, ("'" + part + "' not in: " + text).c_str());
}

} // namespace

// The helpers' QCOMPARE/QVERIFY return from the helper only; this ends the test there too.
#define CHECKED(call)                                                                                \
    do {                                                                                             \
        call;                                                                                        \
        if (QTest::currentTestFailed())                                                              \
            return;                                                                                  \
    } while (false)

// Issue 14 point 7: a run whose database fills up or turns read-only stops with a message naming
// the file, the cause and what to do, keeps every committed generation (the one under way is
// rolled back), releases the writer lock, and once the trouble is gone resumes to exactly the
// run an uninterrupted search with the same seed makes. In-process through SearchRunner, and
// through the edgenas command (exit 1, the resume command on stderr).
class TestSearchDiskTrouble : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_wholeDb = m_dir.filePath("whole.db").toStdString();
        const search::RunResult result = runWhole(m_wholeDb);
        QCOMPARE(result.status, std::string("finished"));
        m_wholeGenerations = result.generations;
        QVERIFY(m_wholeGenerations >= 10);
    }

    void cleanup() { qunsetenv("EDGENAS_TEST_READ_ONLY_AT"); }

    // SQLite's max_page_count (RunStore::limitSize): the same failure a full disk gives.
    void fullDatabaseStopsTheRunAndResumeFinishesIt() {
        // The cap: halfway between the size after generation 0 and the whole run's size, so the
        // run must stop in the middle, whichever generation first needs a new page.
        const std::string firstDb = m_dir.filePath("first.db").toStdString();
        search::RunConfig first = runConfig();
        first.evaluations = kPopulation;
        QCOMPARE(runWhole(firstDb, first).generations, 1);
        const qint64 firstSize = QFileInfo(QString::fromStdString(firstDb)).size();
        const qint64 wholeSize = QFileInfo(QString::fromStdString(m_wholeDb)).size();
        QVERIFY2(wholeSize - firstSize >= 4 * 16384, "the whole run adds too few pages to stop it halfway");

        const std::string db = m_dir.filePath("full.db").toStdString();
        search::SearchControl control;
        StatusObserver observer;
        search::SearchRunner runner(db, control, observer);
        runner.limitDatabaseSize((firstSize + wholeSize) / 2);
        int kept = -1;
        try {
            runner.start(runConfig());
            QFAIL("the run finished although its database was full");
        } catch (const search::RunStoppedError& e) {
            QCOMPARE(e.reason(), store::StoreError::Reason::DiskFull);
            QCOMPARE(e.runId(), std::int64_t(1));
            kept = e.committedGenerations();
            const std::string message = e.what();
            CHECKED(requireIn(message, "run 1 stopped: cannot write to " + db));
            CHECKED(requireIn(message, "the disk is full or the database reached its size limit"));
            CHECKED(requireIn(message, "Its generations 0 to " + std::to_string(kept - 1) + " are kept"));
            CHECKED(requireIn(message, "free some space (or raise the size limit), then resume the run"));
        } catch (const std::exception& e) {
            QFAIL((std::string("not a RunStoppedError: ") + e.what()).c_str());
        }
        QVERIFY2(kept >= 1 && kept < m_wholeGenerations, std::to_string(kept).c_str());
        qInfo("capped at %lld bytes: stopped with %d of %d generations committed", (firstSize + wholeSize) / 2, kept,
              m_wholeGenerations);
        QCOMPARE(observer.status, std::string("interrupted"));
        CHECKED(compareWithWhole(db, m_wholeDb, kept));
        {
            const store::RunReader reader = search::openRunReader(db);
            // A status update still fitted in the full file: the run shows as resumable.
            QCOMPARE(reader.run(1)->status, std::string("interrupted"));
            reader.verifyIntegrity();
        }
        QVERIFY(!store::RunWriterLock::liveWriter(db, 1));

        // Space back (a new process has no cap): the resume finishes the run as if never stopped.
        search::SearchControl again;
        search::SearchObserver quiet;
        const search::RunResult resumed = search::SearchRunner(db, again, quiet).resume(1);
        QCOMPARE(resumed.status, std::string("finished"));
        CHECKED(compareWithWhole(db, m_wholeDb, -1));
    }

    // The file turns read-only while a generation is half written (the store's test hook): its
    // rows are rolled back, nothing can be recorded, the message says what to do.
    void readOnlyDatabaseStopsTheRunAndResumeFinishesIt() {
        const std::string db = m_dir.filePath("read-only.db").toStdString();
        qputenv("EDGENAS_TEST_READ_ONLY_AT", "4");
        search::SearchControl control;
        StatusObserver observer;
        search::SearchRunner runner(db, control, observer);
        try {
            runner.start(runConfig());
            QFAIL("the run finished although its database was read-only");
        } catch (const search::RunStoppedError& e) {
            QCOMPARE(e.reason(), store::StoreError::Reason::ReadOnly);
            QCOMPARE(e.committedGenerations(), 4);
            const std::string message = e.what();
            CHECKED(requireIn(message, "run 1 stopped: cannot write to " + db + ": the database is read-only"));
            CHECKED(requireIn(message, "Its generations 0 to 3 are kept"));
            CHECKED(requireIn(message,
                              "make the file, its folder and its file system writable again, then resume the run"));
        } catch (const std::exception& e) {
            QFAIL((std::string("not a RunStoppedError: ") + e.what()).c_str());
        }
        qunsetenv("EDGENAS_TEST_READ_ONLY_AT");
        QCOMPARE(observer.status, std::string("interrupted"));
        CHECKED(compareWithWhole(db, m_wholeDb, 4));  // generation 4's candidates, written before the refusal, are gone
        {
            const store::RunReader reader = search::openRunReader(db);
            // Nothing could be written, the status included; a resume accepts a "running" run
            // whose writer is gone.
            QCOMPARE(reader.run(1)->status, std::string("running"));
            reader.verifyIntegrity();
        }
        QVERIFY(!store::RunWriterLock::liveWriter(db, 1));

        search::SearchControl again;
        search::SearchObserver quiet;
        QCOMPARE(search::SearchRunner(db, again, quiet).resume(1).status, std::string("finished"));
        CHECKED(compareWithWhole(db, m_wholeDb, -1));
    }

    // A resume on a file that is still full stops again, as cleanly: nothing lost, resumable.
    void resumeOnAStillFullDatabaseStopsAgain() {
        const std::string db = m_dir.filePath("still-full.db").toStdString();
        qputenv("EDGENAS_TEST_READ_ONLY_AT", "2");
        search::SearchControl control;
        search::SearchObserver quiet;
        QVERIFY_THROWS_EXCEPTION(search::RunStoppedError, search::SearchRunner(db, control, quiet).start(runConfig()));
        qunsetenv("EDGENAS_TEST_READ_ONLY_AT");

        search::SearchRunner full(db, control, quiet);
        full.limitDatabaseSize(1);  // below the file's size: not one page more
        int kept = 0;
        try {
            full.resume(1);
            QFAIL("the resume finished although its database was full");
        } catch (const search::RunStoppedError& e) {
            QCOMPARE(e.reason(), store::StoreError::Reason::DiskFull);
            // The first generations may still fit in the pages the file has.
            kept = e.committedGenerations();
            CHECKED(requireIn(e.what(), "Its generations 0 to " + std::to_string(kept - 1) + " are kept"));
        } catch (const std::exception& e) {
            QFAIL((std::string("not a RunStoppedError: ") + e.what()).c_str());
        }
        QVERIFY2(kept >= 2 && kept < m_wholeGenerations, std::to_string(kept).c_str());
        CHECKED(compareWithWhole(db, m_wholeDb, kept));
        QVERIFY(!store::RunWriterLock::liveWriter(db, 1));
        QCOMPARE(search::SearchRunner(db, control, quiet).resume(1).status, std::string("finished"));
        CHECKED(compareWithWhole(db, m_wholeDb, -1));
    }

    // A real size-limited file: the edgenas process runs under ulimit -f (RLIMIT_FSIZE) with
    // SIGXFSZ at its default, which would kill it mid-write unless edgenas ignores the signal.
    void cliStopsWithExitOneOnASizeLimitedFile() {
        const QString db = m_dir.filePath("cli-full.db");
        QProcess search;
        search.setChildProcessModifier([] {
            std::signal(SIGXFSZ, SIG_DFL);
            // The -wal file grows by about 200 KB a generation (no checkpoint before 1,000 pages).
            const rlimit limit{600 * 1024, 600 * 1024};
            setrlimit(RLIMIT_FSIZE, &limit);
        });
        search.start(EDGENAS_CLI_PATH, cliArguments(db));
        QVERIFY(search.waitForFinished(120000));
        const QByteArray err = search.readAllStandardError();
        QCOMPARE(search.exitStatus(), QProcess::NormalExit);
        QVERIFY2(search.exitCode() == 1, err.constData());
        const std::string text = err.toStdString();
        CHECKED(requireIn(text, "edgenas search: run 1 stopped: cannot write to " + db.toStdString() +
                                    ": it reached the largest file size this process may write (ulimit -f)"));
        CHECKED(requireIn(text, "\nresume with: edgenas search --resume 1 --db " + db.toStdString() + "\n"));
        int kept = 0;
        {
            const store::RunReader reader = search::openRunReader(db.toStdString());
            QCOMPARE(reader.run(1)->status, std::string("interrupted"));
            kept = static_cast<int>(reader.generations(1).size());
        }
        QVERIFY2(kept >= 1 && kept < m_wholeGenerations, std::to_string(kept).c_str());
        qInfo("ulimit -f 600 KB: stopped with %d of %d generations committed", kept, m_wholeGenerations);
        CHECKED(requireIn(text, "Its generations 0 to " + std::to_string(kept - 1) + " are kept"));
        CHECKED(compareWithWhole(db.toStdString(), m_wholeDb, kept));
        QVERIFY(!store::RunWriterLock::liveWriter(db.toStdString(), 1));

        QProcess resumed;
        resumed.start(EDGENAS_CLI_PATH, {"search", "--resume", "1", "--db", db});
        QVERIFY(resumed.waitForFinished(120000));
        QVERIFY2(resumed.exitCode() == 0, resumed.readAllStandardError().constData());
        CHECKED(compareWithWhole(db.toStdString(), m_wholeDb, -1));
    }

    void cliStopsWithExitOneOnAReadOnlyDatabase() {
        const QString db = m_dir.filePath("cli-read-only.db");
        QProcess search;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("EDGENAS_TEST_READ_ONLY_AT", "6");
        search.setProcessEnvironment(env);
        search.start(EDGENAS_CLI_PATH, cliArguments(db));
        QVERIFY(search.waitForFinished(120000));
        const QByteArray err = search.readAllStandardError();
        QVERIFY2(search.exitStatus() == QProcess::NormalExit && search.exitCode() == 1, err.constData());
        const std::string text = err.toStdString();
        CHECKED(requireIn(text, "edgenas search: run 1 stopped: cannot write to " + db.toStdString() +
                                    ": the database is read-only"));
        CHECKED(requireIn(text, "Its generations 0 to 5 are kept; make the file, its folder and its file system "
                                "writable again, then resume the run\nresume with: edgenas search --resume 1 --db " +
                                    db.toStdString() + "\n"));
        CHECKED(compareWithWhole(db.toStdString(), m_wholeDb, 6));

        QProcess resumed;
        resumed.start(EDGENAS_CLI_PATH, {"search", "--resume", "1", "--db", db});
        QVERIFY(resumed.waitForFinished(120000));
        QVERIFY2(resumed.exitCode() == 0, resumed.readAllStandardError().constData());
        CHECKED(compareWithWhole(db.toStdString(), m_wholeDb, -1));
    }

private:
    QTemporaryDir m_dir;
    std::string m_wholeDb;
    int m_wholeGenerations = 0;
};

QTEST_GUILESS_MAIN(TestSearchDiskTrouble)
#include "test_search_disk_trouble.moc"
