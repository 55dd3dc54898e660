#include "search/run_database.h"
#include "store/run_reader.h"

#include "require_data.h"

#include <QtTest/QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <chrono>
#include <thread>

#include <csignal>
#include <sys/types.h>

using namespace edgenas;

namespace {

// Tiny on purpose: the whole test (three runs) must stay well under two minutes on two cores.
// Deterministic objectives only: training is bit-reproducible on one thread, params are counted.
QStringList searchArguments(const QString& db) {
    return {"search",      "--method",   "nsga2",     "--space",       "nb201",      "--channels",
            "4",           "--cells",    "1",         "--dataset",     "fashion-mnist", "--data-dir",
            EDGENAS_FASHION_MNIST_DIR, "--objectives", "accuracy,params", "--budget", "16", "--population",
            "4",           "--seed",     "11",        "--threads",     "1",          "--epochs",
            "1",           "--subset",   "300",       "--validation-subset", "200",  "--db",
            db};
}

struct FrontMember {
    std::string hash;
    double accuracy;
    double params;
    bool operator==(const FrontMember&) const = default;
};

// Reads the search's progress lines on stderr (plain lines, since stderr is no terminal:
// "search  43%  7/16 evaluated  gen 1 ...") until at least `count` candidates have been evaluated.
// The run is then in the middle of a later generation with at least one more generation to go,
// so a signal sent now lands before the run can end. Returns false if the process ended or fell
// silent for two minutes first. Everything read is appended to `log`.
bool waitUntilEvaluated(QProcess& process, int count, QByteArray& log) {
    static const QRegularExpression evaluated(QStringLiteral("(\\d+)/\\d+ evaluated"));
    while (process.state() != QProcess::NotRunning) {
        if (!process.canReadLine() && !process.waitForReadyRead(120000))
            return false;
        while (process.canReadLine()) {
            const QByteArray line = process.readLine();
            log += line;
            const auto match = evaluated.match(QString::fromUtf8(line));
            if (match.hasMatch() && match.captured(1).toInt() >= count)
                return true;
        }
    }
    return false;
}

// Where to interrupt a 16-evaluation run: after a random count in 5..11. The first generation
// (4) is committed by then, and the plain progress lines (one per 10 %) may skip a count, so the
// signal lands at the latest after the 13th of 16 evaluations, with three trainings still to go.
int interruptAfter() { return 5 + static_cast<int>(QRandomGenerator::global()->bounded(7)); }

std::vector<FrontMember> finalFront(const QString& db, std::int64_t runId) {
    const auto reader = search::openRunReader(db.toStdString());
    const auto last = reader.lastGeneration(runId);
    if (!last)
        return {};
    const auto all = reader.candidates(runId);
    std::vector<FrontMember> out;
    for (std::int64_t id : last->frontCandidateIds)
        for (const auto& c : all)
            if (c.id == id)
                out.push_back({c.hash, c.metric("accuracy")->value, c.metric("params")->value});
    return out;
}

} // namespace

// A run killed with SIGKILL resumes from its last committed generation and ends with exactly the
// front an uninterrupted run with the same seed finds.
class TestSearchResume : public QObject {
    Q_OBJECT
private slots:
    void killedRunResumesToTheSameFront() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString killedDb = dir.filePath("killed.db");
        const QString wholeDb = dir.filePath("whole.db");

        QProcess victim;
        victim.setReadChannel(QProcess::StandardError);
        victim.start(EDGENAS_CLI_PATH, searchArguments(killedDb));
        QVERIFY(victim.waitForStarted());
        // Kill mid-run at a random point after the first committed generation, plus a random
        // few milliseconds so the kill falls sometimes in a training, sometimes in a commit.
        const int after = interruptAfter();
        QByteArray log;
        const bool reached = waitUntilEvaluated(victim, after, log);
        const int delayMs = QRandomGenerator::global()->bounded(40);
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
        const bool stillRunning = victim.state() != QProcess::NotRunning;
        victim.kill(); // SIGKILL: no handler runs, the status stays "running"
        QVERIFY(victim.waitForFinished(10000));
        log += victim.readAllStandardError();
        qInfo("killed %d ms after %d evaluations were reported", delayMs, after);
        if (!stillRunning || victim.exitStatus() != QProcess::CrashExit) {
            // Ended by itself: an error or a crash is a failure, not a skip.
            QVERIFY2(victim.exitStatus() == QProcess::NormalExit && victim.exitCode() == 0, log.constData());
            EDGENAS_SKIP_OR_FAIL("the run finished before the kill landed");
        }
        QVERIFY2(reached, log.constData());
        {
            const auto reader = search::openRunReader(killedDb.toStdString());
            const auto run = reader.run(1);
            QVERIFY(run);
            QCOMPARE(run->status, std::string("running"));
            QVERIFY2(reader.lastGeneration(1).has_value(), "no generation was committed before the kill");
            QVERIFY(reader.lastGeneration(1)->evaluations < 16);
        }

        QProcess resumed;
        resumed.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        resumed.start(EDGENAS_CLI_PATH, {"search", "--resume", "1", "--db", killedDb, "--threads", "1"});
        QVERIFY(resumed.waitForFinished(120000));
        QCOMPARE(resumed.exitCode(), 0);
        QVERIFY(resumed.readAllStandardOutput().contains("finished"));

        QProcess whole;
        whole.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        whole.start(EDGENAS_CLI_PATH, searchArguments(wholeDb));
        QVERIFY(whole.waitForFinished(120000));
        QCOMPARE(whole.exitCode(), 0);

        const auto a = finalFront(killedDb, 1);
        const auto b = finalFront(wholeDb, 1);
        QVERIFY(!b.empty());
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].hash, b[i].hash);
            QCOMPARE(a[i].accuracy, b[i].accuracy);
            QCOMPARE(a[i].params, b[i].params);
        }
        const auto killedReader = search::openRunReader(killedDb.toStdString());
        const auto wholeReader = search::openRunReader(wholeDb.toStdString());
        QCOMPARE(killedReader.run(1)->status, std::string("finished"));
        QCOMPARE(killedReader.candidates(1).size(), wholeReader.candidates(1).size());
        QCOMPARE(killedReader.lastGeneration(1)->evaluations, wholeReader.lastGeneration(1)->evaluations);
    }

    // Ctrl-C: the CLI stops between steps, marks the run interrupted, says how to resume and
    // exits with 130; the run then resumes to the end.
    void ctrlCMarksTheRunInterrupted() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString db = dir.filePath("ctrl-c.db");
        QProcess search;
        search.setReadChannel(QProcess::StandardError);
        search.start(EDGENAS_CLI_PATH, searchArguments(db));
        QVERIFY(search.waitForStarted());
        QByteArray log;
        const bool reached = waitUntilEvaluated(search, interruptAfter(), log);
        if (search.state() == QProcess::NotRunning) {
            QVERIFY2(search.exitCode() == 0, (log + search.readAllStandardError()).constData());
            EDGENAS_SKIP_OR_FAIL("the run finished before Ctrl-C could be sent");
        }
        QVERIFY2(reached, log.constData());
        ::kill(static_cast<pid_t>(search.processId()), SIGINT);
        QVERIFY(search.waitForFinished(60000));
        const QByteArray out = search.readAllStandardOutput();
        if (search.exitCode() == 0)
            EDGENAS_SKIP_OR_FAIL("the run finished before Ctrl-C landed");
        QCOMPARE(search.exitCode(), 130);
        QVERIFY2(out.contains("resume with: edgenas search --resume 1"), out.constData());
        {
            const auto reader = search::openRunReader(db.toStdString());
            QCOMPARE(reader.run(1)->status, std::string("interrupted"));
            QVERIFY(!reader.run(1)->endedAt.empty());
        }
        QProcess resumed;
        resumed.start(EDGENAS_CLI_PATH, {"search", "--resume", "1", "--db", db, "--threads", "1"});
        QVERIFY(resumed.waitForFinished(120000));
        QCOMPARE(resumed.exitCode(), 0);
        const auto reader = search::openRunReader(db.toStdString());
        QCOMPARE(reader.run(1)->status, std::string("finished"));
        QCOMPARE(reader.lastGeneration(1)->evaluations, std::int64_t(16));
    }

    // The first method end to end: real short training for accuracy, energy predicted
    // on an edge device at a chosen DVFS point, each figure stored with its provenance.
    void accuracyAndEnergyOnAnEdgeDevice() {
        QTemporaryDir dir;
        const QString db = dir.filePath("energy.db");
        QStringList args = searchArguments(db);
        args[args.indexOf("accuracy,params")] = "accuracy,energy";
        args[args.indexOf("16")] = "8";
        args << "--device" << "jetson-nano" << "--dvfs" << "gpu-384";
        QProcess run;
        run.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        run.start(EDGENAS_CLI_PATH, args);
        QVERIFY(run.waitForFinished(120000));
        QCOMPARE(run.exitCode(), 0);
        const auto reader = search::openRunReader(db.toStdString());
        const auto config = QJsonDocument::fromJson(QByteArray::fromStdString(reader.run(1)->configJson)).object();
        QCOMPARE(config["device"].toObject()["name"].toString(), QString("jetson-nano"));
        const auto candidates = reader.candidates(1);
        QCOMPARE(candidates.size(), std::size_t(8));
        for (const auto& c : candidates) {
            const core::Metric* accuracy = c.metric("accuracy");
            const core::Metric* energy = c.metric("energy_mj");
            const core::Metric* latency = c.metric("latency_ms");
            QVERIFY(accuracy && energy && latency);
            QVERIFY(accuracy->provenance == core::Provenance::Trained);
            QVERIFY(accuracy->value > 0.0 && accuracy->value <= 1.0);
            QVERIFY(energy->provenance == core::Provenance::Modelled && energy->value > 0.0);
            QVERIFY(latency->provenance == core::Provenance::Modelled && latency->value > 0.0);
        }
        QVERIFY(!reader.lastGeneration(1)->frontCandidateIds.empty());
    }

    void showAndRunsReadTheDatabase() {
        QTemporaryDir dir;
        const QString db = dir.filePath("small.db");
        QProcess run;
        QStringList args = searchArguments(db);
        args[args.indexOf("16")] = "4"; // budget: just the initial population
        run.start(EDGENAS_CLI_PATH, args);
        QVERIFY(run.waitForFinished(120000));
        QCOMPARE(run.exitCode(), 0);
        const QByteArray summary = run.readAllStandardOutput();
        QVERIFY2(summary.contains("Pareto front") && summary.contains(db.toUtf8()), summary.constData());

        QProcess show;
        show.start(EDGENAS_CLI_PATH, {"show", "1", "--db", db, "--json"});
        QVERIFY(show.waitForFinished(30000));
        QCOMPARE(show.exitCode(), 0);
        const auto doc = QJsonDocument::fromJson(show.readAllStandardOutput());
        QCOMPARE(doc.object()["status"].toString(), QString("finished"));
        QVERIFY(!doc.object()["front"].toArray().isEmpty());

        QProcess runs;
        runs.start(EDGENAS_CLI_PATH, {"runs", "--db", db});
        QVERIFY(runs.waitForFinished(30000));
        QCOMPARE(runs.exitCode(), 0);
        QVERIFY(runs.readAllStandardOutput().contains("finished"));

        QProcess bad;
        bad.start(EDGENAS_CLI_PATH, {"search", "--db", db, "--budget", "0"});
        QVERIFY(bad.waitForFinished(30000));
        QCOMPARE(bad.exitCode(), 2);
        QVERIFY(bad.readAllStandardError().contains("budget"));
    }
};

QTEST_GUILESS_MAIN(TestSearchResume)
#include "test_search_resume.moc"
