#include "app_test_support.h"

#include "parallel_coordinates_panel.h"
#include "workbench_window.h"

#include "widgets/candidate_table_model.h"
#include "widgets/candidate_table_view.h"
#include "widgets/parallel_coordinates_view.h"
#include "widgets/pareto_plot.h"

#include <QAction>
#include <QDockWidget>
#include <QSignalSpy>
#include <QtTest/QtTest>

using namespace edgenas;
using namespace std::chrono_literals;

class TestParallelCoordinatesPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { app::test::isolateSettings(m_settings); }
    void threeObjectivesGetTheViewWithSharedSelection();
    void twoObjectivesKeepItHidden();

private:
    bool runSearch(app::WorkbenchWindow& window, const search::RunConfig& config, const QString& name);
    QTemporaryDir m_settings;
    QTemporaryDir m_dir;
};

bool TestParallelCoordinatesPanel::runSearch(app::WorkbenchWindow& window, const search::RunConfig& config,
                                             const QString& name) {
    QSignalSpy finished(&window, &app::WorkbenchWindow::searchFinished);
    QString error;
    if (!window.startSearch(config, m_dir.filePath(name + QStringLiteral(".sqlite")), name, &error)) {
        qWarning() << error;
        return false;
    }
    return finished.wait(60'000) && finished.first().at(1).toString() == QStringLiteral("finished");
}

void TestParallelCoordinatesPanel::threeObjectivesGetTheViewWithSharedSelection() {
    app::WorkbenchWindow window;
    window.setEvaluatorProvider(std::make_shared<app::test::SlowEvaluators>(2ms));
    window.resize(1400, 900);
    window.show();
    search::RunConfig config = app::test::tinyConfig(18, 6);
    config.objectives = {"accuracy", "macs", "params"};
    config.lowerBounds["accuracy"] = 0.6;
    QVERIFY(runSearch(window, config, QStringLiteral("three")));

    QDockWidget* dock = window.panelDock(QStringLiteral("parallel"));
    QVERIFY(dock);
    QTRY_VERIFY(dock->isVisible());
    QVERIFY(dock->toggleViewAction()->isVisible());
    auto* panel = qobject_cast<app::ParallelCoordinatesPanel*>(dock->widget());
    QVERIFY(panel);
    widgets::ParallelCoordinatesView* view = panel->view();
    // One axis per objective in the config's order, every candidate, the run's front.
    QCOMPARE(view->metrics(), (QStringList{"accuracy", "macs", "params"}));
    const widgets::CandidateTableModel* model = window.candidateTable()->model();
    QTRY_COMPARE(view->candidateCount(), model->rowCount());
    QList<qint64> tableFront;
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->isFront(row))
            tableFront << model->candidateAt(row).id;
    std::sort(tableFront.begin(), tableFront.end());
    QVERIFY(!tableFront.isEmpty());
    QCOMPARE(view->frontIds(), tableFront);
    // The plot: two objectives on the axes, the third as colour, the lower bound among its bounds.
    widgets::ParetoPlot* plot = window.paretoPlot();
    QCOMPARE(plot->xMetric(), QStringLiteral("macs"));
    QCOMPARE(plot->yMetric(), QStringLiteral("accuracy"));
    QCOMPARE(plot->colourMetric(), QStringLiteral("params"));
    QCOMPARE(plot->bounds().size(), std::size_t(1));
    QCOMPARE(plot->bounds().front().lower.value_or(-1.0), 0.6);
    // The run's front over all three objectives is ringed on the plot and counted in its bar,
    // apart from the step line's front on the two axes; the legend names it.
    QCOMPARE(plot->runFrontCount(), tableFront.size());
    QVERIFY(plot->legendNames().contains(QStringLiteral("Front on all objectives")));
    QVERIFY(plot->runFrontCount() >= plot->frontIds().size());

    // Selected in the window (plot, table): the view follows.
    const qint64 first = model->candidateAt(0).id;
    window.selectCandidates({first});
    QCOMPARE(view->selectedIds(), QList<qint64>{first});

    // Clicked in the view: the window, the plot and the table follow.
    view->resize(700, 320);
    std::optional<qint64> clicked;
    QPoint at;
    for (int row = 0; row < model->rowCount() && !clicked; ++row) {
        const qint64 id = model->candidateAt(row).id;
        const std::optional<QPointF> a = view->pointOf(id, 0), b = view->pointOf(id, 1);
        if (!a || !b)
            continue;
        at = ((*a + *b) / 2.0).toPoint();
        clicked = view->idAt(at);  // lines may cross: the one the click will take
    }
    QVERIFY(clicked);
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, at);
    QCOMPARE(window.selectedIds(), QList<qint64>{*clicked});
    QCOMPARE(plot->selectedIds(), QList<qint64>{*clicked});
    QCOMPARE(window.candidateTable()->selectedIds(), QList<qint64>{*clicked});

    // Clicked in the plot: the view follows.
    const qint64 other = *clicked == first ? model->candidateAt(1).id : first;
    const std::optional<QPoint> inPlot = plot->pixelOfId(other);
    QVERIFY(inPlot);
    const std::optional<qint64> plotPick = plot->idAt(*inPlot);
    QVERIFY(plotPick);
    auto* canvas = plot->findChild<QWidget*>(QStringLiteral("paretoCanvas"));
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, canvas->mapFrom(plot, *inPlot));
    QCOMPARE(window.selectedIds(), QList<qint64>{*plotPick});
    QCOMPARE(view->selectedIds(), QList<qint64>{*plotPick});
}

void TestParallelCoordinatesPanel::twoObjectivesKeepItHidden() {
    app::WorkbenchWindow window;
    window.setEvaluatorProvider(std::make_shared<app::test::SlowEvaluators>(2ms));
    window.show();
    QVERIFY(runSearch(window, app::test::tinyConfig(12, 6), QStringLiteral("two")));
    QDockWidget* dock = window.panelDock(QStringLiteral("parallel"));
    QVERIFY(dock);
    QVERIFY(!dock->isVisible());
    QVERIFY(!dock->toggleViewAction()->isVisible());
    // Two objectives: the plot keeps its plain look.
    QCOMPARE(window.paretoPlot()->colourMetric(), QString());
    QCOMPARE(window.paretoPlot()->runFrontCount(), 0);
    QVERIFY(!window.paretoPlot()->legendNames().contains(QStringLiteral("Front on all objectives")));
}

QTEST_MAIN(TestParallelCoordinatesPanel)
#include "test_parallel_coordinates_panel.moc"
