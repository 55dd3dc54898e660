// The workbench and the CLI on one database (issue 14, point 6): `edgenas search` processes, one
// after another, write runs into one file while this thread (standing for the GUI thread) follows
// each run through RunFollower, re-lists the file as the Runs panel does, and renames each run
// while it is written (the rename goes to the RunStoreEditor's thread). Prints the generations
// written and seen, missed ones, "database is locked" errors on either side and the longest time
// one reading call on this thread took, against SQLite's busy timeout.
// Usage: bench_follow_cli_writer [--seconds N (default 600)] [--poll-ms M (default 100)]
//                                [--edgenas PATH] [--db FILE (default: a temporary file)]

#include "cli_writer_follower.h"

#include "run_browser.h"

#include "store/sqlite_connection.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace edgenas;

namespace {

// One run: 20 generations of 10 candidates, modelled latency, about 2-4 s on one core.
QStringList searchArguments(int seed) {
    return {QStringLiteral("--space"),      QStringLiteral("nb201"),          QStringLiteral("--objectives"),
            QStringLiteral("params,latency"), QStringLiteral("--device"),     QStringLiteral("raspberry-pi-4"),
            QStringLiteral("--budget"),     QStringLiteral("200"),            QStringLiteral("--population"),
            QStringLiteral("10"),           QStringLiteral("--seed"),         QString::number(seed),
            QStringLiteral("--threads"),    QStringLiteral("1"),              QStringLiteral("--name"),
            QStringLiteral("writer %1").arg(seed)};
}

int usage() {
    std::fprintf(stderr, "usage: bench_follow_cli_writer [--seconds N] [--poll-ms M] [--edgenas PATH] [--db FILE]\n");
    return 2;
}

} // namespace

int main(int argc, char* argv[]) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    QTemporaryDir dir;
    QCoreApplication::setOrganizationName(QStringLiteral("EdgeNASBench"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());

    double seconds = 600;
    int pollMs = 100;
    QString cli = QStringLiteral(EDGENAS_CLI_PATH);
    QString db = dir.filePath(QStringLiteral("follow.sqlite"));
    for (int i = 1; i < argc; ++i) {
        const bool hasValue = i + 1 < argc;
        if (!std::strcmp(argv[i], "--seconds") && hasValue)
            seconds = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--poll-ms") && hasValue)
            pollMs = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--edgenas") && hasValue)
            cli = QString::fromLocal8Bit(argv[++i]);
        else if (!std::strcmp(argv[i], "--db") && hasValue)
            db = QString::fromLocal8Bit(argv[++i]);
        else
            return usage();
    }
    if (seconds <= 0 || pollMs <= 0) {
        std::fprintf(stderr, "--seconds and --poll-ms must be positive\n");
        return usage();
    }

    std::printf("Workbench following `edgenas search` writers on one database for %.0f s (poll every %d ms)\n",
                seconds, pollMs);
    std::fflush(stdout);
    app::test::FollowTally tally;
    app::RunBrowser browser;  // the Runs panel, for its renames
    int renames = 0;
    int renamesFailed = 0;
    double maxRenameMs = 0;
    QObject::connect(&browser, &app::RunBrowser::editFinished, [&](qint64, const QString& error) {
        if (error.isEmpty())
            return;
        ++renamesFailed;
        tally.problems << error;
        if (error.contains(QStringLiteral("locked")))
            ++tally.lockErrors;
    });

    QElapsedTimer clock;
    clock.start();
    int seed = 1;
    while (clock.elapsed() < seconds * 1000) {
        app::test::CliWriterFollower follow(cli, db, tally);
        if (!follow.start(searchArguments(seed++)))
            break;
        bool renamed = false;
        while (follow.step()) {
            if (!renamed && follow.seenGenerations().size() >= 5) {
                // Asked for on this thread while the writer commits generations.
                if (browser.databasePath().isEmpty())
                    browser.openDatabase(db);
                QElapsedTimer call;
                call.start();
                browser.renameRun(follow.runId(), QStringLiteral("renamed while written %1").arg(seed - 1));
                maxRenameMs = std::max(maxRenameMs, double(call.nsecsElapsed()) / 1e6);
                tally.maxStoreCallMs = std::max(tally.maxStoreCallMs, maxRenameMs);
                ++renames;
                renamed = true;
            }
            QCoreApplication::processEvents();
            QThread::msleep(static_cast<unsigned long>(pollMs));
        }
        follow.finish();
    }
    // The last renames finish on the editor's thread.
    while (browser.pendingEdits() > 0) {
        QCoreApplication::processEvents();
        QThread::msleep(20);
    }

    std::printf("  duration                       %.0f s (measured)\n", double(clock.elapsed()) / 1000.0);
    std::printf("  writer runs                    %d\n", tally.runs);
    std::printf("  generations written            %lld (counted)\n", static_cast<long long>(tally.generationsWritten));
    std::printf("  generations seen               %lld (counted)\n", static_cast<long long>(tally.generationsSeen));
    std::printf("  missed                         %lld (counted)\n", static_cast<long long>(tally.missed));
    std::printf("  lock errors                    %d (counted)\n", tally.lockErrors);
    std::printf("  renames on the editor thread   %d, failed %d (counted)\n", renames, renamesFailed);
    std::printf("  reading calls on this thread   %lld (counted)\n", static_cast<long long>(tally.storeCalls));
    std::printf("  lock waits on this thread      %lld (counted: busy-handler retries in any of its store calls)\n",
                static_cast<long long>(tally.busyWaits));
    std::printf("    of them in polls %lld, re-listings %lld, opens %lld (counted)\n", static_cast<long long>(tally.busyWaitsPoll),
                static_cast<long long>(tally.busyWaitsList), static_cast<long long>(tally.busyWaitsOpen));
    std::printf("  max GUI-thread store wait      %.1f ms (measured; busy timeout %d ms)\n", tally.maxStoreCallMs,
                store::SqliteConnection::kBusyTimeoutMs);
    std::printf("    longest poll %.1f ms, re-listing %.1f ms, open %.1f ms, rename %.1f ms (measured)\n",
                tally.maxPollMs, tally.maxListMs, tally.maxOpenMs, maxRenameMs);
    for (const QString& problem : tally.problems)
        std::printf("  problem: %s\n", qPrintable(problem));
    return tally.problems.isEmpty() && tally.missed == 0 ? 0 : 1;
}
