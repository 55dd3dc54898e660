#include "app_test_support.h"
#include "cli_writer_follower.h"

#include "run_browser.h"

#include "search/run_database.h"
#include "store/run_reader.h"
#include "store/sqlite_connection.h"

#include <QSignalSpy>
#include <QtTest/QtTest>

#include <csignal>

#include <sys/types.h>

using namespace edgenas;

namespace {

// Modelled latency and counted parameters: a run of six generations (0-5) in about a second.
const QStringList kSearch{QStringLiteral("--space"),      QStringLiteral("nb201"),  QStringLiteral("--objectives"),
                          QStringLiteral("params,latency"), QStringLiteral("--device"),
                          QStringLiteral("raspberry-pi-4"), QStringLiteral("--budget"), QStringLiteral("60"),
                          QStringLiteral("--population"),   QStringLiteral("10"),     QStringLiteral("--seed"),
                          QStringLiteral("5"),              QStringLiteral("--threads"), QStringLiteral("1")};

// Half the busy timeout: a reading-thread call that took this long waited for a lock, whatever
// the machine's speed (an unhindered poll of this run takes milliseconds).
constexpr double kWaitBoundMs = store::SqliteConnection::kBusyTimeoutMs / 2.0;

} // namespace

// The workbench following a run that a separate `edgenas search` process writes into the same
// database: the reading side (RunFollower, the Runs panel) on this thread, as on the GUI thread.
class TestFollowCliWriter : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        app::test::isolateSettings(m_dir);
    }

    // The writer is frozen inside a generation's commit (its rows inserted, the write lock held,
    // not committed) by the store's test hook. Meanwhile the reading thread keeps polling and a
    // rename is asked for: no reading call waits for the lock, the uncommitted generation stays
    // unseen, the rename waits on the editor's thread instead, and once the writer carries on
    // every committed generation arrives, in order.
    void followsAWriterFrozenInsideACommit() {
        const QString db = m_dir.filePath(QStringLiteral("follow.sqlite"));
        app::test::FollowTally tally;
        app::test::CliWriterFollower follow(QStringLiteral(EDGENAS_CLI_PATH), db, tally);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("EDGENAS_TEST_STOP_AT"), QStringLiteral("inside-commit:2"));
        QVERIFY(follow.start(kSearch, environment));

        QElapsedTimer clock;
        clock.start();
        while (!follow.writerErrors().contains("stopped at") && clock.elapsed() < 30000) {
            QVERIFY2(follow.step(), qPrintable(QString::fromUtf8(follow.writerErrors())));
            QTest::qWait(10);
        }
        QVERIFY2(follow.writerErrors().contains("stopped at inside-commit of generation 2"),
                 follow.writerErrors().constData());

        // Frozen with the write lock held: keep reading for a while.
        clock.restart();
        while (clock.elapsed() < 1500) {
            QVERIFY(follow.step());
            QTest::qWait(20);
        }
        QVERIFY(follow.runId() > 0);
        QCOMPARE(follow.seenGenerations(), std::vector<int>({0, 1}));

        // A write asked for on this thread returns at once; it is made on the editor's thread.
        app::RunBrowser browser;
        QString error;
        QVERIFY2(browser.openDatabase(db, &error), qPrintable(error));
        QSignalSpy edited(&browser, &app::RunBrowser::editFinished);
        QElapsedTimer call;
        call.start();
        QVERIFY2(browser.renameRun(follow.runId(), QStringLiteral("followed"), &error), qPrintable(error));
        const double renameMs = double(call.nsecsElapsed()) / 1e6;
        QVERIFY2(renameMs < kWaitBoundMs, qPrintable(QStringLiteral("renameRun took %1 ms").arg(renameMs)));
        QVERIFY(edited.isEmpty());  // still waiting for the frozen writer's lock

        QCOMPARE(::kill(pid_t(follow.process().processId()), SIGCONT), 0);
        while (follow.step())
            QTest::qWait(20);
        follow.finish();

        QVERIFY2(tally.problems.isEmpty(), qPrintable(tally.problems.join(QLatin1Char('\n'))));
        QCOMPARE(tally.lockErrors, 0);
        QCOMPARE(tally.runs, 1);
        QCOMPARE(tally.generationsWritten, std::int64_t(6));
        QCOMPARE(tally.generationsSeen, tally.generationsWritten);
        QCOMPARE(tally.missed, std::int64_t(0));
        QCOMPARE(follow.seenGenerations(), std::vector<int>({0, 1, 2, 3, 4, 5}));
        QVERIFY(tally.storeCalls > 50);
        QCOMPARE(tally.busyWaits, std::int64_t(0));  // not one reading call met the writer's lock
        QVERIFY2(tally.maxStoreCallMs < kWaitBoundMs,
                 qPrintable(QStringLiteral("a reading call took %1 ms").arg(tally.maxStoreCallMs)));

        QTRY_COMPARE_WITH_TIMEOUT(edited.size(), 1, store::SqliteConnection::kBusyTimeoutMs);
        QCOMPARE(edited.first().at(1).toString(), QString());
        QCOMPARE(search::openRunReader(db.toStdString()).run(follow.runId())->name, std::string("followed"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestFollowCliWriter)
#include "test_follow_cli_writer.moc"
