// Prints the longest gap between ticks of a 5 ms timer on the GUI thread while the workbench
// window runs a search: the stall a user would feel (target < 50 ms). Two cases: a real search
// (training on Fashion-MNIST, LibTorch competing for the cores) and a flood of instant
// candidates (thousands per second into the plot, table and log).
// Usage: bench_app [--real-only | --flood-only] [--threads N]
// Runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise.

#include "fake_evaluators.h"

#include "models/torch_runtime.h"
#include "search_session.h"
#include "workbench_window.h"

#include "widgets/candidate_table_view.h"
#include "widgets/pareto_plot.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace edgenas;

namespace {

struct Stalls {
    double maxMs = 0.0;
    double p99Ms = 0.0;
    double meanMs = 0.0;
    int ticks = 0;
    double seconds = 0.0;
    int candidates = 0;
    QString status;
};

// Runs `config` in a fresh window and records the gaps between 5 ms timer ticks until it ends.
Stalls measure(const search::RunConfig& config, const QString& db,
               std::shared_ptr<search::EvaluatorProvider> provider) {
    app::WorkbenchWindow window;
    window.resize(1280, 800);
    window.show();
    if (provider)
        window.setEvaluatorProvider(std::move(provider));

    std::vector<double> gaps;
    QElapsedTimer clock;
    QElapsedTimer total;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        gaps.push_back(double(clock.nsecsElapsed()) / 1e6);
        clock.restart();
    });

    Stalls out;
    QEventLoop loop;
    QObject::connect(&window, &app::WorkbenchWindow::searchFinished, [&](qint64, const QString& status) {
        out.status = status;
        loop.quit();
    });
    QString error;
    if (!window.startSearch(config, db, QStringLiteral("bench"), &error)) {
        std::fprintf(stderr, "bench_app: %s\n", qPrintable(error));
        std::exit(1);
    }
    clock.start();
    total.start();
    tick.start();
    loop.exec();
    tick.stop();
    out.seconds = double(total.elapsed()) / 1000.0;
    window.paretoPlot()->replotNow();
    out.candidates = window.paretoPlot()->pointCount();

    if (gaps.empty())
        return out;
    // A tick is due every 5 ms; a longer gap is time the event loop spent busy elsewhere.
    std::vector<double> late = gaps;
    std::sort(late.begin(), late.end());
    out.ticks = int(late.size());
    out.maxMs = late.back();
    out.p99Ms = late[std::size_t(double(late.size() - 1) * 0.99)];
    double sum = 0.0;
    for (double g : late)
        sum += g;
    out.meanMs = sum / double(late.size());
    return out;
}

void print(const char* name, const Stalls& s) {
    std::printf("%-34s %6.1f s  %6d candidates  %6d ticks  gap mean %5.1f ms  p99 %6.1f ms  max %6.1f ms  (%s)\n",
                name, s.seconds, s.candidates, s.ticks, s.meanMs, s.p99Ms, s.maxMs, qPrintable(s.status));
}

} // namespace

int main(int argc, char* argv[]) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    models::restartWithPassiveOpenMp(argv);
    QApplication app(argc, argv);
    QTemporaryDir dir;
    QCoreApplication::setOrganizationName(QStringLiteral("EdgeNASBench"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());

    bool real = true, flood = true;
    int threads = 1;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--real-only"))
            flood = false;
        else if (!std::strcmp(argv[i], "--flood-only"))
            real = false;
        else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = std::atoi(argv[++i]);
        else {
            std::fprintf(stderr, "usage: bench_app [--real-only | --flood-only] [--threads N]\n");
            return 2;
        }
    }

    std::printf("GUI event-loop stalls while the workbench runs a search (5 ms timer; target: max < 50 ms)\n");
    if (real) {
        search::RunConfig c;
        c.space = "nb201";
        c.spaceChannels = 8;
        c.spaceCells = 1;
        c.objectives = {"accuracy", "latency"};
        c.device = "raspberry-pi-4";
        c.evaluations = 16;
        c.population = 8;
        c.trainSubset = 1000;
        c.validationSubset = 500;
        c.datasetDirectory = EDGENAS_FASHION_MNIST_DIR;
        c.threads = threads;
        c.seed = 3;
        char name[64];
        std::snprintf(name, sizeof name, "real training (%d thread%s)", threads, threads == 1 ? "" : "s");
        print(name, measure(c, dir.filePath(QStringLiteral("real.sqlite")), nullptr));
    }
    if (flood) {
        search::RunConfig c;
        c.space = "nb201";
        c.spaceChannels = 4;
        c.spaceCells = 1;
        c.objectives = {"accuracy", "params"};
        c.evaluations = 5000;
        c.population = 100;
        c.threads = 1;
        c.seed = 5;
        print("instant candidates (5000)", measure(c, dir.filePath(QStringLiteral("flood.sqlite")),
                                                  std::make_shared<search::test::FakeEvaluators>()));
    }
    return 0;
}
