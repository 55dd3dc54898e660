#include "app_test_support.h"

#include "launch_dialog.h"
#include "log_panel.h"
#include "run_browser.h"
#include "run_progress_panel.h"
#include "search_session.h"
#include "steering_panel.h"
#include "workbench_window.h"

#include "search/run_database.h"
#include "search/run_space.h"
#include "search/search_runner.h"
#include "store/run_reader.h"
#include "core/canonical_form.h"
#include "spaces/rng.h"
#include "spaces/search_space.h"
#include "spaces/space_factory.h"
#include "widgets/architecture_view.h"
#include "widgets/candidate_table_view.h"
#include "widgets/hypervolume_plot.h"
#include "widgets/pareto_plot.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest/QtTest>

using namespace edgenas;
using namespace std::chrono_literals;

namespace {

// A real search, small enough for a test: NB201 C=4 N=1 on 256 Fashion-MNIST images, latency
// predicted for a Raspberry Pi 4 (modelled, no timing on this busy machine).
search::RunConfig realTinyConfig() {
    search::RunConfig c = app::test::tinyConfig(6, 3);
    c.objectives = {"accuracy", "latency"};
    c.device = "raspberry-pi-4";
    c.trainSubset = 256;
    c.validationSubset = 256;
    c.trainBatch = 64;
    c.datasetDirectory = EDGENAS_FASHION_MNIST_DIR;
    return c;
}

} // namespace

// The main window end to end: launch from the dialog, watch, select, export, replay, close.
class TestWorkbenchWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        app::test::isolateSettings(m_dir);
    }

    void launchesTinyRealSearch() {
        const QString db = m_dir.filePath(QStringLiteral("e2e.sqlite"));
        app::WorkbenchWindow window;
        window.show();
        QSignalSpy finished(&window, &app::WorkbenchWindow::searchFinished);

        app::LaunchDialog* dialog = window.showLaunchDialog();
        QVERIFY(dialog);
        dialog->setConfig(realTinyConfig());
        dialog->setDatabasePath(db);
        dialog->setRunName(QStringLiteral("e2e"));
        QPushButton* start = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY2(start->isEnabled(), qPrintable(dialog->messageText()));
        start->click();
        QVERIFY(window.isSearchRunning());
        QVERIFY(window.pauseAction()->isEnabled());
        QVERIFY(finished.wait(180'000));
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("finished"));
        QVERIFY(!window.isSearchRunning());

        const qint64 runId = finished.first().at(0).toLongLong();
        QCOMPARE(window.shownRunId(), runId);
        const auto reader = search::openRunReader(db.toStdString());
        const auto run = reader.run(runId);
        QVERIFY(run);
        QCOMPARE(run->name, std::string("e2e"));
        QCOMPARE(run->status, std::string("finished"));
        const auto stored = reader.candidates(runId);
        QCOMPARE(int(stored.size()), 6);
        for (const auto& c : stored) {
            QVERIFY(c.metric("accuracy"));
            QVERIFY(c.metric("latency_ms"));
        }

        window.paretoPlot()->replotNow();
        QCOMPARE(window.paretoPlot()->pointCount(), 6);
        QCOMPARE(window.paretoPlot()->xMetric(), QStringLiteral("latency_ms"));
        QCOMPARE(window.paretoPlot()->yMetric(), QStringLiteral("accuracy"));
        QCOMPARE(window.candidateTable()->model()->rowCount(), 6);
        QCOMPARE(window.progressPanel()->done(), 6);
        window.progressPanel()->hypervolumePlot()->replotNow();
        QCOMPARE(window.progressPanel()->hypervolumePlot()->sampleCount(), int(reader.generations(runId).size()));
        QVERIFY(window.logPanel()->text().contains(QStringLiteral("finished")));
        // The browser lists the database the run went to.
        QCOMPARE(window.runBrowser()->databasePath(), QFileInfo(db).absoluteFilePath());

        // Selecting in the plot's place selects in the table and shows the network.
        const QList<qint64> two{stored[0].id, stored[1].id};
        window.selectCandidates(two);
        QCOMPARE(window.candidateTable()->selectedIds(), two);
        QCOMPARE(window.paretoPlot()->selectedIds(), two);
        QVERIFY(window.architectureView()->nodeItemCount() > 0);

        // The table as CSV: a header and one line per candidate.
        const QString csv = m_dir.filePath(QStringLiteral("e2e.csv"));
        QString error;
        QVERIFY2(window.exportTableCsv(csv, &error), qPrintable(error));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csvFile.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 7);
        QVERIFY2(lines[0].contains("accuracy") && lines[0].contains("latency_ms"), lines[0].constData());

        // Report as HTML and PDF.
        const QString html = m_dir.filePath(QStringLiteral("e2e.html"));
        QVERIFY2(window.writeReport(html, &error), qPrintable(error));
        QFile htmlFile(html);
        QVERIFY(htmlFile.open(QIODevice::ReadOnly));
        const QByteArray page = htmlFile.readAll();
        QVERIFY(page.contains("e2e"));
        QVERIFY(page.contains("data:image/png;base64,"));
        const QString pdf = m_dir.filePath(QStringLiteral("e2e.pdf"));
        QVERIFY2(window.writeReport(pdf, &error), qPrintable(error));
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.read(5) == "%PDF-");

        // One candidate: architecture JSON, trained weights and TorchScript.
        window.selectCandidates({stored[0].id});
        QSignalSpy exported(&window, &app::WorkbenchWindow::exportFinished);
        QSignalSpy exportFailed(&window, &app::WorkbenchWindow::exportFailed);
        const QString folder = m_dir.filePath(QStringLiteral("export"));
        QDir().mkpath(folder);
        QVERIFY2(window.exportSelectedCandidate(folder, true, true, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!exported.isEmpty() || !exportFailed.isEmpty(), 120'000);
        QVERIFY2(exportFailed.isEmpty(), exportFailed.isEmpty() ? "" : qPrintable(exportFailed.first().at(0).toString()));
        const QStringList files = exported.first().at(0).toStringList();
        QVERIFY(files.size() >= 3);
        bool json = false, weights = false, script = false;
        for (const QString& f : files) {
            QVERIFY2(QFileInfo(f).size() > 0, qPrintable(f));
            json = json || f.endsWith(QStringLiteral(".json"));
            script = script || f.endsWith(QStringLiteral(".torchscript.pt"));
            weights = weights || (f.endsWith(QStringLiteral(".pt")) && !f.endsWith(QStringLiteral(".torchscript.pt")));
        }
        QVERIFY(json && weights && script);
        // The run lists what was made from it: two reports and the three exported files (noted
        // on the exports' editor thread, so they may land just after the export finished).
        QTRY_COMPARE(int(search::openRunReader(db.toStdString()).artefacts(runId).size()), 5);
        const auto artefacts = search::openRunReader(db.toStdString()).artefacts(runId);
        int forCandidate = 0;
        for (const auto& a : artefacts)
            forCandidate += a.candidateId && *a.candidateId == stored[0].id ? 1 : 0;
        QCOMPARE(forCandidate, 3);

        // The stored run replays into the same views.
        app::WorkbenchWindow replay;
        QVERIFY2(replay.showStoredRun(db, runId, &error), qPrintable(error));
        replay.paretoPlot()->replotNow();
        QCOMPARE(replay.paretoPlot()->pointCount(), 6);
        QCOMPARE(replay.candidateTable()->model()->rowCount(), 6);
        QCOMPARE(replay.shownStatus(), QStringLiteral("finished"));
    }

    // HW-EvRSNAS trains only its finalists, so its runs are drawn as similarity against cost; a
    // sweep's front run, whose points all carry trained accuracy, as accuracy against cost.
    void storedEvrsnasRunsPlotTheirProxy() {
        const std::string db = m_dir.filePath(QStringLiteral("evrsnas.sqlite")).toStdString();
        auto makeRun = [&](const std::vector<std::string>& objectives, const std::string& method, bool trained) {
            search::RunConfig config = app::test::tinyConfig();
            config.method = method == "nsga2" ? "nsga2" : "evrsnas";
            config.objectives = objectives;
            config.device = "raspberry-pi-4";
            store::RunStore writer = search::openRunStore(db);
            store::RunRecord record;
            record.name = method;
            record.method = method;
            record.configJson = search::toJson(config);
            const std::int64_t runId = writer.createRun(record);
            const auto space = spaces::makeSearchSpace("nb201", search::spaceOptionsFor(config));
            spaces::Rng rng(5);
            std::vector<core::Candidate> candidates;
            for (int i = 0; i < 4; ++i) {
                const spaces::Genome genome = space->sample(rng);
                const core::Architecture arch = space->decode(genome);
                core::Candidate c;
                c.hash = core::canonicalHash(arch);
                c.genome = spaces::genomeToIntList(genome);
                c.architectureJson = search::candidateArchitectureJson(arch);
                c.metrics = {{"latency_ms", 1.0 + i, "ms", core::Provenance::Modelled},
                             {"rmi_phi", 0.5 + 0.1 * i, "", core::Provenance::Proxy},
                             {"params", 100.0 - i, "", core::Provenance::Counted}};
                if (trained)
                    c.metrics.push_back({"accuracy", 0.6 + 0.05 * i, "", core::Provenance::Trained});
                candidates.push_back(c);
            }
            store::GenerationRecord generation;
            generation.generation = 0;
            writer.commitGeneration(runId, generation, candidates);
            writer.setRunStatus(runId, "finished");
            return runId;
        };
        const std::int64_t searchRun = makeRun({"latency"}, "evrsnas", false);
        const std::int64_t sweepRun = makeRun({"accuracy", "latency"}, "evrsnas-sweep", true);

        app::WorkbenchWindow window;
        QString error;
        QVERIFY2(window.showStoredRun(QString::fromStdString(db), searchRun, &error), qPrintable(error));
        window.paretoPlot()->replotNow();
        QCOMPARE(window.paretoPlot()->xMetric(), QStringLiteral("latency_ms"));
        QCOMPARE(window.paretoPlot()->yMetric(), QStringLiteral("rmi_phi"));
        QCOMPARE(window.paretoPlot()->pointCount(), 4);
        QCOMPARE(window.paretoPlot()->frontIds().size(), 4);  // slower but more similar each time

        QVERIFY2(window.showStoredRun(QString::fromStdString(db), sweepRun, &error), qPrintable(error));
        window.paretoPlot()->replotNow();
        QCOMPARE(window.paretoPlot()->yMetric(), QStringLiteral("accuracy"));
        QCOMPARE(window.paretoPlot()->pointCount(), 4);

        // Two costs, no accuracy: one against the other, every point drawn.
        const std::int64_t costRun = makeRun({"params", "latency"}, "nsga2", false);
        QVERIFY2(window.showStoredRun(QString::fromStdString(db), costRun, &error), qPrintable(error));
        window.paretoPlot()->replotNow();
        QCOMPARE(window.paretoPlot()->xMetric(), QStringLiteral("params"));
        QCOMPARE(window.paretoPlot()->yMetric(), QStringLiteral("latency_ms"));
        QCOMPARE(window.paretoPlot()->pointCount(), 4);
    }

    void closingDuringRunInterruptsIt() {
        const QString db = m_dir.filePath(QStringLiteral("close.sqlite"));
        app::WorkbenchWindow window;
        window.setEvaluatorProvider(std::make_shared<app::test::SlowEvaluators>(40ms));
        window.show();
        QSignalSpy finished(&window, &app::WorkbenchWindow::searchFinished);
        QString error;
        QVERIFY2(window.startSearch(app::test::tinyConfig(400, 6), db, QStringLiteral("closing"), &error),
                 qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->runId() >= 0, 30'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.candidateTable()->model()->rowCount() > 0, 30'000);

        // Steering from the panel moves the plot's bound line (x is params here).
        using Side = app::SteeringPanel::BoundSide;
        QVERIFY2(window.steeringPanel()->applyBound(QStringLiteral("params"), Side::AtMost, 4000.0, &error),
                 qPrintable(error));
        QCOMPARE(window.paretoPlot()->constraint().value_or(-1.0), 4000.0);
        // A floor on accuracy joins it (both shaded); an empty range is refused, naming the metric.
        QVERIFY2(window.steeringPanel()->applyBound(QStringLiteral("accuracy"), Side::AtLeast, 0.5, &error),
                 qPrintable(error));
        const widgets::MetricBounds bounds = window.paretoPlot()->bounds();
        const auto accuracy = std::find_if(bounds.begin(), bounds.end(),
                                           [](const widgets::MetricBound& b) { return b.metric == "accuracy"; });
        QVERIFY(accuracy != bounds.end());
        QCOMPARE(accuracy->lower.value_or(-1.0), 0.5);
        QCOMPARE(window.paretoPlot()->constraint().value_or(-1.0), 4000.0);
        QVERIFY(!window.steeringPanel()->applyBound(QStringLiteral("params"), Side::AtLeast, 5000.0, &error));
        QVERIFY2(error.contains(QStringLiteral("Parameters")), qPrintable(error));
        // A third objective steered mid-run brings the Objectives dock and colours the plot by it.
        QVERIFY(window.panelDock(QStringLiteral("parallel"))->isHidden());
        QVERIFY2(window.steeringPanel()->applyObjectives({QStringLiteral("accuracy"), QStringLiteral("params"),
                                                          QStringLiteral("macs")},
                                                         &error),
                 qPrintable(error));
        QVERIFY(!window.panelDock(QStringLiteral("parallel"))->isHidden());
        QCOMPARE(window.paretoPlot()->colourMetric(), QStringLiteral("macs"));

        QVERIFY(!window.close());  // refused for now: the run stops first
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("interrupted"));
        QTRY_VERIFY(!window.isVisible());
        const auto reader = search::openRunReader(db.toStdString());
        const qint64 runId = finished.first().at(0).toLongLong();
        QCOMPARE(reader.run(runId)->status, std::string("interrupted"));
        QVERIFY(reader.candidates(runId).size() < 400);
    }

    void pauseActionPausesTheEngine() {
        const QString db = m_dir.filePath(QStringLiteral("pause.sqlite"));
        app::WorkbenchWindow window;
        window.setEvaluatorProvider(std::make_shared<app::test::SlowEvaluators>(20ms));
        QSignalSpy finished(&window, &app::WorkbenchWindow::searchFinished);
        QString error;
        QVERIFY(window.startSearch(app::test::tinyConfig(60, 6), db, {}, &error));
        window.pauseAction()->trigger();
        QVERIFY(window.session()->isPaused());
        QCOMPARE(window.pauseAction()->text().remove(QLatin1Char('&')), QStringLiteral("Resume"));
        QTest::qWait(300);
        const int before = window.candidateTable()->model()->rowCount();
        QTest::qWait(300);
        QCOMPARE(window.candidateTable()->model()->rowCount(), before);
        QVERIFY(finished.isEmpty());
        window.pauseAction()->trigger();
        QVERIFY(!window.session()->isPaused());
        QVERIFY(finished.wait(60'000));
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("finished"));
        window.paretoPlot()->replotNow();
        QCOMPARE(window.paretoPlot()->pointCount(), 60);
    }

    void stopThenResumeFromBrowser() {
        const QString db = m_dir.filePath(QStringLiteral("resume.sqlite"));
        app::WorkbenchWindow window;
        window.setEvaluatorProvider(std::make_shared<app::test::SlowEvaluators>(20ms));
        QSignalSpy finished(&window, &app::WorkbenchWindow::searchFinished);
        QString error;
        QVERIFY(window.startSearch(app::test::tinyConfig(30, 6), db, {}, &error));
        QTRY_VERIFY_WITH_TIMEOUT(window.candidateTable()->model()->rowCount() >= 6, 30'000);
        window.stopAction()->trigger();
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("interrupted"));
        const qint64 runId = finished.first().at(0).toLongLong();

        // The Runs panel lists the stopped run; resuming it continues the same run id.
        QCOMPARE(window.runBrowser()->databasePath(), QFileInfo(db).absoluteFilePath());
        QVERIFY2(window.resumeSearch(db, runId, &error), qPrintable(error));
        QVERIFY(finished.wait(60'000));
        QCOMPARE(finished.last().at(0).toLongLong(), runId);
        QCOMPARE(finished.last().at(1).toString(), QStringLiteral("finished"));
        const auto reader = search::openRunReader(db.toStdString());
        QCOMPARE(reader.run(runId)->status, std::string("finished"));
        QCOMPARE(int(reader.candidates(runId).size()), 30);
        // The views hold the whole run: the committed part replayed, then the rest live.
        window.paretoPlot()->replotNow();
        QCOMPARE(window.paretoPlot()->pointCount(), 30);
        QCOMPARE(window.candidateTable()->model()->rowCount(), 30);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestWorkbenchWindow)
#include "test_workbench_window.moc"
