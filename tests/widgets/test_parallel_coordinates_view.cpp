#include "widget_test_data.h"
#include "widgets/parallel_coordinates_view.h"

#include <QSignalSpy>
#include <QtTest>

using namespace edgenas;
using namespace edgenas::widgets;
using testing::makeCandidate;

namespace {

// Three objectives: accuracy (maximised), latency and MACs (minimised).
std::vector<core::Candidate> threeObjectives() {
    return {
        makeCandidate(1, 1.0, 0.50, 4e6),  // fastest, least accurate
        makeCandidate(2, 4.0, 0.90, 1e6),  // slowest, most accurate, smallest
        makeCandidate(3, 2.5, 0.70, 2.5e6),
        makeCandidate(4, 3.0, 0.60, 3e6),
    };
}

const QStringList kMetrics{QStringLiteral("accuracy"), QStringLiteral("latency_ms"), QStringLiteral("macs")};

} // namespace

class TestParallelCoordinatesView : public QObject {
    Q_OBJECT
private slots:
    void axesFollowTheMetricsInOrder();
    void betterEndIsAtTheTopWhicheverTheDirection();
    void valuesAreSpacedByValue();
    void clickSelectsTheNearestLine();
    void dragAlongAnAxisSelectsTheLinesCrossingIt();
    void setterDoesNotEmit();
    void boundShadesTheInfeasibleStretch();
    void candidateSentAgainReplacesItsFigures();
};

void TestParallelCoordinatesView::axesFollowTheMetricsInOrder() {
    ParallelCoordinatesView view;
    view.resize(600, 320);
    view.setMetrics(kMetrics);
    view.addCandidates(threeObjectives());
    QCOMPARE(view.candidateCount(), 4);
    const double x0 = view.axisLine(0).x1(), x1 = view.axisLine(1).x1(), x2 = view.axisLine(2).x1();
    QVERIFY(x0 < x1 && x1 < x2);
    QCOMPARE(x1 - x0, x2 - x1);  // evenly spaced
    for (int axis = 0; axis < 3; ++axis)
        QCOMPARE(view.pointOf(1, axis)->x(), view.axisLine(axis).x1());
    QVERIFY(!view.pointOf(1, 3));   // no fourth axis
    QVERIFY(!view.pointOf(99, 0));  // no such candidate
}

void TestParallelCoordinatesView::betterEndIsAtTheTopWhicheverTheDirection() {
    ParallelCoordinatesView view;
    view.resize(600, 320);
    view.setMetrics(kMetrics);
    view.addCandidates(threeObjectives());
    // Accuracy is maximised: the most accurate (2) is highest (smallest y).
    QVERIFY(view.pointOf(2, 0)->y() < view.pointOf(4, 0)->y());
    QVERIFY(view.pointOf(4, 0)->y() < view.pointOf(1, 0)->y());
    // Latency is minimised: the fastest (1) is highest, the slowest (2) lowest.
    QVERIFY(view.pointOf(1, 1)->y() < view.pointOf(3, 1)->y());
    QVERIFY(view.pointOf(3, 1)->y() < view.pointOf(2, 1)->y());
    // MACs too: the smallest network (2) is at the top.
    QVERIFY(view.pointOf(2, 2)->y() < view.pointOf(1, 2)->y());
    // Extremes sit near the axis ends, inside them.
    const QLineF accuracy = view.axisLine(0);
    QVERIFY(view.pointOf(2, 0)->y() >= accuracy.y1());
    QVERIFY(view.pointOf(2, 0)->y() - accuracy.y1() < 0.1 * accuracy.length());
    QVERIFY(accuracy.y2() - view.pointOf(1, 0)->y() < 0.1 * accuracy.length());
}

void TestParallelCoordinatesView::valuesAreSpacedByValue() {
    ParallelCoordinatesView view;
    view.resize(600, 320);
    view.setMetrics(kMetrics);
    view.addCandidates(threeObjectives());
    // Latency 2.5 is halfway between 1 and 4, so its point is halfway between theirs.
    const double y1 = view.pointOf(1, 1)->y(), y2 = view.pointOf(2, 1)->y(), y3 = view.pointOf(3, 1)->y();
    QVERIFY(std::abs(y3 - (y1 + y2) / 2.0) < 0.5);
    // Accuracy 0.6 is a quarter of the way up from 0.5 to 0.9.
    const double a1 = view.pointOf(1, 0)->y(), a2 = view.pointOf(2, 0)->y(), a4 = view.pointOf(4, 0)->y();
    QVERIFY(std::abs(a4 - (a1 + (a2 - a1) * 0.25)) < 0.5);
}

void TestParallelCoordinatesView::clickSelectsTheNearestLine() {
    ParallelCoordinatesView view;
    view.resize(600, 320);
    view.setMetrics(kMetrics);
    view.addCandidates(threeObjectives());
    QSignalSpy selection(&view, &ParallelCoordinatesView::selectionChanged);
    QSignalSpy activated(&view, &ParallelCoordinatesView::candidateActivated);
    // A quarter along candidate 3's first segment, away from the axes and where no line crosses.
    const QPointF a = *view.pointOf(3, 0), b = *view.pointOf(3, 1);
    const QPoint mid = (a + (b - a) * 0.25).toPoint();
    QCOMPARE(view.idAt(mid), std::optional<qint64>(3));
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, mid);
    QCOMPARE(selection.count(), 1);
    QCOMPARE(selection.at(0).at(0).value<QList<qint64>>(), QList<qint64>{3});
    // Ctrl-click adds another line; clicking empty space clears.
    const QPoint mid1 = (*view.pointOf(1, 1) + (*view.pointOf(1, 2) - *view.pointOf(1, 1)) * 0.25).toPoint();
    QTest::mouseClick(&view, Qt::LeftButton, Qt::ControlModifier, mid1);
    QCOMPARE(view.selectedIds(), (QList<qint64>{1, 3}));
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, QPoint(3, 3));
    QCOMPARE(view.selectedIds(), QList<qint64>{});
    QCOMPARE(selection.count(), 3);
    QTest::mouseDClick(&view, Qt::LeftButton, Qt::NoModifier, mid);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toLongLong(), 3);
}

void TestParallelCoordinatesView::dragAlongAnAxisSelectsTheLinesCrossingIt() {
    ParallelCoordinatesView view;
    view.resize(600, 320);
    view.setMetrics(kMetrics);
    view.addCandidates(threeObjectives());
    QSignalSpy selection(&view, &ParallelCoordinatesView::selectionChanged);
    // Brush the latency axis over 2.5 and 3.0 (candidates 3 and 4), not 1 or 4.
    const QPointF top = *view.pointOf(3, 1), bottom = *view.pointOf(4, 1);
    const QPoint from = (top - QPointF(0, 3)).toPoint(), to = (bottom + QPointF(0, 3)).toPoint();
    QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, from);
    QMouseEvent move(QEvent::MouseMove, QPointF(to), view.mapToGlobal(QPointF(to)), Qt::NoButton, Qt::LeftButton,
                     Qt::NoModifier);
    QApplication::sendEvent(&view, &move);
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, to);
    QCOMPARE(selection.count(), 1);
    QCOMPARE(view.selectedIds(), (QList<qint64>{3, 4}));
}

void TestParallelCoordinatesView::setterDoesNotEmit() {
    ParallelCoordinatesView view;
    view.setMetrics(kMetrics);
    view.addCandidates(threeObjectives());
    QSignalSpy selection(&view, &ParallelCoordinatesView::selectionChanged);
    view.setSelectedIds({2, 4});
    QCOMPARE(view.selectedIds(), (QList<qint64>{2, 4}));
    QCOMPARE(selection.count(), 0);
    view.setFrontIds({1, 2});
    QCOMPARE(view.frontIds(), (QList<qint64>{1, 2}));
}

void TestParallelCoordinatesView::boundShadesTheInfeasibleStretch() {
    ParallelCoordinatesView view;
    view.resize(600, 320);
    view.setMetrics(kMetrics);
    view.addCandidates(threeObjectives());
    auto reddish = [](const QImage& image, QPoint at) {
        const QColor c = image.pixelColor(at);
        return c.red() > c.green() + 12 && c.red() > c.blue() + 12;
    };
    // Accuracy at least 0.65: the stretch below 0.65 (towards the bottom, the worse end) is red.
    const QLineF accuracy = view.axisLine(0);
    const QPoint below(int(accuracy.x1()) - 4, int(view.pointOf(1, 0)->y()) - 2);   // accuracy ~0.5
    const QPoint above(int(accuracy.x1()) - 4, int(view.pointOf(2, 0)->y()) + 2);   // accuracy ~0.9
    QImage image = view.renderImage(view.size());
    QVERIFY(!reddish(image, below));
    view.setBounds({MetricBound{QStringLiteral("accuracy"), 0.65, std::nullopt}});
    image = view.renderImage(view.size());
    QVERIFY2(reddish(image, below), "no shading below a lower bound");
    QVERIFY2(!reddish(image, above), "the feasible stretch is shaded");
    // An upper bound on latency (minimised, better at the top) shades towards the bottom too.
    view.setBounds({MetricBound{QStringLiteral("latency_ms"), std::nullopt, 3.5}});
    image = view.renderImage(view.size());
    const QLineF latency = view.axisLine(1);
    QVERIFY(reddish(image, QPoint(int(latency.x1()) - 4, int(view.pointOf(2, 1)->y()) - 2)));  // 4 ms
    QVERIFY(!reddish(image, QPoint(int(latency.x1()) - 4, int(view.pointOf(1, 1)->y()) + 2)));  // 1 ms
    QVERIFY(!reddish(image, below));  // the accuracy bound is gone
}

void TestParallelCoordinatesView::candidateSentAgainReplacesItsFigures() {
    ParallelCoordinatesView view;
    view.resize(600, 320);
    view.setMetrics(kMetrics);
    view.addCandidates(threeObjectives());
    const double before = view.pointOf(3, 0)->y();
    view.addCandidates({makeCandidate(3, 2.5, 0.85, 2.5e6)});
    QCOMPARE(view.candidateCount(), 4);
    QVERIFY(view.pointOf(3, 0)->y() < before);  // more accurate: higher up
}

QTEST_MAIN(TestParallelCoordinatesView)
#include "test_parallel_coordinates_view.moc"
