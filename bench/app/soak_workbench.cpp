// Soak (issue 14, point 8): the workbench window (the same WorkbenchWindow the edgenas-workbench
// executable shows; main.cpp only wraps it) follows searches that `edgenas search` processes
// write one after another into one database, and the shown run is switched every few seconds
// (the live run, then an older one, as a user browsing would; each new search is shown as soon as its
// run appears in the file, so it is followed live). Resident memory (VmRSS) is sampled;
// after the warm-up a least-squares line through the samples gives the growth in % per hour.
// Run it on a real display server: bench/app/soak_workbench.sh wraps it in xvfb-run.
// Usage: soak_workbench [--minutes N (20)] [--warmup-minutes W (3)] [--sample-seconds S (5)]
//                       [--switch-seconds T (15)] [--pause-seconds P (10)] [--edgenas PATH]

#include "app_metatypes.h"
#include "run_browser.h"
#include "workbench_window.h"

#include "search/run_database.h"
#include "store/run_reader.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <sys/types.h>

using namespace edgenas;

namespace {

// This process's resident memory in KiB, from /proc/self/status; 0 when it cannot be read.
double residentKiB() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble();
    return 0;
}

struct Sample {
    double seconds;
    double kib;
};

// Least-squares slope (KiB per second) and the line's value at `at`.
void fitLine(const std::vector<Sample>& samples, double at, double* slope, double* valueAt) {
    double meanT = 0, meanM = 0;
    for (const Sample& s : samples) {
        meanT += s.seconds;
        meanM += s.kib;
    }
    meanT /= double(samples.size());
    meanM /= double(samples.size());
    double covariance = 0, variance = 0;
    for (const Sample& s : samples) {
        covariance += (s.seconds - meanT) * (s.kib - meanM);
        variance += (s.seconds - meanT) * (s.seconds - meanT);
    }
    *slope = variance > 0 ? covariance / variance : 0;
    *valueAt = meanM + *slope * (at - meanT);
}

// A modelled run of 50 generations: about 1.5 s of work on one core, stretched about tenfold
// by the pacing below.
QStringList searchArguments(const QString& db, int seed) {
    return {QStringLiteral("search"),   QStringLiteral("--space"),        QStringLiteral("nb201"),
            QStringLiteral("--objectives"), QStringLiteral("params,latency"), QStringLiteral("--device"),
            QStringLiteral("raspberry-pi-4"), QStringLiteral("--budget"),   QStringLiteral("1000"),
            QStringLiteral("--population"), QStringLiteral("20"),           QStringLiteral("--seed"),
            QString::number(seed),      QStringLiteral("--threads"),      QStringLiteral("1"),
            QStringLiteral("--name"),   QStringLiteral("soak %1").arg(seed), QStringLiteral("--db"),
            db};
}

int usage() {
    std::fprintf(stderr, "usage: soak_workbench [--minutes N] [--warmup-minutes W] [--sample-seconds S] "
                         "[--switch-seconds T] [--pause-seconds P] [--edgenas PATH]\n");
    return 2;
}

} // namespace

int main(int argc, char* argv[]) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM") && !qEnvironmentVariableIsSet("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    QTemporaryDir dir;
    QCoreApplication::setOrganizationName(QStringLiteral("EdgeNASBench"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());

    double minutes = 20, warmupMinutes = 3, sampleSeconds = 5, switchSeconds = 15, pauseSeconds = 10;
    QString cli = QStringLiteral(EDGENAS_CLI_PATH);
    for (int i = 1; i < argc; ++i) {
        const bool hasValue = i + 1 < argc;
        if (!std::strcmp(argv[i], "--minutes") && hasValue)
            minutes = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--warmup-minutes") && hasValue)
            warmupMinutes = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--sample-seconds") && hasValue)
            sampleSeconds = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--switch-seconds") && hasValue)
            switchSeconds = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--pause-seconds") && hasValue)
            pauseSeconds = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--edgenas") && hasValue)
            cli = QString::fromLocal8Bit(argv[++i]);
        else
            return usage();
    }
    if (minutes <= 0 || warmupMinutes < 0 || warmupMinutes >= minutes || sampleSeconds <= 0 || switchSeconds <= 0 ||
        pauseSeconds < 0) {
        std::fprintf(stderr, "the durations must be positive and the warm-up shorter than the soak\n");
        return usage();
    }

    const QString db = dir.filePath(QStringLiteral("soak.sqlite"));
    std::printf("Workbench soak: %.1f min on %s, following CLI searches, switching runs every %.0f s, "
                "VmRSS every %.0f s, fitted after %.1f min\n",
                minutes, qPrintable(QGuiApplication::platformName()), switchSeconds, sampleSeconds, warmupMinutes);
    std::fflush(stdout);

    app::registerAppMetaTypes();
    app::WorkbenchWindow window;
    window.resize(1400, 900);
    window.show();

    QElapsedTimer clock;
    clock.start();
    int writers = 0, writerFailures = 0, switches = 0, showFailures = 0;
    QStringList problems;

    // Writers one after another, with a pause between them so the database (and the Runs list)
    // stays of a size a user keeps: growth in memory must not be growth in data.
    QProcess writer;
    writer.setStandardOutputFile(QProcess::nullDevice());
    auto startWriter = [&] {
        writer.start(cli, searchArguments(db, ++writers));
    };
    QObject::connect(&writer, &QProcess::finished, [&](int code, QProcess::ExitStatus status) {
        if (status != QProcess::NormalExit || code != 0) {
            ++writerFailures;
            problems << QStringLiteral("writer %1 ended with %2: %3")
                            .arg(writers)
                            .arg(code)
                            .arg(QString::fromUtf8(writer.readAllStandardError().right(300)));
        }
        if (clock.elapsed() < minutes * 60000)
            QTimer::singleShot(int(pauseSeconds * 1000), startWriter);
    });
    startWriter();

    // Modelled runs take a second or two; a user follows searches that take minutes. The writer is
    // paced like a slow one: stopped (SIGSTOP) 9 ticks of 100 ms out of 10, anywhere in its work,
    // commits included, so the window also reads while a writer holds the lock.
    QTimer pacer;
    pacer.setInterval(100);
    int tick = 0;
    auto resumeWriter = [&] {
        if (writer.state() == QProcess::Running)
            ::kill(pid_t(writer.processId()), SIGCONT);
    };
    QObject::connect(&pacer, &QTimer::timeout, [&] {
        if (writer.state() != QProcess::Running)
            return;
        ::kill(pid_t(writer.processId()), ++tick % 10 == 0 ? SIGCONT : SIGSTOP);
    });
    pacer.start();

    // Switch the shown run: the newest (often live, followed) one, then a random older one; and
    // each new writer's run as soon as it appears, so every search is followed live.
    QTimer switcher;
    switcher.setInterval(int(switchSeconds * 1000));
    bool newest = true;
    int liveShows = 0;
    auto showRun = [&] {
        std::vector<store::RunSummary> runs;
        try {
            runs = search::openRunReader(db.toStdString()).listRuns();
        } catch (const std::exception&) {
            return;  // the first writer has not made its tables yet
        }
        if (runs.empty())
            return;
        QString error;
        if (window.runBrowser()->databasePath().isEmpty() && !window.openDatabase(db, &error)) {
            problems << error;
            return;
        }
        const qint64 id = newest ? runs.back().run.id
                                 : runs[QRandomGenerator::global()->bounded(int(runs.size()))].run.id;
        newest = !newest;
        ++switches;
        if (!window.showStoredRun(db, id, &error)) {
            ++showFailures;
            problems << error;
        } else if (window.shownStatus() == QStringLiteral("following")) {
            ++liveShows;
        }
    };
    QObject::connect(&switcher, &QTimer::timeout, showRun);
    // A new writer's run is shown as soon as it appears in the file.
    qint64 lastNewRun = 0;
    QTimer newRunWatch;
    newRunWatch.setInterval(500);
    QObject::connect(&newRunWatch, &QTimer::timeout, [&] {
        if (writer.state() != QProcess::Running)
            return;
        try {
            const std::vector<store::RunSummary> runs = search::openRunReader(db.toStdString()).listRuns();
            if (runs.empty() || runs.back().run.id <= lastNewRun || runs.back().run.status != "running")
                return;
            lastNewRun = runs.back().run.id;
        } catch (const std::exception&) {
            return;
        }
        newest = true;
        showRun();
    });
    switcher.start();
    newRunWatch.start();

    std::vector<Sample> samples;
    QTimer sampler;
    sampler.setInterval(int(sampleSeconds * 1000));
    QObject::connect(&sampler, &QTimer::timeout, [&] {
        const double seconds = double(clock.elapsed()) / 1000.0;
        samples.push_back({seconds, residentKiB()});
        if (samples.size() % std::max(1, int(60 / sampleSeconds)) == 0) {
            std::printf("  %5.1f min  VmRSS %8.0f KiB  writers %d  switches %d\n", seconds / 60, samples.back().kib,
                        writers, switches);
            std::fflush(stdout);
        }
        if (seconds >= minutes * 60) {
            switcher.stop();
            sampler.stop();
            QCoreApplication::quit();
        }
    });
    sampler.start();
    application.exec();
    pacer.stop();
    newRunWatch.stop();
    resumeWriter();
    if (writer.state() != QProcess::NotRunning)
        writer.waitForFinished(60000);

    std::vector<Sample> fitted;
    for (const Sample& s : samples)
        if (s.seconds >= warmupMinutes * 60)
            fitted.push_back(s);
    if (fitted.size() < 3) {
        std::fprintf(stderr, "too few samples after the warm-up (%zu)\n", fitted.size());
        return 1;
    }
    double slope = 0, atWarmup = 0;
    fitLine(fitted, warmupMinutes * 60, &slope, &atWarmup);
    const double growthPerHour = atWarmup > 0 ? slope * 3600 / atWarmup * 100 : 0;
    std::printf("  writers                %d (failed %d)\n", writers, writerFailures);
    std::printf("  run switches           %d (failed %d), %d of them to a run being written (counted)\n", switches,
                showFailures, liveShows);
    std::printf("  samples                %zu, %zu after the warm-up (counted)\n", samples.size(), fitted.size());
    std::printf("  VmRSS                  %.0f KiB at the warm-up's end (fitted), %.0f KiB last (measured)\n",
                atWarmup, fitted.back().kib);
    std::printf("  growth after warm-up   %+.2f %% per hour (measured; fitted least-squares line; target < 5)\n",
                growthPerHour);
    for (const QString& problem : problems)
        std::printf("  problem: %s\n", qPrintable(problem));
    return problems.isEmpty() ? 0 : 1;
}
