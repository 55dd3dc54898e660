// Takes the README's screenshots: the main window during a real small search (a candidate
// selected, then two compared), and the launch dialog. Run it under a display, e.g.
//   xvfb-run -a -s "-screen 0 1400x900x24" build/release/bin/workbench_screenshots docs/screenshots
// Usage: workbench_screenshots OUTPUT_FOLDER

#include "launch_dialog.h"
#include "log_panel.h"
#include "models/torch_runtime.h"
#include "search_session.h"
#include "steering_panel.h"
#include "workbench_window.h"

#include "widgets/candidate_table_view.h"
#include "widgets/pareto_plot.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QEventLoop>
#include <QPixmap>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace edgenas;

namespace {

void settle(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool save(QWidget* widget, const QString& path) {
    const QPixmap shot = widget->grab();
    if (!shot.save(path, "PNG")) {
        std::fprintf(stderr, "workbench_screenshots: cannot write %s\n", qPrintable(path));
        return false;
    }
    std::printf("%s (%dx%d)\n", qPrintable(path), shot.width(), shot.height());
    return true;
}

} // namespace

int main(int argc, char* argv[]) {
    models::restartWithPassiveOpenMp(argv);
    QApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: workbench_screenshots OUTPUT_FOLDER\n");
        return 2;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]));
    QDir().mkpath(out.path());
    QTemporaryDir dir;
    QCoreApplication::setOrganizationName(QStringLiteral("EdgeNASScreenshots"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());

    app::WorkbenchWindow window;
    window.resize(1360, 860);
    window.show();
    settle(300);

    search::RunConfig c;
    c.space = "nb201";
    c.spaceChannels = 4;
    c.spaceCells = 1;
    c.objectives = {"accuracy", "latency"};
    c.device = "raspberry-pi-4";
    c.evaluations = 30;
    c.population = 6;
    c.trainSubset = 2000;
    c.validationSubset = 500;
    c.trainBatch = 32;
    c.datasetDirectory = EDGENAS_FASHION_MNIST_DIR;
    c.threads = 2;
    c.seed = 21;
    const QString db = dir.filePath(QStringLiteral("screenshots.sqlite"));

    // The launch dialog as a user would fill it in.
    app::LaunchDialog* dialog = window.showLaunchDialog();
    dialog->setConfig(c);
    dialog->setDatabasePath(QDir::home().filePath(QStringLiteral(".local/share/edgenas/runs/workbench.sqlite")));
    dialog->adjustSize();
    settle(300);
    save(dialog, out.filePath(QStringLiteral("launch-dialog.png")));
    dialog->reject();

    QString error;
    if (!window.startSearch(c, db, QStringLiteral("nsga2 on NB201, Raspberry Pi 4"), &error)) {
        std::fprintf(stderr, "workbench_screenshots: %s\n", qPrintable(error));
        return 1;
    }
    // After the first generation, bound the latency from the steering panel at about the 70th
    // percentile of what has been seen, as a user would: the plot shades the infeasible side.
    while (window.isSearchRunning() && window.candidateTable()->model()->rowCount() < 6)
        settle(200);
    std::vector<double> latencies;
    const widgets::CandidateTableModel* model = window.candidateTable()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        if (const core::Metric* m = model->candidateAt(row).metric("latency_ms"))
            latencies.push_back(m->value);
    if (!latencies.empty()) {
        std::sort(latencies.begin(), latencies.end());
        const double bound = latencies[latencies.size() * 7 / 10];
        window.steeringPanel()->applyBound(QStringLiteral("latency"), app::SteeringPanel::BoundSide::AtMost,
                                           std::round(bound * 100.0) / 100.0, &error);
    }
    // Mid-run: wait until three generations are in, then select a front member.
    while (window.isSearchRunning() && window.candidateTable()->model()->rowCount() < 18)
        settle(200);
    QList<qint64> front = window.paretoPlot()->frontIds();
    if (!front.isEmpty())
        window.selectCandidates({front.last()});
    settle(800);
    save(&window, out.filePath(QStringLiteral("workbench-running.png")));

    QString status;
    QObject::connect(&window, &app::WorkbenchWindow::searchFinished,
                     [&status](qint64, const QString& s) { status = s; });
    while (window.isSearchRunning())
        settle(200);
    settle(500);
    std::printf("run %s\n", qPrintable(status));
    std::fflush(stdout);
    front = window.paretoPlot()->frontIds();
    if (front.size() >= 2) {
        window.selectCandidates({front.first(), front.last()});
        if (QDockWidget* compare = window.panelDock(QStringLiteral("compare"))) {
            compare->show();
            compare->raise();
        }
    }
    settle(800);
    save(&window, out.filePath(QStringLiteral("workbench-compare.png")));
    if (status != QLatin1String("finished")) {
        std::fprintf(stderr, "workbench_screenshots: the run ended %s:\n%s\n", qPrintable(status),
                     qPrintable(window.logPanel()->text()));
        return 1;
    }
    return 0;
}
