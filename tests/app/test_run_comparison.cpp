#include "app_test_support.h"
#include "log_panel.h"
#include "run_browser.h"
#include "run_comparison.h"
#include "run_comparison_controller.h"
#include "run_progress_panel.h"
#include "workbench_window.h"

#include "search/run_config.h"
#include "search/run_database.h"
#include "store/run_store.h"
#include "widgets/hypervolume_plot.h"
#include "widgets/pareto_plot.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QtTest/QtTest>

#include <array>

using namespace edgenas;

namespace {

// (latency ms, accuracy, generation) per candidate.
using Figures = std::vector<std::array<double, 3>>;

// A run written by hand: exact figures, so fronts and hypervolumes can be worked out on paper.
std::int64_t writeRun(const QString& db, const std::string& name, const std::string& method,
                      const std::vector<std::string>& objectives, std::uint64_t seed, const Figures& figures) {
    search::RunConfig config = app::test::tinyConfig();
    config.method = method;
    config.objectives = objectives;
    config.seed = seed;
    config.device = "raspberry-pi-4";
    store::RunStore writer = search::openRunStore(db.toStdString());
    store::RunRecord record;
    record.name = name;
    record.method = method;
    record.seed = seed;
    record.configJson = search::toJson(config);
    const std::int64_t runId = writer.createRun(record);
    int generation = -1;
    std::vector<core::Candidate> batch;
    const auto commit = [&] {
        if (batch.empty())
            return;
        store::GenerationRecord g;
        g.generation = generation;
        writer.commitGeneration(runId, g, batch);
        batch.clear();
    };
    int n = 0;
    for (const auto& [latency, accuracy, gen] : figures) {
        if (static_cast<int>(gen) != generation) {
            commit();
            generation = static_cast<int>(gen);
        }
        core::Candidate c;
        c.generation = generation;
        c.hash = name + "-" + std::to_string(n++);
        c.architectureJson = R"({"nodes":[]})";
        c.metrics = {{"latency_ms", latency, "ms", core::Provenance::Modelled},
                     {"accuracy", accuracy, "", core::Provenance::Trained},
                     {"params", 1000.0 + n, "", core::Provenance::Counted}};
        batch.push_back(c);
    }
    commit();
    writer.setRunStatus(runId, "finished");
    return runId;
}

} // namespace

// Several stored runs overlaid on the shown one: what is read and reduced, what the plots show,
// and the runs that must be refused.
class TestRunComparison : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        app::test::isolateSettings(m_dir);
        m_db = m_dir.filePath(QStringLiteral("runs.sqlite"));
        // Every run is normalised by the largest latency of ALL compared runs (40 ms, the other
        // run's; the shown run's own largest is 20). Shown: (1-acc, lat/40) = (0.5, 0.25) then
        // (0.2, 0.5). Reference 1.1: HV 0.51 after generation 0, 0.69 after 1.
        m_shown = writeRun(m_db, "seed 1", "nsga2", {"accuracy", "latency"}, 1, {{{10, 0.5, 0}, {20, 0.8, 1}}});
        // (0.4, 0.125) and a dominated (0.5, 0.3): HV 0.6825 after gen 0; with (0.1, 1.0) 0.7125 after gen 1.
        m_other = writeRun(m_db, "seed 2", "random", {"latency", "accuracy"}, 2,
                           {{{5, 0.6, 0}, {12, 0.5, 0}, {40, 0.9, 1}}});
        m_params = writeRun(m_db, "sizes", "nsga2", {"accuracy", "params"}, 3, {{{1, 0.9, 0}}});
    }

    void buildsFrontsAndSharedHypervolume() {
        const app::RunComparison c = app::buildRunComparison(m_db.toStdString(), m_shown, {m_other, m_params, 999});
        QCOMPARE(c.runs.size(), std::size_t(1));
        QCOMPARE(c.runs[0].ids.size(), std::size_t(3));
        QCOMPARE(c.runs[0].columns.at(QStringLiteral("latency_ms")).size(), std::size_t(3));
        QVERIFY2(c.shownLabel.contains(QStringLiteral("seed 1")) && c.shownLabel.contains(QStringLiteral("raspberry-pi-4")),
                 qPrintable(c.shownLabel));
        QVERIFY2(c.runs[0].label.contains(QStringLiteral("seed 2")), qPrintable(c.runs[0].label));

        QCOMPARE(c.curves.size(), std::size_t(2));
        QCOMPARE(c.curves[0].samples.size(), std::size_t(2));
        QCOMPARE(c.curves[0].samples[0].first, 1.0);
        QCOMPARE(c.curves[0].samples[1].first, 2.0);
        QVERIFY(qFuzzyCompare(c.curves[0].samples[0].second, 0.51));
        QVERIFY(qFuzzyCompare(c.curves[0].samples[1].second, 0.69));
        QCOMPARE(c.curves[1].samples.size(), std::size_t(2));
        QCOMPARE(c.curves[1].samples[0].first, 2.0);
        QVERIFY(qFuzzyCompare(c.curves[1].samples[0].second, 0.6825));
        QVERIFY(qFuzzyCompare(c.curves[1].samples[1].second, 0.7125));
        QVERIFY2(c.reference.contains(QStringLiteral("shared")), qPrintable(c.reference));

        // The run on other objectives and the missing one are named, not drawn.
        QCOMPARE(c.refused.size(), 2);
        QVERIFY2(c.refused[0].contains(QStringLiteral("#%1").arg(m_params)) &&
                     c.refused[0].contains(QStringLiteral("different objectives")),
                 qPrintable(c.refused[0]));
        QVERIFY2(c.refused[1].contains(QStringLiteral("#999")), qPrintable(c.refused[1]));
    }

    void refusesWhenNothingCompares() {
        widgets::ParetoPlot pareto;
        widgets::HypervolumePlot hypervolume;
        app::RunComparisonController controller(&pareto, &hypervolume);
        QSignalSpy failed(&controller, &app::RunComparisonController::comparisonFailed);
        controller.compare(m_db, m_shown, {m_params});
        QVERIFY(failed.wait(10000));
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("different objectives")),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(pareto.comparedRunCount(), 0);
        QCOMPARE(hypervolume.comparedCurveCount(), 0);
        QVERIFY(!controller.isComparing());
    }

    void windowOverlaysAndClears() {
        app::WorkbenchWindow window;
        QString error;
        QVERIFY2(window.openDatabase(m_db, &error), qPrintable(error));
        QVERIFY(!window.compareRuns({m_other}, &error));  // nothing shown yet
        QVERIFY2(error.contains(QStringLiteral("Show a stored run")), qPrintable(error));
        QVERIFY2(window.showStoredRun(m_db, m_shown, &error), qPrintable(error));
        QVERIFY(!window.compareRuns({m_shown}, &error));  // only the shown run itself

        // Picked in the Runs panel, as the user would: several rows, then Compare.
        window.runBrowser()->selectRuns({m_other, m_params});
        QCOMPARE(window.runBrowser()->selectedRunIds().size(), 2);
        QSignalSpy shown(window.runComparison(), &app::RunComparisonController::comparisonShown);
        QPushButton* compare = nullptr;
        for (QPushButton* button : window.runBrowser()->findChildren<QPushButton*>())
            if (button->text() == QStringLiteral("&Compare"))
                compare = button;
        QVERIFY(compare && compare->isEnabled());
        compare->click();
        QVERIFY(shown.wait(10000));
        const QStringList refused = shown.first().at(1).toStringList();
        QCOMPARE(refused.size(), 1);
        // The window says what it compares and why a run is left out, in the log and the status bar.
        const QStringList labels = shown.first().at(0).toStringList();
        const QString log = window.logPanel()->text();
        QVERIFY2(log.contains(QStringLiteral("Comparing %1").arg(labels.join(QStringLiteral("; ")))), qPrintable(log));
        QVERIFY2(log.contains(refused.first()), qPrintable(log));
        QCOMPARE(window.statusBar()->currentMessage(), app::RunComparisonController::summary(labels, refused));

        widgets::ParetoPlot* plot = window.paretoPlot();
        QCOMPARE(plot->comparedRunCount(), 1);
        // Latency vs accuracy: (5, 0.6) and (40, 0.9); (12, 0.5) is dominated.
        QCOMPARE(plot->comparedFrontIds(0).size(), 2);
        const QStringList legend = plot->legendNames();
        QVERIFY2(legend.contains(window.runComparison()->shownLabels().at(1)), qPrintable(legend.join(QLatin1Char('|'))));
        QVERIFY2(legend.contains(window.runComparison()->shownLabels().at(0)), qPrintable(legend.join(QLatin1Char('|'))));
        widgets::HypervolumePlot* hv = window.progressPanel()->hypervolumePlot();
        QCOMPARE(hv->comparedCurveCount(), 2);
        QCOMPARE(hv->comparedCurveLabels(), window.runComparison()->shownLabels());
        QCOMPARE(hv->comparedSampleCount(0), 2);
        QCOMPARE(hv->comparedSampleCount(1), 2);

        const QString otherLabel = window.runComparison()->shownLabels().at(1);
        window.clearRunComparison();
        QCOMPARE(plot->comparedRunCount(), 0);
        QCOMPARE(hv->comparedCurveCount(), 0);
        QVERIFY(!plot->legendNames().contains(otherLabel));

        // Showing another run ends the comparison with the previous one.
        QVERIFY(window.compareRuns({m_other}, &error));
        QTRY_COMPARE_WITH_TIMEOUT(plot->comparedRunCount(), 1, 10000);
        QVERIFY2(window.showStoredRun(m_db, m_other, &error), qPrintable(error));
        QCOMPARE(plot->comparedRunCount(), 0);
        QCOMPARE(hv->comparedCurveCount(), 0);
    }

private:
    QTemporaryDir m_dir;
    QString m_db;
    std::int64_t m_shown = -1;
    std::int64_t m_other = -1;
    std::int64_t m_params = -1;
};

QTEST_MAIN(TestRunComparison)
#include "test_run_comparison.moc"
