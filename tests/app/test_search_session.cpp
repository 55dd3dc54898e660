#include "app_test_support.h"

#include "search_session.h"

#include "search/run_database.h"
#include "store/run_reader.h"

#include <QSignalSpy>
#include <QtTest/QtTest>

using namespace edgenas;
using namespace std::chrono_literals;

namespace {

// Every candidate the session handed on, across all signal emissions.
std::vector<core::Candidate> arrived(const QSignalSpy& spy) {
    std::vector<core::Candidate> all;
    for (const QList<QVariant>& args : spy) {
        const auto batch = args.at(0).value<std::vector<core::Candidate>>();
        all.insert(all.end(), batch.begin(), batch.end());
    }
    return all;
}

} // namespace

// The worker thread and its GUI-side controller: start, pause, resume, stop, steering, failure.
class TestSearchSession : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void runsToTheEndWithStoreIds() {
        const QString db = m_dir.filePath(QStringLiteral("finish.sqlite"));
        app::SearchSession session;
        session.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        QSignalSpy started(&session, &app::SearchSession::runStarted);
        QSignalSpy candidates(&session, &app::SearchSession::candidatesArrived);
        QSignalSpy generations(&session, &app::SearchSession::generationsArrived);
        QSignalSpy progress(&session, &app::SearchSession::progressChanged);
        QSignalSpy finished(&session, &app::SearchSession::finished);

        session.start(db, app::test::tinyConfig(), QStringLiteral("finish"));
        QVERIFY(session.isRunning());
        QVERIFY(finished.wait(60'000));
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("finished"));
        QVERIFY(finished.first().at(2).toString().isEmpty());
        QCOMPARE(started.size(), 1);
        QVERIFY(!session.isRunning());

        const qint64 runId = finished.first().at(0).toLongLong();
        const auto reader = search::openRunReader(db.toStdString());
        const auto stored = reader.candidates(runId);
        const auto got = arrived(candidates);
        QCOMPARE(got.size(), stored.size());
        QCOMPARE(int(got.size()), 24);
        for (std::size_t i = 0; i < got.size(); ++i) {
            QCOMPARE(got[i].id, stored[i].id);
            QCOMPARE(got[i].hash, stored[i].hash);
        }
        int summaries = 0;
        for (const auto& args : generations)
            summaries += int(args.at(0).value<std::vector<search::GenerationSummary>>().size());
        QCOMPARE(summaries, int(reader.generations(runId).size()));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toInt(), 24);
        QCOMPARE(progress.last().at(1).toInt(), 24);
        QCOMPARE(reader.run(runId)->status, std::string("finished"));
    }

    void pausedBeforeStartWaitsThenResumes() {
        const QString db = m_dir.filePath(QStringLiteral("pause.sqlite"));
        app::SearchSession session;
        session.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        QSignalSpy started(&session, &app::SearchSession::runStarted);
        QSignalSpy candidates(&session, &app::SearchSession::candidatesArrived);
        QSignalSpy paused(&session, &app::SearchSession::pausedChanged);
        QSignalSpy finished(&session, &app::SearchSession::finished);

        session.pause();
        QCOMPARE(paused.size(), 1);
        QVERIFY(session.isPaused());
        session.start(db, app::test::tinyConfig());
        QVERIFY(started.wait(30'000));
        // The engine waits before its first evaluation: nothing arrives while paused.
        QTest::qWait(400);
        session.flush();
        QCOMPARE(candidates.size(), 0);
        QVERIFY(finished.isEmpty());
        const qint64 runId = started.first().at(0).toLongLong();
        QCOMPARE(search::openRunReader(db.toStdString()).candidates(runId).size(), std::size_t(0));

        session.resumeRun();
        QCOMPARE(paused.size(), 2);
        QCOMPARE(paused.last().at(0).toBool(), false);
        QVERIFY(finished.wait(60'000));
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("finished"));
        QCOMPARE(int(arrived(candidates).size()), 24);
    }

    void stopWhilePausedInterrupts() {
        const QString db = m_dir.filePath(QStringLiteral("stop-paused.sqlite"));
        app::SearchSession session;
        session.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        QSignalSpy started(&session, &app::SearchSession::runStarted);
        QSignalSpy finished(&session, &app::SearchSession::finished);
        session.pause();
        session.start(db, app::test::tinyConfig());
        QVERIFY(started.wait(30'000));
        session.requestStop();
        QVERIFY(!session.isPaused());
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("interrupted"));
        const qint64 runId = finished.first().at(0).toLongLong();
        QCOMPARE(search::openRunReader(db.toStdString()).run(runId)->status, std::string("interrupted"));
    }

    void stopAndSteerMidRun() {
        const QString db = m_dir.filePath(QStringLiteral("steer.sqlite"));
        app::SearchSession session;
        session.setEvaluatorProvider(std::make_shared<app::test::SlowEvaluators>(40ms));
        QSignalSpy candidates(&session, &app::SearchSession::candidatesArrived);
        QSignalSpy finished(&session, &app::SearchSession::finished);
        session.start(db, app::test::tinyConfig(200, 6));
        // Generation 0 committed: steer, wait until the runner has applied (and stored) the bound,
        // then stop. Waiting for the next candidates instead raced: they come from the 40 ms
        // drain timer, which can fire before the next step applies the steering.
        QVERIFY(candidates.wait(30'000));
        QSignalSpy log(&session, &app::SearchSession::logLine);
        session.setConstraint(QStringLiteral("params"), 5000.0);
        auto steeringLogged = [&] {
            for (const auto& line : log)
                if (line.at(1).toString().startsWith(QStringLiteral("steering:")))
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(steeringLogged(), 60'000);
        session.requestStop();
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("interrupted"));

        const qint64 runId = finished.first().at(0).toLongLong();
        const auto reader = search::openRunReader(db.toStdString());
        QCOMPARE(reader.run(runId)->status, std::string("interrupted"));
        const auto stored = reader.candidates(runId);
        QCOMPARE(arrived(candidates).size(), stored.size());
        QVERIFY(stored.size() < 200);
        bool steered = false;
        for (const auto& e : reader.events(runId))
            steered = steered || (e.kind == "steer" && e.message.find("params") != std::string::npos);
        QVERIFY(steered);
    }

    void shutdownDuringRunInterrupts() {
        const QString db = m_dir.filePath(QStringLiteral("shutdown.sqlite"));
        qint64 runId = -1;
        {
            app::SearchSession session;
            session.setEvaluatorProvider(std::make_shared<app::test::SlowEvaluators>(40ms));
            QSignalSpy started(&session, &app::SearchSession::runStarted);
            session.start(db, app::test::tinyConfig(200, 6));
            QVERIFY(started.wait(30'000));
            runId = started.first().at(0).toLongLong();
            // Leaving the scope destroys the session: stop, quit, wait.
        }
        QCOMPARE(search::openRunReader(db.toStdString()).run(runId)->status, std::string("interrupted"));
    }

    void badConfigFailsWithMessage() {
        const QString db = m_dir.filePath(QStringLiteral("bad.sqlite"));
        app::SearchSession session;
        QSignalSpy finished(&session, &app::SearchSession::finished);
        search::RunConfig config = app::test::tinyConfig();
        config.method = "no-such-method";
        session.start(db, config);
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.first().at(0).toLongLong(), qint64(-1));
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("failed"));
        QVERIFY2(finished.first().at(2).toString().contains(QStringLiteral("no-such-method")),
                 qPrintable(finished.first().at(2).toString()));
    }

    // A database that turns read-only mid-run (the store's test hook) ends the run with the
    // engine's whole message, for the log and the error dialog: file, cause, what is kept, what
    // to do. The worker thread survives it.
    void readOnlyDatabaseFailsWithMessage() {
        const QString db = m_dir.filePath(QStringLiteral("read-only.sqlite"));
        qputenv("EDGENAS_TEST_READ_ONLY_AT", "2");
        app::SearchSession session;
        session.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        QSignalSpy finished(&session, &app::SearchSession::finished);
        session.start(db, app::test::tinyConfig());
        const bool ended = finished.wait(60'000);
        qunsetenv("EDGENAS_TEST_READ_ONLY_AT");
        QVERIFY(ended);
        QCOMPARE(finished.first().at(0).toLongLong(), qint64(1));
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("failed"));
        const QString error = finished.first().at(2).toString();
        QVERIFY2(error.startsWith(QStringLiteral("run 1 stopped: cannot write to ") + db +
                                  QStringLiteral(": the database is read-only")),
                 qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("Its generations 0 to 1 are kept")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("then resume the run")), qPrintable(error));
        QVERIFY(!session.isRunning());
        QCOMPARE(search::openRunReader(db.toStdString()).generations(1).size(), std::size_t(2));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestSearchSession)
#include "test_search_session.moc"
