#pragma once

// Shared by tests/app/test_follow_cli_writer.cpp and bench/app/bench_follow_cli_writer.cpp: a real
// `edgenas search` child process writes a run while the workbench's reading side (RunFollower,
// and the Runs panel's re-listing) reads the same database on the calling thread, as the GUI
// thread does. Every reading call is timed.

#include "run_browser.h"
#include "run_follower.h"

#include "search/run_database.h"
#include "store/sqlite_connection.h"
#include "store/store_error.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace edgenas::app::test {

/// What the reading side saw of the runs that CLI writers committed.
struct FollowTally {
    int runs = 0;
    std::int64_t generationsWritten = 0;  ///< committed, as read after each writer ended
    std::int64_t generationsSeen = 0;     ///< arrived through RunFollower, in commit order
    std::int64_t missed = 0;              ///< written but not seen, or seen out of order
    int lockErrors = 0;                   ///< "locked" reported by the reader or a writer
    QStringList problems;                 ///< every error either side reported
    std::int64_t storeCalls = 0;          ///< timed reading-thread calls into the store
    double maxStoreCallMs = 0;            ///< the longest of them
    double maxPollMs = 0;                 ///< the longest RunFollower::poll
    double maxListMs = 0;                 ///< the longest re-listing (a fresh reader's listRuns)
    double maxOpenMs = 0;                 ///< the longest RunFollower::open (it replays the run)
    std::int64_t busyWaits = 0;           ///< times this thread found a lock and waited, all its calls
    std::int64_t busyWaitsPoll = 0, busyWaitsList = 0, busyWaitsOpen = 0;  ///< the same by kind
};

/// Follows the run of one `edgenas search` child process on the calling thread. step() is one
/// turn of the reading thread: until the run exists it lists the database through a RunBrowser
/// (the Runs panel); then it polls the run through RunFollower (whose own timer is parked, so
/// every poll is one of these timed calls) and re-lists every few seconds as the Runs panel does.
class CliWriterFollower {
public:
    CliWriterFollower(QString cliPath, QString databasePath, FollowTally& tally)
        : m_cli(std::move(cliPath)), m_path(std::move(databasePath)), m_tally(tally),
          m_waitsAtStart(store::SqliteConnection::busyWaitsOnThisThread()) {
        // Parked: the caller's step() does every poll, so every poll is timed.
        m_follower.setInterval(std::numeric_limits<int>::max());
        QObject::connect(&m_follower, &RunFollower::generationsArrived,
                         [this](const std::vector<search::GenerationSummary>& summaries) {
                             for (const search::GenerationSummary& s : summaries)
                                 m_seen.push_back(s.generation);
                         });
        QObject::connect(&m_follower, &RunFollower::failed, [this](const QString& error) { problem(error); });
        QObject::connect(&m_browser, &RunBrowser::errorOccurred,
                         [this](const QString&, const QString& error) { problem(error); });
    }

    /// Starts the writer with `searchArguments` (after "search"; "--db PATH" is added).
    bool start(const QStringList& searchArguments,
               const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
        m_knownRuns = newestRunId();
        m_process.setProcessEnvironment(environment);
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_process.start(m_cli, QStringList{QStringLiteral("search")} + searchArguments +
                                   QStringList{QStringLiteral("--db"), m_path});
        if (!m_process.waitForStarted(10000)) {
            problem(QStringLiteral("%1 did not start: %2").arg(m_cli, m_process.errorString()));
            return false;
        }
        return true;
    }

    /// One turn of the reading thread. False once the writer has ended and its last state was read.
    bool step() {
        const bool writerEnded = m_process.state() == QProcess::NotRunning;
        if (m_runId < 0) {
            if (const qint64 id = newestRunId(); id > m_knownRuns)
                openRun(id);
        } else if (m_follower.isFollowing()) {
            timed(m_tally.maxPollMs, m_tally.busyWaitsPoll, [this] { m_follower.poll(); });
            if (m_sinceListing.elapsed() >= kListingIntervalMs) {
                newestRunId();
                m_sinceListing.restart();
            }
        }
        if (!writerEnded)
            return true;
        // The writer is gone: one more read sees what it committed last.
        if (m_runId < 0)
            if (const qint64 id = newestRunId(); id > m_knownRuns)
                openRun(id);
        if (m_follower.isFollowing())
            timed(m_tally.maxPollMs, m_tally.busyWaitsPoll, [this] { m_follower.poll(); });
        return false;
    }

    /// After step() returned false: compares what was seen with what the writer committed and
    /// adds both to the tally. Nothing seen of a run the writer committed counts as missed.
    void finish() {
        m_err += m_process.readAllStandardError();
        if (m_err.contains("locked"))
            ++m_tally.lockErrors;
        if (m_process.exitStatus() != QProcess::NormalExit || m_process.exitCode() != 0)
            m_tally.problems << QStringLiteral("the writer ended with %1: %2")
                                    .arg(m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1)
                                    .arg(QString::fromUtf8(m_err.right(400)));
        ++m_tally.runs;
        m_tally.busyWaits += store::SqliteConnection::busyWaitsOnThisThread() - m_waitsAtStart;
        std::vector<int> written;
        if (m_runId < 0) {
            m_tally.problems << QStringLiteral("the reader never found the writer's run in %1").arg(m_path);
        } else {
            for (const store::GenerationRecord& g : search::openRunReader(m_path.toStdString()).generations(m_runId))
                written.push_back(g.generation);
        }
        m_tally.generationsWritten += std::int64_t(written.size());
        m_tally.generationsSeen += std::int64_t(m_seen.size());
        // Seen must be exactly the written list, in the same order: compare position by position.
        std::int64_t missed = 0;
        std::size_t next = 0;
        for (const int generation : written) {
            if (next < m_seen.size() && m_seen[next] == generation)
                ++next;
            else
                ++missed;
        }
        m_tally.missed += missed + std::int64_t(m_seen.size() - next);
        m_follower.close();
    }

    QProcess& process() { return m_process; }
    /// What the writer printed on stderr so far.
    const QByteArray& writerErrors() {
        m_err += m_process.readAllStandardError();
        return m_err;
    }
    qint64 runId() const { return m_runId; }
    /// Generation numbers in the order RunFollower delivered them.
    const std::vector<int>& seenGenerations() const { return m_seen; }

private:
    static constexpr int kListingIntervalMs = 3000;  // RunBrowser's refresh

    template <class Call>
    void timed(double& kindMax, std::int64_t& kindWaits, Call&& call) {
        const std::int64_t waitsBefore = store::SqliteConnection::busyWaitsOnThisThread();
        QElapsedTimer clock;
        clock.start();
        call();
        const double ms = double(clock.nsecsElapsed()) / 1e6;
        const std::int64_t waits = store::SqliteConnection::busyWaitsOnThisThread() - waitsBefore;
        kindWaits += waits;
        ++m_tally.storeCalls;
        m_tally.maxStoreCallMs = std::max(m_tally.maxStoreCallMs, ms);
        kindMax = std::max(kindMax, ms);
    }

    void problem(const QString& error) {
        m_tally.problems << error;
        if (error.contains(QStringLiteral("locked")))
            ++m_tally.lockErrors;
    }

    // The newest run id of the file as the Runs panel lists it (RunBrowser::openDatabase, then
    // refresh); 0 while the file or its first run does not exist yet.
    qint64 newestRunId() {
        timed(m_tally.maxListMs, m_tally.busyWaitsList, [&] {
            if (!m_browser.databasePath().isEmpty())
                m_browser.refresh();
            else if (QFileInfo::exists(m_path))
                m_browser.openDatabase(m_path);  // before the writer made its tables it fails; next turn
        });
        m_sinceListing.restart();
        qint64 newest = 0;
        for (const store::RunSummary& s : m_browser.runs())
            newest = std::max<qint64>(newest, s.run.id);
        return newest;
    }

    void openRun(qint64 id) {
        QString error;
        bool opened = false;
        timed(m_tally.maxOpenMs, m_tally.busyWaitsOpen, [&] { opened = m_follower.open(m_path, id, &error); });
        if (!opened) {
            problem(error);
            return;
        }
        m_runId = id;
    }

    QString m_cli;
    QString m_path;
    FollowTally& m_tally;
    std::int64_t m_waitsAtStart;  ///< this thread's busy waits before this writer
    QProcess m_process;
    QByteArray m_err;
    RunFollower m_follower;
    RunBrowser m_browser;  ///< the Runs panel's listing
    qint64 m_knownRuns = 0;
    qint64 m_runId = -1;
    std::vector<int> m_seen;
    QElapsedTimer m_sinceListing;
};

} // namespace edgenas::app::test
