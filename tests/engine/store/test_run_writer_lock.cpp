#include "store/run_writer_lock.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <filesystem>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace edgenas;
using store::RunInUseError;
using store::RunWriterLock;

namespace {

/// A child process that takes run `runId`'s lock, says so through a pipe and then waits to be
/// killed: a second writer in another process, as a headless `edgenas search` would be.
pid_t childHoldingLock(const std::string& database, std::int64_t runId) {
    int ready[2];
    if (pipe(ready) != 0)
        return -1;
    const pid_t pid = fork();
    if (pid == 0) {
        // Dies with the test, so a failed check can never leave it holding ctest's output open.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        ::close(ready[0]);
        char ok = 'n';
        try {
            static std::optional<RunWriterLock> held;  // kept until the process dies
            held.emplace(RunWriterLock::acquire(database, runId));
            ok = 'y';
        } catch (...) {
        }
        if (write(ready[1], &ok, 1) != 1 || ok != 'y')
            _exit(3);
        for (;;)
            pause();
    }
    ::close(ready[1]);
    char ok = 'n';
    const bool got = read(ready[0], &ok, 1) == 1;
    ::close(ready[0]);
    if (got && ok == 'y')
        return pid;
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return -1;
}

void killAndReap(pid_t pid) {
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
}

} // namespace

class TestRunWriterLock : public QObject {
    Q_OBJECT
private slots:
    void secondWriterInThisProcessIsRefused();
    void liveWriterInAnotherProcessIsNamedThenFreedByItsDeath();
    void otherRunsAreIndependent();
    void aLinkToTheDatabaseMeetsTheSameLock();
    void readingTheWriterCreatesNoFile();
    void heartbeatIsRecorded();
    void unwritableFolderIsAClearError();
};

void TestRunWriterLock::secondWriterInThisProcessIsRefused() {
    QTemporaryDir dir;
    const std::string db = dir.filePath("runs.sqlite").toStdString();
    {
        const RunWriterLock first = RunWriterLock::acquire(db, 1);
        QVERIFY(!first.previousWriter());
        try {
            RunWriterLock::acquire(db, 1);
            QFAIL("a second writer of run 1 was let in");
        } catch (const RunInUseError& e) {
            QCOMPARE(e.writer().pid, static_cast<std::int64_t>(getpid()));
            QVERIFY2(QString(e.what()).contains(QString("process %1").arg(getpid())), e.what());
        }
        const auto live = RunWriterLock::liveWriter(db, 1);
        QVERIFY(live);
        QCOMPARE(live->pid, static_cast<std::int64_t>(getpid()));
    }
    // Released cleanly: free again, and no takeover to report.
    QVERIFY(!RunWriterLock::liveWriter(db, 1));
    const RunWriterLock again = RunWriterLock::acquire(db, 1);
    QVERIFY(!again.previousWriter());
}

void TestRunWriterLock::liveWriterInAnotherProcessIsNamedThenFreedByItsDeath() {
    QTemporaryDir dir;
    const std::string db = dir.filePath("runs.sqlite").toStdString();
    const pid_t child = childHoldingLock(db, 7);
    QVERIFY2(child > 0, "the child could not take the lock");
    // Reaped however the checks below end.
    auto reap = qScopeGuard([child] { killAndReap(child); });
    try {
        RunWriterLock::acquire(db, 7);
        QFAIL("the live writer in another process was not noticed");
    } catch (const RunInUseError& e) {
        QCOMPARE(e.writer().pid, static_cast<std::int64_t>(child));
        QVERIFY(!e.writer().startedAt.empty());
        // The message names the writer fully: process, host and since when.
        QVERIFY2(QString(e.what()).contains(QString::fromStdString(e.writer().startedAt)), e.what());
    }
    const auto live = RunWriterLock::liveWriter(db, 7);
    QVERIFY(live && live->pid == child);
    reap.dismiss();
    killAndReap(child);
    // The kernel dropped the dead writer's lock: the run is free at once, and the dead writer's
    // record is handed over so the takeover can be logged.
    QVERIFY(!RunWriterLock::liveWriter(db, 7));
    const RunWriterLock taken = RunWriterLock::acquire(db, 7);
    QVERIFY(taken.previousWriter());
    QCOMPARE(taken.previousWriter()->pid, static_cast<std::int64_t>(child));
}

void TestRunWriterLock::otherRunsAreIndependent() {
    QTemporaryDir dir;
    const std::string db = dir.filePath("runs.sqlite").toStdString();
    const RunWriterLock one = RunWriterLock::acquire(db, 1);
    const RunWriterLock two = RunWriterLock::acquire(db, 2);
    const RunWriterLock far = RunWriterLock::acquire(db, 1'000'000);
    QCOMPARE(RunWriterLock::liveWriter(db, 2)->pid, static_cast<std::int64_t>(getpid()));
    QVERIFY(!RunWriterLock::liveWriter(db, 3));
    QVERIFY_THROWS_EXCEPTION(core::InputError, RunWriterLock::acquire(db, 0));
}

void TestRunWriterLock::aLinkToTheDatabaseMeetsTheSameLock() {
    QTemporaryDir dir;
    const std::string db = dir.filePath("runs.sqlite").toStdString();
    const std::string link = dir.filePath("alias.sqlite").toStdString();
    QVERIFY(QFile(QString::fromStdString(db)).open(QIODevice::WriteOnly));
    std::filesystem::create_symlink(db, link);
    const RunWriterLock held = RunWriterLock::acquire(db, 4);
    QVERIFY_THROWS_EXCEPTION(RunInUseError, RunWriterLock::acquire(link, 4));
}

void TestRunWriterLock::readingTheWriterCreatesNoFile() {
    QTemporaryDir dir;
    const std::string db = dir.filePath("runs.sqlite").toStdString();
    QVERIFY(!RunWriterLock::liveWriter(db, 1));
    QVERIFY(!std::filesystem::exists(RunWriterLock::lockPathFor(db)));
}

void TestRunWriterLock::heartbeatIsRecorded() {
    QTemporaryDir dir;
    const std::string db = dir.filePath("runs.sqlite").toStdString();
    RunWriterLock lock = RunWriterLock::acquire(db, 3);
    const std::string first = RunWriterLock::liveWriter(db, 3)->heartbeatAt;
    QTest::qWait(5);
    QVERIFY(lock.heartbeat());
    const auto live = RunWriterLock::liveWriter(db, 3);
    QVERIFY2(live->heartbeatAt > first, live->heartbeatAt.c_str());
    QCOMPARE(live->startedAt, first);
}

void TestRunWriterLock::unwritableFolderIsAClearError() {
    const std::string db = "/proc/edgenas-no-such-folder/runs.sqlite";
    try {
        RunWriterLock::acquire(db, 1);
        QFAIL("a lock file was claimed where none can be created");
    } catch (const std::exception& e) {
        QVERIFY2(QString(e.what()).contains("runs.sqlite.writers"), e.what());
    }
}

QTEST_GUILESS_MAIN(TestRunWriterLock)
#include "test_run_writer_lock.moc"
