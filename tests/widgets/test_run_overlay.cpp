#include "widget_test_data.h"
#include "widgets/hypervolume_plot.h"
#include "widgets/pareto_plot.h"

#include <QtTest>

#include <array>
#include <cmath>

using namespace edgenas;
using namespace edgenas::widgets;
using testing::makeCandidate;

namespace {

// A compared run from (latency, accuracy, macs) triples; ids start at `firstId`.
ComparedRun comparedRun(const QString& label, qint64 firstId, const std::vector<std::array<double, 3>>& figures) {
    ComparedRun run;
    run.label = label;
    run.details = label + QStringLiteral(" details");
    for (const auto& [latency, accuracy, macs] : figures) {
        run.ids.push_back(firstId++);
        run.columns[QStringLiteral("latency_ms")].push_back(latency);
        run.columns[QStringLiteral("accuracy")].push_back(accuracy);
        run.columns[QStringLiteral("macs")].push_back(macs);
    }
    return run;
}

} // namespace

// Compared runs on the Pareto plot (a front layer and legend entry each, taken on the current
// axes) and their hypervolume curves.
class TestRunOverlay : public QObject {
    Q_OBJECT
private slots:
    void frontsFollowAxesBoundAndScale();
    void legendNamesEveryRunAndClears();
    void hypervolumeCurvesReplaceTheOwnCurve();
};

void TestRunOverlay::frontsFollowAxesBoundAndScale() {
    ParetoPlot plot;
    plot.addCandidates({makeCandidate(1, 10, 0.5), makeCandidate(2, 20, 0.8)});
    plot.setAxes(QStringLiteral("latency_ms"), QStringLiteral("accuracy"));
    // Run B: 100 dominated by 101 (faster, more accurate); 103 has no figure (NaN) and is never drawn.
    plot.setComparedRuns(QStringLiteral("A"), {comparedRun(QStringLiteral("B"), 100,
                                                           {{{8, 0.55, 4e6}, {6, 0.6, 9e6}, {15, 0.9, 1e6},
                                                             {std::nan(""), 0.99, 1e5}, {30, 0.85, 2e6}}})});
    plot.replotNow();
    QCOMPARE(plot.comparedRunCount(), 1);
    // Latency down, accuracy up: 101 (6 ms, 0.6) and 102 (15 ms, 0.9), by ascending x.
    QCOMPARE(plot.comparedFrontIds(0), QList<qint64>({101, 102}));

    // Other axes, other front: MACs down, accuracy up. 103 has MACs and the best accuracy.
    plot.setAxes(QStringLiteral("macs"), QStringLiteral("accuracy"));
    QCOMPARE(plot.comparedFrontIds(0), QList<qint64>({103}));

    // A bound on x leaves out what lies beyond it, as for the shown run.
    plot.setAxes(QStringLiteral("latency_ms"), QStringLiteral("accuracy"));
    plot.setConstraint(10.0);
    QCOMPARE(plot.comparedFrontIds(0), QList<qint64>({101}));
    plot.setConstraint(std::nullopt);
    QCOMPARE(plot.comparedFrontIds(0), QList<qint64>({101, 102}));
    QCOMPARE(plot.comparedFrontIds(1), QList<qint64>());  // no such run
}

void TestRunOverlay::legendNamesEveryRunAndClears() {
    ParetoPlot plot;
    plot.addCandidates({makeCandidate(1, 10, 0.5), makeCandidate(2, 20, 0.8)});
    plot.replotNow();
    QVERIFY(plot.legendNames().contains(QStringLiteral("Pareto front")));
    const QString b = QStringLiteral("seed 2 · NSGA-II · host");
    const QString c = QStringLiteral("random · Random search · host");
    plot.setComparedRuns(QStringLiteral("seed 1 · NSGA-II · host"),
                         {comparedRun(b, 100, {{{5, 0.4, 1e6}, {9, 0.7, 1e6}, {12, 0.75, 1e6}}}),
                          comparedRun(c, 200, {{{7, 0.6, 1e6}}})});
    plot.replotNow();
    QCOMPARE(plot.comparedRunLabels(), QStringList({b, c}));
    QCOMPARE(plot.comparedFrontIds(0).size(), 3);
    QCOMPARE(plot.comparedFrontIds(1).size(), 1);
    const QStringList legend = plot.legendNames();
    QVERIFY2(legend.contains(b) && legend.contains(c), qPrintable(legend.join(QLatin1Char('|'))));
    // The shown run's front is named after the run while others are drawn beside it.
    QVERIFY2(legend.contains(QStringLiteral("seed 1 · NSGA-II · host")), qPrintable(legend.join(QLatin1Char('|'))));
    QVERIFY(!legend.contains(QStringLiteral("Pareto front")));
    // The view fits the compared fronts too: B's 5 ms point lies left of every shown candidate.
    QVERIFY(plot.pixelOfId(1).has_value());
    const QImage image = plot.renderImage(QSize(600, 400));
    QVERIFY(!image.isNull());

    plot.clearComparedRuns();
    QCOMPARE(plot.comparedRunCount(), 0);
    QVERIFY(plot.comparedRunLabels().isEmpty());
    const QStringList after = plot.legendNames();
    QVERIFY2(!after.contains(b) && !after.contains(c), qPrintable(after.join(QLatin1Char('|'))));
    QVERIFY(after.contains(QStringLiteral("Pareto front")));
    // The shown run is untouched.
    QCOMPARE(plot.frontIds(), QList<qint64>({1, 2}));
}

void TestRunOverlay::hypervolumeCurvesReplaceTheOwnCurve() {
    HypervolumePlot plot;
    for (int i = 1; i <= 5; ++i)
        plot.addSample(i * 6, 0.1 * i);
    plot.replotNow();
    QCOMPARE(plot.yAxisLabel(), QStringLiteral("Hypervolume"));
    HypervolumeCurve shown{QStringLiteral("A"), {{6, 0.2}, {12, 0.3}, {18, std::nan("")}}};
    HypervolumeCurve other{QStringLiteral("B"), {{6, 0.1}, {12, 0.4}, {18, 0.5}, {24, 0.6}}};
    plot.setComparedCurves({shown, other}, QStringLiteral("one reference for all"));
    plot.replotNow();
    QCOMPARE(plot.comparedCurveCount(), 2);
    QCOMPARE(plot.comparedCurveLabels(), QStringList({QStringLiteral("A"), QStringLiteral("B")}));
    QCOMPARE(plot.comparedSampleCount(0), 2);  // NaN left out
    QCOMPARE(plot.comparedSampleCount(1), 4);
    QVERIFY(plot.yAxisLabel().contains(QStringLiteral("shared")));
    QCOMPARE(plot.sampleCount(), 5);  // the run's own samples are kept for when the comparison ends

    plot.clearComparedCurves();
    QCOMPARE(plot.comparedCurveCount(), 0);
    QCOMPARE(plot.yAxisLabel(), QStringLiteral("Hypervolume"));
    QCOMPARE(plot.sampleCount(), 5);
}

QTEST_MAIN(TestRunOverlay)
#include "test_run_overlay.moc"
