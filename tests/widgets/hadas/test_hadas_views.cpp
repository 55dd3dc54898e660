#include "hadas_test_records.h"

#include "widgets/hadas/dvfs_view.h"
#include "widgets/hadas/dynamic_comparison_view.h"
#include "widgets/hadas/dynamic_model_view.h"
#include "widgets/hadas/early_exit_strip.h"
#include "widgets/hadas/exit_histogram.h"
#include "widgets/hadas/inner_front_plot.h"

#include <QSignalSpy>
#include <QtTest/QtTest>

#include <cmath>

using namespace edgenas;
namespace th = edgenas::test::hadas;

namespace {

bool anyContains(const QStringList& texts, const QString& needle) {
    for (const QString& t : texts)
        if (t.contains(needle))
            return true;
    return false;
}

int countContaining(const QStringList& texts, const QString& needle) {
    int n = 0;
    for (const QString& t : texts)
        n += t.contains(needle) ? 1 : 0;
    return n;
}

// Whether the image has pixels of roughly this colour (the views paint what they report).
bool hasColour(const QImage& image, const QColor& colour) {
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - colour.red()) < 8 && std::abs(c.green() - colour.green()) < 8 &&
                std::abs(c.blue() - colour.blue()) < 8)
                return true;
        }
    return false;
}

} // namespace

// The HADAS views fed with hand-made records: what they draw, the oracle caveat, and a message
// instead of a crash for records that do not fit together.
class TestHadasViews : public QObject {
    Q_OBJECT
private slots:
    void stripDrawsBlocksAndExits() {
        const search::HadasBackboneRecord b = th::backbone(0, true);
        const search::HadasDynamicRecord d = th::dynamicModel(b, "threshold", {4, 7}, 0.8, 5);
        widgets::EarlyExitStrip strip;
        strip.resize(1000, 260);
        QCOMPARE(strip.blockCount(), 0);
        strip.setNetwork(b, d);
        QVERIFY2(strip.errorText().isEmpty(), qPrintable(strip.errorText()));
        QCOMPARE(strip.blockCount(), int(b.blocks.size()));
        QCOMPARE(strip.exitCount(), int(b.exits.size()));  // the chosen exits are among the trained heads
        QCOMPARE(strip.chosenExitCount(), 2);
        const QStringList labels = strip.exitLabels();
        QCOMPARE(labels.size(), 3);  // two exits and the final head
        QVERIFY2(labels[0].startsWith(QStringLiteral("b4")), qPrintable(labels[0]));
        // Accuracy, exit rate and threshold on each chosen exit.
        QVERIFY2(labels[0].contains(QStringLiteral("45.0 %")), qPrintable(labels[0]));  // leaves
        QVERIFY2(labels[0].contains(QStringLiteral("τ > 0.80")), qPrintable(labels[0]));  // strict by default
        QVERIFY2(labels[1].contains(QLocale().toString(100.0 * d.exitAccuracy[1], 'f', 1)), qPrintable(labels[1]));
        QVERIFY2(labels[2].startsWith(QStringLiteral("final")), qPrintable(labels[2]));
        QVERIFY(!strip.captionText().contains(QStringLiteral("not deployable")));
        // Painted: the chosen exits' colour appears.
        const QImage image = strip.renderImage(QSize(1000, 260));
        QVERIFY(hasColour(image, QColor(0xe1, 0x57, 0x59)));

        // A backbone alone: its trained heads, all faint, and no chosen exit.
        strip.setNetwork(b);
        QCOMPARE(strip.chosenExitCount(), 0);
        QCOMPARE(strip.exitCount(), int(b.exits.size()));
        QCOMPARE(strip.exitLabels().size(), 1);
        // A backbone that was not searched at the inner level has no heads.
        strip.setNetwork(th::backbone(1, false));
        QCOMPARE(strip.exitCount(), 0);
        QVERIFY(strip.captionText().contains(QStringLiteral("not searched")));
    }

    void oracleCarriesItsCaveat() {
        const search::HadasBackboneRecord b = th::backbone(0, true);
        const search::HadasDynamicRecord d = th::dynamicModel(b, "oracle", {3, 5, 8}, 0.0, 5);
        const QString caveat = QStringLiteral("upper bound, not deployable");
        widgets::EarlyExitStrip strip;
        strip.setNetwork(b, d);
        QVERIFY2(strip.captionText().contains(caveat), qPrintable(strip.captionText()));
        QVERIFY(strip.exitLabels()[0].contains(QStringLiteral("first correct")));
        widgets::ExitHistogram histogram;
        histogram.setModel(d);
        QVERIFY2(histogram.titleText().contains(caveat), qPrintable(histogram.titleText()));
        widgets::DynamicComparisonView comparison;
        comparison.setModel(d);
        const QStringList texts = comparison.texts();
        // Both early-exit accuracies and the accuracy title; the static backbone's is a real one.
        QCOMPARE(countContaining(texts, caveat), 3);
        QVERIFY(anyContains(texts, QStringLiteral("modelled")));

        // The deployable rule says neither.
        const search::HadasDynamicRecord t = th::dynamicModel(b, "threshold", {3, 5, 8}, 0.9, 5);
        comparison.setModel(t);
        QCOMPARE(countContaining(comparison.texts(), caveat), 0);
        histogram.setModel(t);
        QVERIFY(!histogram.titleText().contains(caveat));
    }

    void histogramShowsWhereSamplesLeave() {
        const search::HadasBackboneRecord b = th::backbone(2, true);
        const search::HadasDynamicRecord d = th::dynamicModel(b, "threshold", {3, 6}, 0.8, 4);
        widgets::ExitHistogram histogram;
        histogram.setModel(d);
        QVERIFY(histogram.errorText().isEmpty());
        QCOMPARE(histogram.barCount(), 3);
        QCOMPARE(histogram.barLabels(), (QStringList{QStringLiteral("b3"), QStringLiteral("b6"), QStringLiteral("final")}));
        double sum = 0.0;
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(histogram.barValue(i), d.exitRates[std::size_t(i)]);
            sum += histogram.barValue(i);
        }
        QVERIFY(std::abs(sum - 1.0) < 1e-9);
        QVERIFY(!histogram.renderImage(QSize(400, 260)).isNull());
        histogram.clearView();
        QCOMPARE(histogram.barCount(), 0);
    }

    void dvfsMarksTheChosenLevels() {
        const search::HadasBackboneRecord b = th::backbone(0, true);
        const search::HadasDynamicRecord d = th::dynamicModel(b, "threshold", {4, 7}, 0.8, 5);
        widgets::DvfsView view;
        view.resize(500, 420);
        view.setModel(d);
        QVERIFY2(view.errorText().isEmpty(), qPrintable(view.errorText()));
        QCOMPARE(view.domainCount(), 3);
        QCOMPARE(view.domainName(0), QStringLiteral("CPU"));
        QCOMPARE(view.levelCount(0), 29);
        QCOMPARE(view.levelCount(1), 14);
        QCOMPARE(view.levelCount(2), 9);
        QCOMPARE(view.chosenLevel(1), 5);
        QCOMPARE(view.chosenLevel(0), 20);
        QCOMPARE(view.curvePointCount(), 14);
        QCOMPARE(view.latencyPointCount(), 14);
        QCOMPARE(view.markedFrequencyMhz(), 624.75);
        QVERIFY(view.curveTitle().contains(QStringLiteral("GPU")));
        // The hand-made energy curve has its minimum inside the range, at or next to the chosen level.
        const auto minimum = std::min_element(d.sweepEnergyMj.begin(), d.sweepEnergyMj.end()) - d.sweepEnergyMj.begin();
        QVERIFY(minimum > 0 && minimum < 13);
        QVERIFY(std::abs(int(minimum) - 5) <= 1);
        // The domain rows are painted with the chosen level's marker.
        QWidget* rows = view.findChild<QWidget*>(QStringLiteral("dvfsLevelRows"));
        QVERIFY(rows);
        rows->resize(480, rows->sizeHint().height());
        QVERIFY(hasColour(rows->grab().toImage(), QColor(0x2e, 0x86, 0x5f)));
    }

    void comparisonSetsStaticAgainstExitsAndDvfs() {
        const search::HadasBackboneRecord b = th::backbone(1, true);
        const search::HadasDynamicRecord d = th::dynamicModel(b, "threshold", {4, 7}, 0.8, 5);
        widgets::DynamicComparisonView view;
        view.setModel(d);
        QCOMPARE(view.energyAt(0), d.staticMaxClock.energyMj);
        QCOMPARE(view.energyAt(1), d.exitsMaxClock.energyMj);
        QCOMPARE(view.energyAt(2), d.exitsDvfs.energyMj);
        QCOMPARE(view.accuracyAt(0), d.staticMaxClock.accuracy);
        QCOMPARE(view.accuracyAt(2), d.exitsDvfs.accuracy);
        // The hand-made model saves energy at both steps, and the labels say by how much.
        QVERIFY(view.energyAt(1) < view.energyAt(0));
        QVERIFY(view.energyAt(2) < view.energyAt(1));
        const QString saving =
            QLocale().toString(100.0 * (d.exitsDvfs.energyMj / d.staticMaxClock.energyMj - 1.0), 'f', 0) + QStringLiteral(" %");
        QVERIFY2(anyContains(view.texts(), saving), qPrintable(view.texts().join(QStringLiteral(" | "))));
        QVERIFY(view.barLabels()[2].contains(QStringLiteral("gpu 625 MHz")));
        view.clearView();
        QCOMPARE(view.energyAt(0), -1.0);
    }

    void mismatchedRecordsShowAMessage() {
        const search::HadasBackboneRecord b = th::backbone(0, true);
        search::HadasDynamicRecord d = th::dynamicModel(b, "threshold", {4, 7}, 0.8, 5);
        d.exitRates.pop_back();  // two exits need three rates
        widgets::EarlyExitStrip strip;
        strip.setNetwork(b, d);
        QVERIFY2(strip.errorText().contains(QStringLiteral("exitRates has 2 entries")), qPrintable(strip.errorText()));
        QCOMPARE(strip.blockCount(), 0);
        QVERIFY(!strip.renderImage(QSize(600, 200)).isNull());
        widgets::ExitHistogram histogram;
        histogram.setModel(d);
        QVERIFY(histogram.errorText().contains(QStringLiteral("exitRates")));
        QCOMPARE(histogram.barCount(), 0);

        search::HadasDynamicRecord far = th::dynamicModel(b, "threshold", {4, 7}, 0.8, 5);
        far.exitBlocks.back() = int(b.blocks.size()) + 3;
        strip.setNetwork(b, far);
        QVERIFY2(strip.errorText().contains(QStringLiteral("reads block")), qPrintable(strip.errorText()));

        search::HadasDynamicRecord sweep = th::dynamicModel(b, "threshold", {4, 7}, 0.8, 5);
        sweep.sweepEnergyMj.resize(5);
        widgets::DvfsView dvfs;
        dvfs.setModel(sweep);
        QVERIFY2(dvfs.errorText().contains(QStringLiteral("sweepEnergyMj has 5 entries")), qPrintable(dvfs.errorText()));
        QCOMPARE(dvfs.curvePointCount(), 0);
        search::HadasDynamicRecord level = th::dynamicModel(b, "threshold", {4, 7}, 0.8, 5);
        level.domains[1].chosen = 14;
        dvfs.setModel(level);
        QVERIFY2(dvfs.errorText().contains(QStringLiteral("'gpu' chooses level 14 of 14")), qPrintable(dvfs.errorText()));
        QCOMPARE(dvfs.domainCount(), 0);

        // Rates and accuracies not computed (empty) are not an error: dashes and a note.
        search::HadasDynamicRecord uncomputed = th::dynamicModel(b, "threshold", {4, 7}, 0.8, 5);
        uncomputed.exitRates.clear();
        uncomputed.exitAccuracy.clear();
        uncomputed.strictThreshold = false;
        strip.setNetwork(b, uncomputed);
        QVERIFY(strip.errorText().isEmpty());
        QCOMPARE(strip.chosenExitCount(), 2);
        QVERIFY2(strip.exitLabels()[0].contains(QStringLiteral("leaves —")), qPrintable(strip.exitLabels()[0]));
        QVERIFY2(strip.exitLabels()[0].contains(QStringLiteral("τ ≥ 0.80")), qPrintable(strip.exitLabels()[0]));
        histogram.setModel(uncomputed);
        QVERIFY(histogram.errorText().isEmpty());
        QCOMPARE(histogram.barCount(), 0);

        // The composite view keeps going: each part says what is wrong with its part.
        widgets::DynamicModelView view;
        view.setModel(b, d, QStringLiteral("broken"));
        QVERIFY(!view.strip()->errorText().isEmpty());
        QVERIFY(view.dvfs()->errorText().isEmpty());
        QCOMPARE(view.dvfs()->domainCount(), 3);
    }

    void innerFrontHighlightsAndReportsClicks() {
        widgets::InnerFrontPlot plot;
        plot.resize(420, 300);
        std::vector<widgets::InnerFrontPoint> points{
            {QStringLiteral("a"), 10.0, 50.0, {}}, {QStringLiteral("b"), 12.0, 40.0, {}},
            {QStringLiteral("c"), 13.0, 45.0, {}},  // dominated by b
            {QStringLiteral("d"), 9.0, 70.0, {}},   {QStringLiteral("e"), 15.0, 38.0, {}}};
        plot.setPoints(points, QStringLiteral("Inner front"), QStringLiteral("Energy [mJ], modelled"),
                       QStringLiteral("Error [%]"));
        QCOMPARE(plot.pointCount(), 5);
        QCOMPARE(plot.frontCount(), 4);
        QVERIFY(!plot.isOnFront(QStringLiteral("c")));
        QVERIFY(plot.isOnFront(QStringLiteral("e")));
        plot.setSelectedIdentity(QStringLiteral("b"));
        QCOMPARE(plot.selectedIdentity(), QStringLiteral("b"));
        QSignalSpy clicked(&plot, &widgets::InnerFrontPlot::pointClicked);
        const QPoint at = plot.pointPosition(QStringLiteral("d"));
        QVERIFY(at.x() >= 0);
        QTest::mouseClick(plot.canvas(), Qt::LeftButton, {}, at);
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.first().at(0).toString(), QStringLiteral("d"));
        QCOMPARE(plot.selectedIdentity(), QStringLiteral("d"));
        // Far from every point: nothing.
        QTest::mouseClick(plot.canvas(), Qt::LeftButton, {}, QPoint(2, 2));
        QCOMPARE(clicked.size(), 1);
        plot.clearView();
        QCOMPARE(plot.pointCount(), 0);
    }

    void compositeRendersForReports() {
        const search::HadasBackboneRecord b = th::backbone(0, true);
        widgets::DynamicModelView view;
        view.setModel(b, th::dynamicModel(b, "threshold", {4, 7}, 0.8, 5), QStringLiteral("model"));
        const QImage image = view.renderImage(QSize(1200, 700));
        QCOMPARE(image.size(), QSize(1200, 700));
        QVERIFY(hasColour(image, QColor(0xe1, 0x57, 0x59)));
        view.setModel(b, std::nullopt);
        QCOMPARE(view.histogram()->barCount(), 0);
        QCOMPARE(view.strip()->exitCount(), int(b.exits.size()));
    }
};

QTEST_MAIN(TestHadasViews)
#include "test_hadas_views.moc"
