#include "app_test_support.h"
#include "hadas/hadas_test_candidates.h"

#include "hadas/hadas_panel.h"
#include "workbench_window.h"
#include "hadas/hadas_report_section.h"
#include "panel_registry.h"
#include "report_writer.h"
#include "run_report.h"

#include "search/run_database.h"
#include "store/run_reader.h"
#include "store/run_store.h"

#include "widgets/hadas/dvfs_view.h"
#include "widgets/hadas/dynamic_comparison_view.h"
#include "widgets/hadas/dynamic_model_view.h"
#include "widgets/hadas/early_exit_strip.h"
#include "widgets/hadas/exit_histogram.h"
#include "widgets/hadas/inner_front_plot.h"

#include <QDockWidget>
#include <QTabWidget>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest/QtTest>

using namespace edgenas;
namespace th = edgenas::test::hadas;

namespace {

const core::Candidate& byId(const std::vector<core::Candidate>& all, std::int64_t id) {
    for (const core::Candidate& c : all)
        if (c.id == id)
            return c;
    throw std::runtime_error("no candidate " + std::to_string(id));
}

std::int64_t idAt(const QTableWidget* table, int row) { return table->item(row, 0)->data(Qt::UserRole + 1).toLongLong(); }

int rowOf(const QTableWidget* table, std::int64_t id) {
    for (int row = 0; row < table->rowCount(); ++row)
        if (idAt(table, row) == id)
            return row;
    return -1;
}

} // namespace

// The HADAS panel: backbones and dynamic models in, the backbone table (searched first), a
// backbone's inner front, a dynamic model in the views; choosing in the panel asks the window
// to select by identity, and the window's selection is followed without echo.
class TestHadasPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        app::test::isolateSettings(m_dir);
    }

    void registeredForHadasRuns() {
        const app::PanelSpec* found = nullptr;
        for (const app::PanelSpec& spec : app::PanelRegistry::panels())
            if (spec.id == QLatin1String(app::kHadasPanelId))
                found = &spec;
        QVERIFY(found);
        QVERIFY(found->isFor("hadas"));
        QVERIFY(!found->isFor("nsga2"));
        QWidget* made = found->create();
        QVERIFY(qobject_cast<app::HadasPanel*>(made));
        delete made;
    }

    void backbonesAndInnerFronts() {
        const std::vector<core::Candidate> all = th::hadasRunCandidates();
        app::HadasPanel panel;
        panel.resize(1400, 800);
        search::RunConfig config;
        config.method = "hadas";
        config.device = "jetson-agx-xavier";
        panel.runCleared(config);
        std::vector<std::string> handed;
        panel.setSelectionRequest([&](const std::vector<std::string>& ids) { handed = ids; });

        // Backbones and dynamic models arrive in separate batches, as generations commit them.
        panel.candidatesAdded({all.begin(), all.begin() + 6});
        QCOMPARE(panel.backboneTable()->rowCount(), 6);
        panel.candidatesAdded({all.begin() + 6, all.end()});
        // Backbones with dynamic models count as searched before their inner-search record comes.
        QCOMPARE(idAt(panel.backboneTable(), 0), 11);
        panel.selectionChanged({byId(all, 11)});
        QCOMPARE(panel.modelView()->strip()->exitCount(), 0);  // no heads known yet
        panel.runRecordsAdded(th::innerRunRecords(all));
        QCOMPARE(panel.modelView()->strip()->exitCount(), int(th::backbone(1, true).exits.size()));
        panel.runCleared(config);
        panel.candidatesAdded(all);
        panel.runRecordsAdded(th::innerRunRecords(all));
        QCOMPARE(panel.backboneCount(), 6);
        QCOMPARE(panel.dynamicModelCount(), 17);
        QCOMPARE(panel.backboneTable()->rowCount(), 6);
        // Searched backbones first, each group by id.
        QCOMPARE(idAt(panel.backboneTable(), 0), 11);
        QCOMPARE(idAt(panel.backboneTable(), 1), 12);
        QCOMPARE(idAt(panel.backboneTable(), 2), 14);
        QCOMPARE(idAt(panel.backboneTable(), 3), 10);
        QVERIFY(panel.backboneTable()->item(0, 2)->text().contains(QStringLiteral("8")));
        QCOMPARE(panel.backboneTable()->item(3, 2)->text(), QStringLiteral("—"));  // not searched
        QVERIFY2(panel.sourceText().contains(QStringLiteral("modelled")), qPrintable(panel.sourceText()));
        QVERIFY(panel.sourceText().contains(QStringLiteral("threshold")));
        QVERIFY(panel.sourceText().contains(QStringLiteral("jetson-agx-xavier")));
        QVERIFY(!panel.sourceText().contains(QStringLiteral("not deployable")));
        QCOMPARE(panel.innerFrontPlot()->pointCount(), 0);
        QVERIFY(panel.problemText().isEmpty());

        // The window selects a backbone: its inner front and its strip with the trained heads.
        panel.selectionChanged({byId(all, 11)});
        QCOMPARE(panel.shownBackboneId(), 11);
        QCOMPARE(panel.shownDynamicModelId(), -1);
        QCOMPARE(panel.innerFrontPlot()->pointCount(), 8);
        QVERIFY(panel.innerFrontPlot()->frontCount() >= 1);
        QCOMPARE(panel.innerTable()->rowCount(), 8);
        // The inner search's knee is marked in the model list.
        int knees = 0;
        for (int row = 0; row < panel.innerTable()->rowCount(); ++row)
            knees += panel.innerTable()->item(row, 0)->text().contains(QStringLiteral("knee")) ? 1 : 0;
        QCOMPARE(knees, 1);
        QCOMPARE(panel.modelView()->strip()->chosenExitCount(), 0);
        QCOMPARE(panel.modelView()->strip()->exitCount(), int(th::backbone(1, true).exits.size()));
        QCOMPARE(panel.modelView()->histogram()->barCount(), 0);
        QVERIFY(handed.empty());  // following the window asks for nothing

        // Choosing another backbone in the table asks the window to select it.
        panel.backboneTable()->selectRow(1);
        QCOMPARE(panel.shownBackboneId(), 12);
        QCOMPARE(handed, std::vector<std::string>{byId(all, 12).hash});
        QCOMPARE(panel.innerFrontPlot()->pointCount(), 5);
        // Clicking a point of its inner front selects that dynamic model and shows it.
        const core::Candidate& model = byId(all, 110);
        QCOMPARE(*model.levelParent, 12);
        QSignalSpy requested(&panel, &app::HadasPanel::selectionRequested);
        QTest::mouseClick(panel.innerFrontPlot()->canvas(), Qt::LeftButton, {},
                          panel.innerFrontPlot()->pointPosition(QString::fromStdString(model.hash)));
        QCOMPARE(requested.size(), 1);
        QCOMPARE(handed, std::vector<std::string>{model.hash});
        QCOMPARE(panel.shownDynamicModelId(), 110);
        const search::HadasDynamicRecord record = search::hadasDynamicRecordFromJson(model.records[0].json);
        QCOMPARE(panel.modelView()->strip()->chosenExitCount(), int(record.exitBlocks.size()));
        QCOMPARE(panel.modelView()->histogram()->barCount(), int(record.exitBlocks.size()) + 1);
        QCOMPARE(panel.modelView()->dvfs()->domainCount(), 3);
        QCOMPARE(panel.modelView()->dvfs()->chosenLevel(1), record.domains[1].chosen);
        QCOMPARE(panel.modelView()->comparison()->energyAt(2), record.exitsDvfs.energyMj);
        QCOMPARE(panel.innerTable()->selectedItems().first()->row(), rowOf(panel.innerTable(), 110));
        QVERIFY(panel.modelView()->captionText().contains(QStringLiteral("110")));

        // The window selects a dynamic model of another backbone: its backbone, front and views follow.
        handed.clear();
        panel.selectionChanged({byId(all, 101)});
        QCOMPARE(panel.shownDynamicModelId(), 101);
        QCOMPARE(panel.shownBackboneId(), 11);
        QCOMPARE(panel.innerFrontPlot()->pointCount(), 8);
        QCOMPARE(panel.innerFrontPlot()->selectedIdentity(), QString::fromStdString(byId(all, 101).hash));
        QCOMPARE(panel.backboneTable()->selectedItems().first()->row(), 0);
        QVERIFY(handed.empty());
        QCOMPARE(requested.size(), 1);

        // Choosing a row of the inner table selects that model.
        panel.innerTable()->selectRow(rowOf(panel.innerTable(), 104));
        QCOMPARE(handed, std::vector<std::string>{byId(all, 104).hash});
        QCOMPARE(panel.shownDynamicModelId(), 104);

        // A backbone that was not searched has no inner front, and says so.
        panel.selectionChanged({byId(all, 10)});
        QCOMPARE(panel.innerFrontPlot()->pointCount(), 0);
        QVERIFY(panel.innerFrontPlot()->titleText().contains(QStringLiteral("no dynamic models")));

        // A new run empties everything.
        panel.runCleared({});
        QCOMPARE(panel.backboneTable()->rowCount(), 0);
        QCOMPARE(panel.innerTable()->rowCount(), 0);
        QCOMPARE(panel.shownBackboneId(), -1);
    }

    void oracleRunsSayTheirAccuracyIsAnUpperBound() {
        const std::vector<core::Candidate> all = th::hadasRunCandidates("oracle");
        app::HadasPanel panel;
        panel.candidatesAdded(all);
        panel.runRecordsAdded(th::innerRunRecords(all));
        QVERIFY2(panel.sourceText().contains(QStringLiteral("upper bound, not deployable")), qPrintable(panel.sourceText()));
        QVERIFY(panel.showDynamicModel(100));
        QVERIFY(panel.modelView()->captionText().contains(QStringLiteral("upper bound, not deployable")));
        QVERIFY(panel.modelView()->strip()->captionText().contains(QStringLiteral("not deployable")));
        int marked = 0;
        for (const QString& text : panel.modelView()->comparison()->texts())
            marked += text.contains(QStringLiteral("upper bound, not deployable")) ? 1 : 0;
        QCOMPARE(marked, 3);
        QVERIFY(panel.innerFrontPlot()->titleText().contains(QStringLiteral("not deployable")));
        const int row = rowOf(panel.innerTable(), 100);
        QVERIFY(panel.innerTable()->item(row, 4)->toolTip().contains(QStringLiteral("upper bound, not deployable")));
    }

    void unreadableRecordsAreNamed() {
        std::vector<core::Candidate> all = th::hadasRunCandidates();
        all[7].records[0].json = "{\"rule\": 3";
        app::HadasPanel panel;
        panel.candidatesAdded(all);
        QCOMPARE(panel.dynamicModelCount(), 16);
        QVERIFY2(panel.problemText().contains(QStringLiteral("hadas.dynamic/1")), qPrintable(panel.problemText()));
        QVERIFY(panel.problemText().contains(QString::number(all[7].id)));
        // The reader rejects a record whose lengths do not match, naming the key (the views'
        // own checks are tested in test_hadas_views).
        std::vector<core::Candidate> bad = th::hadasRunCandidates();
        search::HadasDynamicRecord r = search::hadasDynamicRecordFromJson(bad[6].records[0].json);
        r.exitAccuracy.pop_back();
        bad[6].records[0].json = search::toJson(r);
        app::HadasPanel second;
        second.candidatesAdded(bad);
        QVERIFY(!second.showDynamicModel(bad[6].id));
        QVERIFY2(second.problemText().contains(QStringLiteral("exit_accuracy")), qPrintable(second.problemText()));
        // A damaged inner-search record is named too.
        second.runRecordsAdded({{4, {"hadas.inner/1", R"({"backbone_id": "eleven"})"}}});
        QVERIFY2(second.problemText().contains(QStringLiteral("backbone_id")) &&
                     second.problemText().contains(QStringLiteral("generation 4")),
                 qPrintable(second.problemText()));
        // A backbone whose dynamic model cannot be drawn on it (an exit past its blocks) shows the
        // strip's message instead.
        std::vector<core::Candidate> far = th::hadasRunCandidates();
        search::HadasDynamicRecord beyond = search::hadasDynamicRecordFromJson(far[6].records[0].json);
        beyond.exitBlocks.back() = 40;
        far[6].records[0].json = search::toJson(beyond);
        app::HadasPanel third;
        third.candidatesAdded(far);
        third.runRecordsAdded(th::innerRunRecords(far));
        QVERIFY(third.showDynamicModel(far[6].id));
        QVERIFY2(third.modelView()->strip()->errorText().contains(QStringLiteral("reads block 40")),
                 qPrintable(third.modelView()->strip()->errorText()));
    }

    // A short dock puts the lists and the model's parts into tabs; a tall one lays them out again.
    void shortDockUsesTabs() {
        app::HadasPanel panel;
        panel.candidatesAdded(th::hadasRunCandidates());
        QVERIFY(panel.showDynamicModel(104));
        panel.resize(1400, 380);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTRY_VERIFY(panel.isCompact());
        QVERIFY(panel.modelView()->isCompact());
        auto* tabs = panel.findChild<QTabWidget*>(QStringLiteral("dynamicModelTabs"));
        QVERIFY(tabs && tabs->isVisible());
        QCOMPARE(tabs->count(), 4);
        QCOMPARE(panel.modelView()->histogram()->barCount(), 3);
        panel.resize(1400, 900);
        QTRY_VERIFY(!panel.isCompact());
        QVERIFY(!panel.modelView()->isCompact());
        QVERIFY(!tabs->isVisible());
        QVERIFY(panel.modelView()->dvfs()->isVisible());
        QVERIFY(panel.innerFrontPlot()->isVisible());
        QCOMPARE(panel.innerFrontPlot()->pointCount(), 8);
    }

    void kneeIsNearestTheScaledIdeal() {
        QCOMPARE(app::kneeIndex({}), -1);
        QCOMPARE(app::kneeIndex({{0.0, 1.0}, {1.0, 0.0}, {0.4, 0.4}}), 2);
        // Scaling: a wide objective does not outweigh a narrow one.
        QCOMPARE(app::kneeIndex({{0.0, 100.0}, {0.1, 0.0}, {0.02, 60.0}}), 2);
        QCOMPARE(app::kneeIndex({{5.0, 5.0}}), 0);
    }

    void reportSectionShowsTheKneeAndTheArchive() {
        const std::vector<core::Candidate> all = th::hadasRunCandidates();
        search::RunConfig config;
        config.method = "hadas";
        config.device = "jetson-agx-xavier";
        std::vector<core::ResultRecord> runRecords;
        for (const store::MethodStateRecord& r : th::innerRunRecords(all))
            runRecords.push_back(r.record);
        const std::vector<app::ReportSection> sections =
            app::hadasReportSections(all, search::toJson(config), runRecords);
        QCOMPARE(sections.size(), std::size_t(1));
        const app::ReportSection& s = sections.front();
        QVERIFY(s.title.contains(QStringLiteral("HADAS")));
        QVERIFY(s.paragraphs.join(QLatin1Char(' ')).contains(QStringLiteral("modelled")));
        QVERIFY(s.paragraphs.join(QLatin1Char(' ')).contains(QStringLiteral("jetson-agx-xavier")));
        QVERIFY2(s.paragraphs.join(QLatin1Char(' ')).contains(QStringLiteral("(3 searched at the inner level)")),
                 qPrintable(s.paragraphs.join(QLatin1Char(' '))));
        QCOMPARE(s.image.size(), QSize(1400, 820));
        // The archive, counted here independently: models no other beats in all three objectives.
        int archive = 0;
        for (const core::Candidate& a : all) {
            if (!a.levelParent)
                continue;
            const auto objectives = [](const core::Candidate& c) {
                return std::vector<double>{1.0 - c.metric("accuracy")->value, c.metric("latency_ms")->value,
                                           c.metric("energy_mj")->value};
            };
            bool dominated = false;
            for (const core::Candidate& b : all) {
                if (!b.levelParent || &a == &b)
                    continue;
                const auto x = objectives(b), y = objectives(a);
                dominated = dominated || (x[0] <= y[0] && x[1] <= y[1] && x[2] <= y[2] && x != y);
            }
            archive += dominated ? 0 : 1;
        }
        QVERIFY(archive >= 2);
        QCOMPARE(int(s.tableRows.size()), archive);
        int knees = 0;
        for (const QStringList& row : s.tableRows)
            knees += row[0].contains(QStringLiteral("knee")) ? 1 : 0;
        QCOMPARE(knees, 1);
        QVERIFY(!s.paragraphs.join(QLatin1Char(' ')).contains(QStringLiteral("not deployable")));
        const auto oracle = app::hadasReportSections(th::hadasRunCandidates("oracle"), search::toJson(config));
        QVERIFY(oracle.front().paragraphs.join(QLatin1Char(' ')).contains(QStringLiteral("upper bound, not deployable")));
        QVERIFY(oracle.front().tableRows.front()[5].contains(QStringLiteral("upper bound, not deployable")));
    }

    void storedRunReportCarriesTheSection() {
        // A HADAS run in a database: backbones in one generation, their dynamic models (linked by
        // levelParent) in the next, as the engine commits them; its report has the HADAS section.
        const QString db = m_dir.filePath(QStringLiteral("hadas.sqlite"));
        const std::int64_t runId = th::writeHadasRun(db.toStdString()).runId;
        (void)app::PanelRegistry::panels();  // registers the methods' panels and report sections
        const store::RunReader reader = search::openRunReader(db.toStdString());
        const app::RunReport report = app::runReportFromStore(reader, runId);
        QCOMPARE(report.methodSections.size(), std::size_t(1));
        QVERIFY(!report.methodSections.front().image.isNull());
        const QString html = m_dir.filePath(QStringLiteral("report.html"));
        app::writeHtmlReport(report, html);
        QFile file(html);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY(text.contains(QStringLiteral("Early exits and DVFS (HADAS)")));
        QVERIFY(text.contains(QStringLiteral("(knee)")));
        QCOMPARE(text.count(QStringLiteral("data:image/png;base64")), 1);  // no plot images given: only the view
        const QString pdf = m_dir.filePath(QStringLiteral("report.pdf"));
        app::writePdfReport(report, pdf);
        QVERIFY(QFileInfo(pdf).size() > 10000);
    }

    // A stored HADAS run in the window: the panel appears, follows the window's selection, and its
    // choices select in the window; another method's run hides it.
    void storedRunInTheWindow() {
        const std::string db = m_dir.filePath(QStringLiteral("window.sqlite")).toStdString();
        const th::StoredHadasRun run = th::writeHadasRun(db);
        app::WorkbenchWindow window;
        window.resize(1400, 900);
        QDockWidget* dock = window.panelDock(QString::fromLatin1(app::kHadasPanelId));
        QVERIFY(dock);
        auto* panel = qobject_cast<app::HadasPanel*>(dock->widget());
        QVERIFY(panel);
        QVERIFY(dock->isHidden());
        QString error;
        QVERIFY2(window.showStoredRun(QString::fromStdString(db), run.runId, &error), qPrintable(error));
        QVERIFY(!dock->isHidden());
        QCOMPARE(panel->backboneCount(), 6);
        QCOMPARE(panel->dynamicModelCount(), 17);
        QVERIFY(panel->sourceText().contains(QStringLiteral("jetson-agx-xavier")));

        const core::Candidate& backbone = run.candidates[1];  // searched, eight models
        QVERIFY(backbone.id > 0);
        // The window selects a backbone: the panel shows its inner front.
        window.selectCandidates({backbone.id});
        QCOMPARE(panel->shownBackboneId(), backbone.id);
        QCOMPARE(panel->innerFrontPlot()->pointCount(), 8);
        QCOMPARE(panel->modelView()->strip()->exitCount(), int(th::backbone(1, true).exits.size()));  // from hadas.inner/1
        // A click in the front selects that dynamic model in the window.
        const core::Candidate& model = run.candidates[6 + 3];
        QCOMPARE(*model.levelParent, backbone.id);
        QTest::mouseClick(panel->innerFrontPlot()->canvas(), Qt::LeftButton, {},
                          panel->innerFrontPlot()->pointPosition(QString::fromStdString(model.hash)));
        QCOMPARE(window.selectedIds(), QList<qint64>{model.id});
        QCOMPARE(panel->shownDynamicModelId(), model.id);
        QVERIFY(panel->modelView()->histogram()->barCount() >= 3);
        // A backbone row selects the backbone.
        const core::Candidate& other = run.candidates[2];
        panel->backboneTable()->selectRow(1);
        QCOMPARE(window.selectedIds(), QList<qint64>{other.id});
        QCOMPARE(panel->shownBackboneId(), other.id);

        // Another method's run hides the panel and empties it.
        const std::string otherDb = m_dir.filePath(QStringLiteral("other.sqlite")).toStdString();
        std::int64_t otherRun = -1;
        {
            store::RunStore writer = search::openRunStore(otherDb);
            store::RunRecord record;
            record.name = "nsga2";
            record.method = "nsga2";
            record.configJson = search::toJson(search::RunConfig{});
            record.status = "finished";
            otherRun = writer.createRun(record);
        }
        QVERIFY2(window.showStoredRun(QString::fromStdString(otherDb), otherRun, &error), qPrintable(error));
        QVERIFY(dock->isHidden());
        QCOMPARE(panel->backboneCount(), 0);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestHadasPanel)
#include "test_hadas_panel.moc"
