#include "widget_test_data.h"
#include "widgets/pareto_plot.h"

#include "core/metric_catalog.h"
#include "core/rng.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QSignalSpy>
#include <QtTest>

#include <set>

using namespace edgenas;
using namespace edgenas::widgets;
using testing::makeCandidate;

namespace {

// Latency (minimised) against accuracy (maximised); macs for the axis switch.
std::vector<core::Candidate> handCase() {
    return {
        makeCandidate(6, 0.5, 0.40, 5e6), makeCandidate(1, 1.0, 0.50, 1e6), makeCandidate(2, 2.0, 0.70, 3e6),
        makeCandidate(3, 3.0, 0.60, 2e6), makeCandidate(4, 4.0, 0.90, 4e6), makeCandidate(5, 2.5, 0.65, 1e6),
        makeCandidate(7, 2.0, 0.70, 3e6),  // equal to 2: the first of equal points stays
    };
}

QCustomPlot* canvasOf(ParetoPlot& plot) { return plot.findChild<QCustomPlot*>(QStringLiteral("paretoCanvas")); }

QCPItemStraightLine* constraintLineOf(ParetoPlot& plot) {
    QCustomPlot* canvas = canvasOf(plot);
    for (int i = 0; i < canvas->itemCount(); ++i)
        if (auto* line = qobject_cast<QCPItemStraightLine*>(canvas->item(i)))
            return line;
    return nullptr;
}

} // namespace

class TestParetoPlot : public QObject {
    Q_OBJECT
private slots:
    void countsPointsAndBuffersRedraws();
    void frontOnHandCase();
    void constraintRemovesInfeasiblePointsFromTheFront();
    void constraintLineIsDrawnAndMoves();
    void axesSwitch();
    void picksAxesFromMetricNames();
    void similarityScoresAreMaximised();
    void logScaleDropsNonPositiveValues();
    void incrementalFrontMatchesBruteForce();
    void selectionBySetterAndClicks();
    void renderImageShowsFrontAndShading();
    void colourAxisPicksColoursByValue();
    void lowerBoundShadesBelowAndLeavesTheFront();
    void boundsOffTheAxesStillDecideTheFront();
};

void TestParetoPlot::countsPointsAndBuffersRedraws() {
    ParetoPlot plot;
    plot.addCandidates(handCase());
    QCOMPARE(plot.pointCount(), 7);
    // The cloud of all candidates is the first plottable; buffered, it has no data until the
    // next redraw tick.
    QCPAbstractPlottable* cloud = canvasOf(plot)->plottable(0);
    bool found = true;
    cloud->getKeyRange(found);
    QVERIFY(!found);
    QTRY_VERIFY_WITH_TIMEOUT((cloud->getKeyRange(found), found), 2000);
    QCOMPARE(cloud->getKeyRange(found), QCPRange(0.5, 4.0));
    QCOMPARE(plot.plottedPointCount(), 7);
    plot.clear();
    QCOMPARE(plot.pointCount(), 0);
    QCOMPARE(plot.frontIds(), QList<qint64>{});
}

void TestParetoPlot::frontOnHandCase() {
    ParetoPlot plot;
    plot.addCandidates(handCase());
    QCOMPARE(plot.frontIds(), (QList<qint64>{6, 1, 2, 4}));
    // The front graph holds exactly those points, as a step line.
    QCPGraph* front = canvasOf(plot)->graph(0);
    QCOMPARE(front->dataCount(), 4);
    QCOMPARE(front->lineStyle(), QCPGraph::lsStepLeft);
    QCOMPARE(front->data()->at(2)->key, 2.0);
    QCOMPARE(front->data()->at(2)->value, 0.70);
}

void TestParetoPlot::constraintRemovesInfeasiblePointsFromTheFront() {
    ParetoPlot plot;
    plot.addCandidates(handCase());
    plot.setConstraint(3.5);
    QCOMPARE(plot.frontIds(), (QList<qint64>{6, 1, 2}));
    plot.setConstraint(1.5);
    QCOMPARE(plot.frontIds(), (QList<qint64>{6, 1}));
    plot.setConstraint(std::nullopt);
    QCOMPARE(plot.frontIds(), (QList<qint64>{6, 1, 2, 4}));
    QCOMPARE(plot.pointCount(), 7);  // infeasible points are still drawn
}

void TestParetoPlot::constraintLineIsDrawnAndMoves() {
    ParetoPlot plot;
    plot.addCandidates(handCase());
    plot.replotNow();
    QCPItemStraightLine* line = constraintLineOf(plot);
    QVERIFY(line);
    QVERIFY(!line->visible());
    plot.setConstraint(3.5);
    QVERIFY(line->visible());
    QCOMPARE(line->point1->coords().x(), 3.5);
    QCOMPARE(line->point2->coords().x(), 3.5);
    plot.setConstraint(2.2);
    QCOMPARE(line->point1->coords().x(), 2.2);
    QCOMPARE(*plot.constraint(), 2.2);
    // The shaded region starts at the bound.
    QCustomPlot* canvas = canvasOf(plot);
    QCPItemRect* shade = nullptr;
    for (int i = 0; i < canvas->itemCount(); ++i)
        if (auto* rect = qobject_cast<QCPItemRect*>(canvas->item(i)))
            shade = rect;
    QVERIFY(shade && shade->visible());
    QCOMPARE(shade->topLeft->coords().x(), 2.2);
    plot.setConstraint(std::nullopt);
    QVERIFY(!line->visible());
    QVERIFY(!shade->visible());
}

void TestParetoPlot::axesSwitch() {
    ParetoPlot plot;
    plot.addCandidates(handCase());
    QSignalSpy axes(&plot, &ParetoPlot::axesChanged);
    plot.setAxes("macs", "accuracy");
    QCOMPARE(axes.count(), 1);
    QCOMPARE(axes.at(0).at(0).toString(), QStringLiteral("macs"));
    QCOMPARE(plot.frontIds(), (QList<qint64>{5, 2, 4}));
    // A maximised x: the same front as latency/accuracy, ordered by ascending accuracy.
    plot.setAxes("accuracy", "latency_ms");
    QCOMPARE(plot.frontIds(), (QList<qint64>{6, 1, 2, 4}));
    plot.setAxes("accuracy", "latency_ms");
    QCOMPARE(axes.count(), 2);  // unchanged axes: no signal
    QCOMPARE(canvasOf(plot)->xAxis->label().contains("Accuracy"), true);
    // Each axis names where its figures come from (the hand case's latency is from a table).
    QVERIFY2(canvasOf(plot)->xAxis->label().contains("trained"), qPrintable(canvasOf(plot)->xAxis->label()));
    QVERIFY2(canvasOf(plot)->yAxis->label().contains("Latency [ms] · table"), qPrintable(canvasOf(plot)->yAxis->label()));
    // The combo box offers every metric seen.
    auto* xCombo = plot.findChild<QComboBox*>(QStringLiteral("paretoXAxis"));
    QVERIFY(xCombo);
    QCOMPARE(xCombo->count(), 3);
    QCOMPARE(xCombo->currentData().toString(), QStringLiteral("accuracy"));
}

void TestParetoPlot::picksAxesFromMetricNames() {
    ParetoPlot plot;
    core::Candidate c;
    c.id = 1;
    c.metrics = {{"params", 1000, "", core::Provenance::Counted}, {"proxy", 0.3, "", core::Provenance::Proxy}};
    plot.addCandidates({c});
    plot.replotNow();
    QCOMPARE(plot.xMetric(), QStringLiteral("params"));
    QCOMPARE(plot.yMetric(), QStringLiteral("proxy"));
    QCOMPARE(plot.frontIds(), QList<qint64>{1});
}

// The plot judges a metric by its descriptor, not its name: a method's own score (as HW-EvRSNAS's
// similarity phi) declared maximised is better higher, its loss declared minimised better lower.
void TestParetoPlot::similarityScoresAreMaximised() {
    core::MetricDescriptor similarity;
    similarity.name = "test_similarity";
    similarity.label = "Test similarity";
    similarity.direction = core::MetricDirection::Maximise;
    similarity.objective = false;
    core::MetricCatalog::global().add(similarity);
    core::MetricDescriptor loss = similarity;
    loss.name = "test_loss";
    loss.label = "Test loss";
    loss.direction = core::MetricDirection::Minimise;
    core::MetricCatalog::global().add(loss);
    ParetoPlot plot;
    std::vector<core::Candidate> candidates;
    for (int i = 1; i <= 3; ++i) {
        core::Candidate c;
        c.id = i;
        c.metrics = {{"latency_ms", double(i), "ms", core::Provenance::Table},
                     {"test_similarity", 0.3 + 0.2 * i, "", core::Provenance::Proxy},
                     {"test_loss", 1.0 - 0.2 * i, "", core::Provenance::Proxy}};
        candidates.push_back(c);
    }
    plot.addCandidates(candidates);
    plot.setAxes("latency_ms", "test_similarity");
    QCOMPARE(plot.frontIds(), (QList<qint64>{1, 2, 3}));
    QVERIFY(canvasOf(plot)->yAxis->label().contains("Test similarity"));
    plot.setAxes("latency_ms", "test_loss");
    QCOMPARE(plot.frontIds(), (QList<qint64>{1, 2, 3}));
    candidates[2].id = 4;
    candidates[2].metrics[1].value = 0.1;  // slower and less similar: dominated
    candidates[2].metrics[2].value = 2.0;
    plot.addCandidates({candidates[2]});
    plot.setAxes("latency_ms", "test_similarity");
    QCOMPARE(plot.frontIds(), (QList<qint64>{1, 2, 3}));
    plot.setAxes("latency_ms", "test_loss");
    QCOMPARE(plot.frontIds(), (QList<qint64>{1, 2, 3}));
}

void TestParetoPlot::logScaleDropsNonPositiveValues() {
    ParetoPlot plot;
    std::vector<core::Candidate> candidates = handCase();
    candidates.push_back(makeCandidate(8, 0.0, 0.3));
    plot.addCandidates(candidates);
    QCOMPARE(plot.plottedPointCount(), 8);
    QCOMPARE(plot.frontIds().front(), 8);
    QSignalSpy logSpy(&plot, &ParetoPlot::logScaleChanged);
    plot.setLogScaleX(true);
    QCOMPARE(logSpy.count(), 1);
    QCOMPARE(logSpy.at(0).at(0).toBool(), true);
    // The widget's own check box drives the same setter.
    auto* logY = plot.findChild<QCheckBox*>(QStringLiteral("paretoLogY"));
    QVERIFY(logY);
    logY->setChecked(true);
    QVERIFY(plot.logScaleY());
    QCOMPARE(logSpy.count(), 2);
    logY->setChecked(false);
    QVERIFY(plot.logScaleX());
    QCOMPARE(plot.plottedPointCount(), 7);
    QCOMPARE(plot.frontIds(), (QList<qint64>{6, 1, 2, 4}));
    QCOMPARE(canvasOf(plot)->xAxis->scaleType(), QCPAxis::stLogarithmic);
    plot.setLogScaleX(false);
    QCOMPARE(plot.plottedPointCount(), 8);
}

void TestParetoPlot::incrementalFrontMatchesBruteForce() {
    ParetoPlot plot;
    plot.setConstraint(15.0);
    core::Rng rng(5);
    std::vector<core::Candidate> all;
    for (int batch = 0; batch < 12; ++batch) {
        std::vector<core::Candidate> candidates;
        for (int i = 0; i < 250; ++i) {
            const double latency = 0.5 + 19.5 * rng.uniformReal();
            // Accuracy grows with latency plus noise, like a real trade-off.
            const double accuracy = std::min(0.99, 0.4 + 0.3 * std::log1p(latency) / 3.0 + 0.2 * rng.uniformReal());
            candidates.push_back(makeCandidate(static_cast<std::int64_t>(all.size()) + 1, latency, accuracy));
            all.push_back(candidates.back());
        }
        plot.addCandidates(candidates);
        if (batch % 3 == 0)
            plot.replotNow();
    }
    std::set<qint64> expected;
    for (const core::Candidate& a : all) {
        const double la = a.metric("latency_ms")->value, aa = a.metric("accuracy")->value;
        if (la > 15.0)
            continue;
        bool dominated = false;
        for (const core::Candidate& b : all) {
            const double lb = b.metric("latency_ms")->value, ab = b.metric("accuracy")->value;
            if (lb <= 15.0 && lb <= la && ab >= aa && (lb < la || ab > aa))
                dominated = true;
        }
        if (!dominated)
            expected.insert(a.id);
    }
    const QList<qint64> front = plot.frontIds();
    QCOMPARE(std::set<qint64>(front.begin(), front.end()), expected);
    QVERIFY(expected.size() > 5);
}

void TestParetoPlot::selectionBySetterAndClicks() {
    ParetoPlot plot;
    plot.resize(800, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.addCandidates(handCase());
    plot.replotNow();
    QSignalSpy selection(&plot, &ParetoPlot::selectionChanged);
    QSignalSpy activated(&plot, &ParetoPlot::candidateActivated);

    plot.setSelectedIds({3, 4});
    QCOMPARE(plot.selectedIds(), (QList<qint64>{3, 4}));
    QCOMPARE(selection.count(), 0);  // programmatic: no echo
    QCOMPARE(canvasOf(plot)->graph(1)->dataCount(), 2);

    QCustomPlot* canvas = canvasOf(plot);
    auto at = [&](qint64 id) {
        const std::optional<QPoint> p = plot.pixelOfId(id);
        if (!p)
            qFatal("candidate %lld is not visible", static_cast<long long>(id));
        return canvas->mapFrom(&plot, *p);
    };
    QCOMPARE(plot.idAt(*plot.pixelOfId(1)), std::optional<qint64>(1));

    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, at(1));
    QCOMPARE(selection.count(), 1);
    QCOMPARE(selection.at(0).at(0).value<QList<qint64>>(), QList<qint64>{1});
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::ControlModifier, at(4));
    QCOMPARE(selection.count(), 2);
    QCOMPARE(selection.at(1).at(0).value<QList<qint64>>(), (QList<qint64>{1, 4}));
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::ShiftModifier, at(1));  // toggles 1 off
    QCOMPARE(plot.selectedIds(), QList<qint64>{4});
    // Empty space (top left of the axis rect: low latency, high accuracy, no candidate) clears.
    const QRect axisRect = canvas->axisRect()->rect();
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, axisRect.topLeft() + QPoint(6, 6));
    QCOMPARE(plot.selectedIds(), QList<qint64>{});
    QCOMPARE(selection.count(), 4);

    QTest::mouseDClick(canvas, Qt::LeftButton, Qt::NoModifier, at(5));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toLongLong(), 5);
}

void TestParetoPlot::renderImageShowsFrontAndShading() {
    ParetoPlot plot;
    plot.addCandidates(handCase());
    plot.setConstraint(3.5);
    const QImage image = plot.renderImage(QSize(640, 420));
    QCOMPARE(image.size(), QSize(640, 420));
    const QColor highlight = plot.palette().color(QPalette::Highlight);
    int highlightPixels = 0, reddishPixels = 0;
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            colours.insert(c.rgb());
            if (std::abs(c.red() - highlight.red()) < 12 && std::abs(c.green() - highlight.green()) < 12 &&
                std::abs(c.blue() - highlight.blue()) < 12)
                ++highlightPixels;
            if (c.red() > c.green() + 12 && c.red() > c.blue() + 12)
                ++reddishPixels;
        }
    QVERIFY2(colours.size() > 20, "the image is nearly blank");
    QVERIFY2(highlightPixels > 100, "no front line in the image");
    QVERIFY2(reddishPixels > 1000, "no shaded infeasible region in the image");
}

namespace {

int colourDistance(const QColor& a, const QColor& b) {
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
}

bool isReddish(const QColor& c) { return c.red() > c.green() + 12 && c.red() > c.blue() + 12; }

} // namespace

void TestParetoPlot::colourAxisPicksColoursByValue() {
    ParetoPlot plot;
    plot.resize(640, 420);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.addCandidates(handCase());
    plot.replotNow();
    QCOMPARE(plot.colourOfId(3), std::optional<QColor>());  // no colour metric: the plain look
    QCOMPARE(canvasOf(plot)->findChildren<QCPColorScale*>().size(), 0);
    const QImage plain = plot.grab().toImage();
    const QPoint at3 = *plot.pixelOfId(3);  // not on the front: drawn by the cloud alone
    QVERIFY(colourDistance(plain.pixelColor(at3), QColor(Qt::gray)) < 200);

    // Picked in the axis bar, as a user would.
    auto* combo = plot.findChild<QComboBox*>(QStringLiteral("paretoColourAxis"));
    QVERIFY(combo);
    QCOMPARE(combo->currentData().toString(), QString());  // "none"
    QSignalSpy changed(&plot, &ParetoPlot::colourMetricChanged);
    const int macs = combo->findData(QStringLiteral("macs"));
    QVERIFY(macs > 0);
    combo->setCurrentIndex(macs);
    emit combo->activated(macs);
    QCOMPARE(plot.colourMetric(), QStringLiteral("macs"));
    QCOMPARE(changed.count(), 1);
    plot.replotNow();
    QCOMPARE(canvasOf(plot)->findChildren<QCPColorScale*>().size(), 1);

    // MACs are minimised: the fewest (1e6) get the bright end, the most (5e6) the dark end, and
    // 3e6 lies between; equal values get equal colours.
    const QColor fewest = *plot.colourOfId(1), most = *plot.colourOfId(6), middle = *plot.colourOfId(2);
    QVERIFY2(colourDistance(fewest, QColor(253, 231, 37)) < 30, qPrintable(fewest.name()));
    QVERIFY2(colourDistance(most, QColor(68, 1, 84)) < 30, qPrintable(most.name()));
    QVERIFY(colourDistance(middle, fewest) > 100 && colourDistance(middle, most) > 100);
    QCOMPARE(*plot.colourOfId(5), fewest);
    QVERIFY(fewest.lightness() > middle.lightness() && middle.lightness() > most.lightness());

    // The point is drawn in its colour (nearly opaque over the background); the scale took
    // room at the right, so the point moved.
    const QImage coloured = plot.grab().toImage();
    const QColor expected = *plot.colourOfId(3);
    const QPoint moved3 = *plot.pixelOfId(3);
    QVERIFY(moved3.x() < at3.x());
    QVERIFY2(colourDistance(coloured.pixelColor(moved3), expected) < 90,
             qPrintable(coloured.pixelColor(moved3).name() + " vs " + expected.name()));

    // Accuracy is maximised: the most accurate is bright.
    plot.setColourMetric(QStringLiteral("accuracy"));
    QVERIFY(plot.colourOfId(4)->lightness() > plot.colourOfId(6)->lightness());
    // None again: the scale goes, the points are plain.
    plot.setColourMetric(QString());
    plot.replotNow();
    QCOMPARE(plot.colourOfId(3), std::optional<QColor>());
    QCOMPARE(canvasOf(plot)->findChildren<QCPColorScale*>().size(), 0);
    QCOMPARE(combo->currentIndex(), 0);
}

void TestParetoPlot::lowerBoundShadesBelowAndLeavesTheFront() {
    ParetoPlot plot;
    plot.resize(640, 420);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.addCandidates(handCase());
    plot.replotNow();
    // Where candidate 6 (accuracy 0.4) is, shifted right past the points: feasible, unshaded.
    const QPoint probe = *plot.pixelOfId(6) + QPoint(40, 0);
    QVERIFY(!isReddish(plot.grab().toImage().pixelColor(probe)));
    plot.setBounds({MetricBound{QStringLiteral("accuracy"), 0.65, std::nullopt}});
    plot.replotNow();
    QVERIFY2(isReddish(plot.grab().toImage().pixelColor(probe)), "no shading below the lower bound");
    // Above the bound stays clear.
    QVERIFY(!isReddish(plot.grab().toImage().pixelColor(*plot.pixelOfId(4) + QPoint(-40, 0))));
    QCOMPARE(plot.frontIds(), (QList<qint64>{2, 4}));
    // The dashed line sits at the bound on the y axis.
    bool found = false;
    QCustomPlot* canvas = canvasOf(plot);
    for (int i = 0; i < canvas->itemCount(); ++i)
        if (auto* line = qobject_cast<QCPItemStraightLine*>(canvas->item(i)); line && line->visible())
            found = found || (line->point1->coords().y() == 0.65 && line->point2->coords().y() == 0.65);
    QVERIFY(found);
    // A lower bound on x shades the left.
    plot.setBounds({MetricBound{QStringLiteral("latency_ms"), 1.5, std::nullopt}});
    plot.replotNow();
    QVERIFY(isReddish(plot.grab().toImage().pixelColor(*plot.pixelOfId(1) + QPoint(0, 30))));
    QVERIFY(!isReddish(plot.grab().toImage().pixelColor(*plot.pixelOfId(3) + QPoint(0, 30))));
    QCOMPARE(plot.frontIds(), (QList<qint64>{2, 4}));
    plot.setBounds({});
    plot.replotNow();
    QVERIFY(!isReddish(plot.grab().toImage().pixelColor(probe)));
    QCOMPARE(plot.frontIds(), (QList<qint64>{6, 1, 2, 4}));
}

void TestParetoPlot::boundsOffTheAxesStillDecideTheFront() {
    ParetoPlot plot;
    plot.addCandidates(handCase());
    plot.setBounds({MetricBound{QStringLiteral("macs"), std::nullopt, 2.5e6}});
    QCOMPARE(plot.frontIds(), (QList<qint64>{1, 5}));
    QCOMPARE(plot.constraint(), std::optional<double>());  // nothing on x
    // setConstraint() is the upper bound on x, kept beside the others.
    plot.setConstraint(2.2);
    QCOMPARE(plot.bounds().size(), std::size_t(2));
    QCOMPARE(plot.frontIds(), QList<qint64>{1});
}

QTEST_MAIN(TestParetoPlot)
#include "test_pareto_plot.moc"
