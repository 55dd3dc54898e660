#include "app_test_support.h"
#include "draw_only_method.h"
#include "gram/gram_test_run.h"

#include "gram/gram_panel.h"
#include "workbench_window.h"

#include "search/method_registry.h"
#include "widgets/architecture_compare_view.h"
#include "widgets/architecture_view.h"
#include "widgets/candidate_table_view.h"
#include "widgets/gram/entropy_plot.h"
#include "widgets/gram/meta_graph_view.h"

#include <QAction>
#include <QDockWidget>
#include <QSignalSpy>
#include <QSlider>
#include <QTableWidget>
#include <QToolButton>
#include <QtTest/QtTest>

using namespace edgenas;

namespace {

std::vector<store::MethodStateRecord> sweepRecords(int count, int nodes) {
    std::vector<store::MethodStateRecord> out;
    for (int s = 0; s < count; ++s)
        out.push_back({s, {search::kGramSweepRecordKind, search::toJson(app::test::gramSweep(s, nodes))}});
    return out;
}

core::Candidate storedCandidate(std::int64_t id, const std::string& hash) {
    core::Candidate c;
    c.id = id;
    c.hash = hash;
    c.metrics = {{"accuracy", 0.8, "", core::Provenance::Trained}};
    return c;
}

void selectRows(QTableWidget* table, const QList<int>& rows) {
    table->clearSelection();
    for (int row : rows)
        table->selectionModel()->select(table->model()->index(row, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

// A test-only method that stores a GRAM sweep record with every generation, like GRAM does:
// it shows that a live search's records reach the panels through the worker thread. A sweep is
// numbered by the evaluations spent, so numbers stay unique across a resume.
class SweepRecordingMethod : public search::test::DrawOnlyMethod {
public:
    using DrawOnlyMethod::DrawOnlyMethod;
    std::string name() const override { return "sweep-recording"; }
    void initialise(search::SearchContext& context) override {
        DrawOnlyMethod::initialise(context);
        m_sweep = context.evaluationsUsed();
    }
    void step(search::SearchContext& context) override {
        DrawOnlyMethod::step(context);
        m_sweep = context.evaluationsUsed();
    }
    std::vector<core::ResultRecord> takeRunRecords() override {
        if (m_sweep < 0)
            return {};
        const int sweep = std::exchange(m_sweep, -1);
        return {{search::kGramSweepRecordKind, search::toJson(app::test::gramSweep(sweep, 6))}};
    }

private:
    int m_sweep = -1;
};

search::MethodDescriptor sweepRecordingDescriptor() {
    search::MethodDescriptor m = search::test::drawOnlyDescriptor();
    m.name = "sweep-recording";
    m.label = "Sweep recording (test)";
    m.metrics.clear();
    m.reportLines = nullptr;
    m.create = [](const std::string&) -> std::unique_ptr<search::SearchMethod> {
        return std::make_unique<SweepRecordingMethod>(3);
    };
    return m;
}

app::GramPanel* gramPanelOf(const app::WorkbenchWindow& window) {
    QDockWidget* dock = window.panelDock(QString::fromLatin1(app::kGramPanelId));
    return dock ? qobject_cast<app::GramPanel*>(dock->widget()) : nullptr;
}

} // namespace

// The GRAM panel: records in, slider, player, entropy and tables filled; choosing a family
// member or pruning step selects it in the window; shown only for GRAM runs, fed live, from a
// stored run and from a run another process writes.
class TestGramPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        app::test::isolateSettings(m_dir);
    }

    void recordsFillTheViews() {
        app::GramPanel panel;
        panel.resize(600, 800);
        QCOMPARE(panel.sweepCount(), 0);
        QVERIFY(!panel.playButton()->isEnabled());
        panel.runRecordsAdded(sweepRecords(3, 8));
        QCOMPARE(panel.sweepCount(), 3);
        QCOMPARE(panel.sweepSlider()->minimum(), 0);
        QCOMPARE(panel.sweepSlider()->maximum(), 2);
        QCOMPARE(panel.sweepSlider()->value(), 2);  // follows the newest sweep
        QCOMPARE(panel.shownIndex(), 2);
        QCOMPARE(panel.entropyPlot()->edgePointCount(), 3);
        QCOMPARE(panel.entropyPlot()->opPointCount(), 3);
        QCOMPARE(panel.entropyPlot()->edgeEntropyAt(1), app::test::gramSweep(1, 8).edgeEntropyBits);
        QVERIFY(panel.entropyPlot()->edgeEntropyAt(2) < panel.entropyPlot()->edgeEntropyAt(0));
        QCOMPARE(panel.metaGraphView()->nodeItemCount(), 8);
        QVERIFY2(panel.metaGraphView()->captionText().contains(QStringLiteral("Sweep 2 of 2")),
                 qPrintable(panel.metaGraphView()->captionText()));
        // The current graph is outlined: its chain edge 0 -> 1 is a target edge.
        QVERIFY(panel.metaGraphView()->edgeHighlighted(0, 1));
        // Moving the slider redraws an older sweep, where the graph is less concentrated.
        const double late = panel.metaGraphView()->edgeWidth(0, 1);
        panel.sweepSlider()->setValue(0);
        QCOMPARE(panel.shownIndex(), 0);
        QVERIFY(panel.metaGraphView()->edgeWidth(0, 1) < late);
        QCOMPARE(panel.pruningTable()->rowCount(), 0);
        QCOMPARE(panel.familyTable()->rowCount(), 0);

        // Pruning and family, with the run's candidates known by identity.
        std::vector<core::Candidate> stored;
        for (int i = 0; i < 5; ++i)
            stored.push_back(storedCandidate(100 + i, "hash" + std::to_string(i)));
        panel.candidatesAdded(stored);
        const search::GramPruningRecord pruning = app::test::gramPruning(stored, 6);
        panel.runRecordsAdded({{2, {search::kGramPruningRecordKind, search::toJson(pruning)}}});
        QCOMPARE(panel.pruningTable()->rowCount(), 7);  // the start and six steps
        QCOMPARE(panel.pruningTable()->item(1, 1)->text(),
                 QStringLiteral("%1 → %2").arg(pruning.steps[0].from).arg(pruning.steps[0].to));
        QVERIFY2(panel.pruningTable()->horizontalHeaderItem(5)->text().contains(QStringLiteral("modelled")),
                 qPrintable(panel.pruningTable()->horizontalHeaderItem(5)->text()));
        QCOMPARE(panel.familyTable()->rowCount(), int(pruning.family.size()));
        QCOMPARE(panel.familyTable()->rowCount(), 3);
        QCOMPARE(panel.familyTable()->item(1, 0)->text(), QStringLiteral("50 %"));
        QVERIFY(panel.familyTable()->horizontalHeaderItem(6)->toolTip().contains(
            QStringLiteral("divided by the parameters")));
        QCOMPARE(panel.familyTable()->item(0, 6)->text(),
                 QLocale().toString(pruning.family[0].densityPerMParams, 'g', 4));
        // Where a step is a family member, its trained test accuracy shows in the pruning table.
        int memberRow = -1;
        for (std::size_t k = 0; k < pruning.steps.size(); ++k)
            if (pruning.steps[k].hash == pruning.family[0].hash)
                memberRow = int(k) + 1;
        QVERIFY(memberRow > 0);
        QVERIFY2(panel.pruningTable()->item(memberRow, 6)->text().contains(QStringLiteral("(test)")),
                 qPrintable(panel.pruningTable()->item(memberRow, 6)->text()));
        // A step whose network is not stored says so and, outside the family, knows no accuracy.
        QVERIFY(panel.pruningTable()->item(5, 0)->toolTip().contains(QStringLiteral("not a candidate")));
        QCOMPARE(panel.pruningTable()->item(5, 6)->text(), QStringLiteral("—"));
        QVERIFY(!panel.pruningTable()->item(4, 0)->toolTip().contains(QStringLiteral("not a candidate")));

        // Choosing rows asks for those networks, by identity.
        QSignalSpy requested(&panel, &app::GramPanel::selectionRequested);
        std::vector<std::string> handed;
        panel.setSelectionRequest([&](const std::vector<std::string>& ids) { handed = ids; });
        selectRows(panel.familyTable(), {1});
        QVERIFY(!requested.isEmpty());
        QCOMPARE(requested.last().at(0).toStringList(), QStringList{QString::fromStdString(pruning.family[1].hash)});
        QCOMPARE(handed, std::vector<std::string>{pruning.family[1].hash});
        selectRows(panel.pruningTable(), {0});
        QCOMPARE(handed, std::vector<std::string>{pruning.startHash});
        QVERIFY(panel.familyTable()->selectedItems().isEmpty());  // one table's choice at a time

        // A new run empties everything.
        panel.runCleared({});
        QCOMPARE(panel.sweepCount(), 0);
        QCOMPARE(panel.familyTable()->rowCount(), 0);
        QCOMPARE(panel.entropyPlot()->edgePointCount(), 0);
        QCOMPARE(panel.metaGraphView()->nodeItemCount(), 0);
    }

    void playerStepsThroughTheSweeps() {
        app::GramPanel panel;
        panel.runRecordsAdded(sweepRecords(4, 5));
        panel.play();
        QVERIFY(panel.isPlaying());
        QCOMPARE(panel.shownIndex(), 0);  // from the end, playing starts over
        QTRY_COMPARE_WITH_TIMEOUT(panel.shownIndex(), 3, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isPlaying(), 2000);
        QCOMPARE(panel.sweepSlider()->value(), 3);
        // A sweep arriving while an older one is looked at leaves the view where it is.
        panel.showIndex(1);
        panel.runRecordsAdded({{4, {search::kGramSweepRecordKind, search::toJson(app::test::gramSweep(4, 5))}}});
        QCOMPARE(panel.sweepCount(), 5);
        QCOMPARE(panel.shownIndex(), 1);
        panel.playButton()->click();
        QVERIFY(panel.isPlaying());
        panel.playButton()->click();
        QVERIFY(!panel.isPlaying());
    }

    void damagedRecordIsNamed() {
        app::GramPanel panel;
        panel.runRecordsAdded({{3, {search::kGramSweepRecordKind, R"({"sweep": 1})"}}, {4, {"other.kind/1", "{}"}}});
        QCOMPARE(panel.sweepCount(), 0);
        QVERIFY2(panel.problemText().contains(QStringLiteral("gram.sweep/1")) &&
                     panel.problemText().contains(QStringLiteral("generation 3")),
                 qPrintable(panel.problemText()));
    }

    // A stored GRAM run shows the panel with every sweep; a family row selects its candidate in
    // the architecture view, two rows go to the compare view; another method's run hides it.
    void storedRunInTheWindow() {
        const std::string db = m_dir.filePath(QStringLiteral("gram.sqlite")).toStdString();
        const app::test::GramTestRun gram = app::test::writeGramRun(db, app::kGramMethodName, 4, 8, 6, "finished", 6);
        const app::test::GramTestRun other = app::test::writeGramRun(db, "nsga2", 0, 8, 0, "finished");

        app::WorkbenchWindow window;
        window.resize(1400, 900);
        app::GramPanel* panel = gramPanelOf(window);
        QVERIFY(panel);
        QDockWidget* dock = window.panelDock(QString::fromLatin1(app::kGramPanelId));
        QVERIFY(dock->isHidden());  // no run shown yet
        QVERIFY(!dock->toggleViewAction()->isVisible());
        QString error;
        QVERIFY2(window.showStoredRun(QString::fromStdString(db), gram.runId, &error), qPrintable(error));
        QVERIFY(!dock->isHidden());
        QVERIFY(dock->toggleViewAction()->isVisible());
        QCOMPARE(panel->sweepCount(), 4);
        QCOMPARE(panel->shownIndex(), 3);
        QCOMPARE(panel->familyTable()->rowCount(), 3);
        QCOMPARE(panel->pruningTable()->rowCount(), 7);

        const search::GramPruningRecord pruning = app::test::gramPruning(gram.candidates, 6);
        auto idOf = [&](const std::string& hash) {
            for (const core::Candidate& c : gram.candidates)
                if (c.hash == hash)
                    return qint64(c.id);
            return qint64(-1);
        };
        selectRows(panel->familyTable(), {0});
        QCOMPARE(window.selectedIds(), QList<qint64>{idOf(pruning.family[0].hash)});
        QVERIFY(window.selectedIds().front() > 0);
        QVERIFY2(window.architectureView()->headerText().contains(QString::number(window.selectedIds().front())),
                 qPrintable(window.architectureView()->headerText()));
        selectRows(panel->familyTable(), {0, 1});
        QCOMPARE(window.selectedIds().size(), 2);
        QCOMPARE(window.selectedCandidates().size(), std::size_t(2));
        // A network that is not a candidate of the run (the last step: six candidates, six
        // steps) selects nothing.
        selectRows(panel->pruningTable(), {6});
        QVERIFY(window.selectedIds().isEmpty());

        QVERIFY2(window.showStoredRun(QString::fromStdString(db), other.runId, &error), qPrintable(error));
        QVERIFY(dock->isHidden());
        QVERIFY(!dock->toggleViewAction()->isVisible());
        QCOMPARE(panel->sweepCount(), 0);
    }

    // A run another process is still writing: each committed sweep reaches the panel.
    void followedRunAddsSweeps() {
        const std::string db = m_dir.filePath(QStringLiteral("follow.sqlite")).toStdString();
        const app::test::GramTestRun run = app::test::writeGramRun(db, app::kGramMethodName, 2, 6, 0, "running");
        app::WorkbenchWindow window;
        QString error;
        QVERIFY2(window.showStoredRun(QString::fromStdString(db), run.runId, &error), qPrintable(error));
        QCOMPARE(window.shownStatus(), QStringLiteral("following"));
        app::GramPanel* panel = gramPanelOf(window);
        QCOMPARE(panel->sweepCount(), 2);
        app::test::appendGramSweep(db, run.runId, 2, 6);
        QTRY_COMPARE_WITH_TIMEOUT(panel->sweepCount(), 3, 5000);
        QCOMPARE(panel->shownIndex(), 2);
        QCOMPARE(panel->entropyPlot()->edgePointCount(), 3);
    }

    // A live search of a method that stores sweep records: they cross the worker thread inside
    // the generation summaries and reach the panel (hidden, as the method is not GRAM).
    void liveSearchFeedsThePanel() {
        search::MethodRegistry::global().add(sweepRecordingDescriptor());
        const QString db = m_dir.filePath(QStringLiteral("live.sqlite"));
        app::WorkbenchWindow window;
        window.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        QSignalSpy finished(&window, &app::WorkbenchWindow::searchFinished);
        search::RunConfig config = app::test::tinyConfig(9, 3);
        config.method = "sweep-recording";
        config.methodSettingsJson = R"({"draws": 3})";
        QString error;
        QVERIFY2(window.startSearch(config, db, {}, &error), qPrintable(error));
        QVERIFY(finished.wait(60'000));
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("finished"));
        app::GramPanel* panel = gramPanelOf(window);
        const auto reader = search::openRunReader(db.toStdString());
        const std::size_t stored =
            reader.runRecords(finished.first().at(0).toLongLong(), search::kGramSweepRecordKind).size();
        QVERIFY(stored >= 3);
        QCOMPARE(panel->sweepCount(), int(stored));
        QVERIFY(window.panelDock(QString::fromLatin1(app::kGramPanelId))->isHidden());
    }

    // A stopped run resumed in the window: the sweeps committed before the stop are replayed to
    // the panel, the rest arrive live.
    void resumedRunReplaysEarlierSweeps() {
        search::MethodRegistry::global().add(sweepRecordingDescriptor());
        const QString db = m_dir.filePath(QStringLiteral("resume.sqlite"));
        app::WorkbenchWindow window;
        window.setEvaluatorProvider(std::make_shared<app::test::SlowEvaluators>(std::chrono::milliseconds(20)));
        QSignalSpy finished(&window, &app::WorkbenchWindow::searchFinished);
        search::RunConfig config = app::test::tinyConfig(30, 3);
        config.method = "sweep-recording";
        config.methodSettingsJson = R"({"draws": 3})";
        QString error;
        QVERIFY2(window.startSearch(config, db, {}, &error), qPrintable(error));
        app::GramPanel* panel = gramPanelOf(window);
        QTRY_VERIFY_WITH_TIMEOUT(panel->sweepCount() >= 2, 30'000);
        window.stopAction()->trigger();
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("interrupted"));
        const qint64 runId = finished.first().at(0).toLongLong();
        const int before = int(search::openRunReader(db.toStdString()).runRecords(runId).size());
        QVERIFY(before >= 2);
        QVERIFY2(window.resumeSearch(db, runId, &error), qPrintable(error));
        QVERIFY(finished.wait(60'000));
        QCOMPARE(finished.last().at(1).toString(), QStringLiteral("finished"));
        const int stored = int(search::openRunReader(db.toStdString()).runRecords(runId).size());
        QVERIFY(stored > before);
        QCOMPARE(panel->sweepCount(), stored);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestGramPanel)
#include "test_gram_panel.moc"
