#include "widgets/gram/entropy_plot.h"
#include "widgets/gram/meta_graph_view.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace edgenas::widgets;

namespace {

const QStringList kOps{QStringLiteral("sep_conv_3x3"), QStringLiteral("sep_conv_5x5"), QStringLiteral("conv_1x1")};

// A hand-made meta-graph of `n` nodes: edge probabilities from `edge(i, j)`, every node but the
// input with the same operator distribution rotated by its index.
template <typename EdgeProbability>
MetaGraphDrawing drawingOf(int n, EdgeProbability edge) {
    MetaGraphDrawing d;
    d.nodes = n;
    d.opNames = kOps;
    d.edgeProbability.assign(std::size_t(n * n), 0.0);
    for (int j = 1; j < n; ++j)
        for (int i = 0; i < j; ++i)
            d.edgeProbability[std::size_t(i * n + j)] = edge(i, j);
    d.opProbability.resize(std::size_t(n));
    const std::vector<double> base{0.6, 0.3, 0.1};
    for (int j = 1; j < n; ++j)
        for (int k = 0; k < 3; ++k)
            d.opProbability[std::size_t(j)].push_back(base[std::size_t((k + j) % 3)]);
    d.caption = QStringLiteral("sweep 1");
    return d;
}

} // namespace

// The meta-graph view: probability as edge width and colour, operator distributions as node
// badges, the current graph outlined, and bad input named rather than drawn.
class TestMetaGraphView : public QObject {
    Q_OBJECT
private slots:
    void likelyEdgesAreThickerAndStronger();
    void unlikelyEdgesAreHiddenUnlessCurrent();
    void badgesShowTheOperatorDistribution();
    void drawsTwoAndSixteenNodes_data();
    void drawsTwoAndSixteenNodes();
    void damagedDrawingIsNamed();
    void entropyPlotKeepsOnePointPerSweep();
};

void TestMetaGraphView::likelyEdgesAreThickerAndStronger() {
    MetaGraphView view;
    view.resize(500, 600);
    // Probabilities spread over (0, 1): 0->1 certain, 0->3 unlikely, the rest in between.
    const MetaGraphDrawing d =
        drawingOf(5, [](int i, int j) { return std::clamp(0.1 + 0.2 * (j - i) - 0.15 * i, 0.05, 0.95); });
    view.setDrawing(d);
    QVERIFY2(view.errorText().isEmpty(), qPrintable(view.errorText()));
    QCOMPARE(view.nodeItemCount(), 5);
    QCOMPARE(view.edgeItemCount(), 10);
    const double threshold = 0.5;
    double thickestBelow = 0.0, thinnestAbove = 1e9;
    for (int j = 1; j < 5; ++j)
        for (int i = 0; i < j; ++i) {
            const double p = d.probability(i, j);
            const double width = view.edgeWidth(i, j);
            QVERIFY2(width > 0.0, qPrintable(QStringLiteral("edge %1->%2 not drawn").arg(i).arg(j)));
            if (p > threshold)
                thinnestAbove = std::min(thinnestAbove, width);
            else
                thickestBelow = std::max(thickestBelow, width);
        }
    QVERIFY2(thinnestAbove > thickestBelow,
             qPrintable(QStringLiteral("%1 <= %2").arg(thinnestAbove).arg(thickestBelow)));
    // Width and colour strength both grow with probability.
    QVERIFY(view.edgeWidth(0, 4) > view.edgeWidth(3, 4));
    QVERIFY(d.probability(0, 4) > d.probability(3, 4));
    QVERIFY(view.edgeColour(0, 4).alphaF() > view.edgeColour(3, 4).alphaF());
    QVERIFY(view.edgeColour(0, 4).saturationF() > view.edgeColour(3, 4).saturationF());
    QCOMPARE(view.edgeWidth(0, 4), MetaGraphView::probabilityWidth(d.probability(0, 4)));
}

void TestMetaGraphView::unlikelyEdgesAreHiddenUnlessCurrent() {
    MetaGraphView view;
    MetaGraphDrawing d =
        drawingOf(4, [](int i, int j) { return (i == 0 && j == 3) || (i == 1 && j == 2) ? 0.001 : 0.7; });
    d.currentEdges = {{0, 1}, {1, 2}, {2, 3}};
    d.currentOps = {-1, 0, 2, 1};
    view.setDrawing(d);
    QCOMPARE(view.edgeWidth(0, 3), 0.0);  // unlikely and not used: not drawn
    QVERIFY(view.edgeWidth(1, 2) > 0.0);  // unlikely but the chain stands on it
    QVERIFY(view.edgeHighlighted(1, 2));
    QVERIFY(view.edgeHighlighted(0, 1));
    QVERIFY(!view.edgeHighlighted(0, 2));
    QCOMPARE(view.edgeItemCount(), 5);
    for (int node = 0; node < 4; ++node)
        QVERIFY(view.nodeHighlighted(node));
    // Without a current graph nothing is outlined.
    d.currentEdges.clear();
    d.currentOps.clear();
    view.setDrawing(d);
    QVERIFY(!view.edgeHighlighted(0, 1));
    QVERIFY(!view.nodeHighlighted(1));
    view.setHiddenBelow(0.0);
    QCOMPARE(view.edgeItemCount(), 6);
}

void TestMetaGraphView::badgesShowTheOperatorDistribution() {
    MetaGraphView view;
    MetaGraphDrawing d = drawingOf(3, [](int, int) { return 0.5; });
    d.opProbability[1] = {0.7, 0.2, 0.1};
    d.opProbability[2] = {0.0, 0.0, 1.0};
    view.setDrawing(d);
    QVERIFY(view.badgeShares(0).empty());  // the cell input runs no operator
    const std::vector<double> first = view.badgeShares(1);
    QCOMPARE(first.size(), std::size_t(3));
    QVERIFY(std::abs(first[0] - 0.7) < 1e-9 && std::abs(first[1] - 0.2) < 1e-9 && std::abs(first[2] - 0.1) < 1e-9);
    const std::vector<double> second = view.badgeShares(2);
    QCOMPARE(second[2], 1.0);
    QCOMPARE(second[0], 0.0);
    // A concentrated distribution reads differently from a spread one.
    d.opProbability[1] = {1.0 / 3, 1.0 / 3, 1.0 / 3};
    view.setDrawing(d);
    QVERIFY(std::abs(view.badgeShares(1)[0] - 1.0 / 3) < 1e-9);
    QVERIFY(MetaGraphView::operatorColour(0) != MetaGraphView::operatorColour(1));
}

void TestMetaGraphView::drawsTwoAndSixteenNodes_data() {
    QTest::addColumn<int>("nodes");
    QTest::newRow("2 nodes") << 2;
    QTest::newRow("8 nodes") << 8;
    QTest::newRow("16 nodes") << 16;
}

void TestMetaGraphView::drawsTwoAndSixteenNodes() {
    QFETCH(int, nodes);
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    MetaGraphView view;
    view.resize(600, 700);
    view.show();
    MetaGraphDrawing d = drawingOf(nodes, [&](int, int) { return uniform(rng); });
    for (int j = 1; j < nodes; ++j)
        d.currentEdges.emplace_back(j - 1, j);
    view.setDrawing(d);
    QVERIFY2(view.errorText().isEmpty(), qPrintable(view.errorText()));
    QCOMPARE(view.nodeItemCount(), nodes);
    int expected = 0;
    for (int j = 1; j < nodes; ++j)
        for (int i = 0; i < j; ++i)
            expected += d.probability(i, j) >= 0.02 || i == j - 1 ? 1 : 0;
    QCOMPARE(view.edgeItemCount(), expected);
    QVERIFY2(view.usedGraphviz(), "Graphviz dot should lay out the meta-graph");
    QCOMPARE(view.captionText(), QStringLiteral("sweep 1"));
    const QImage image = view.renderImage(QSize(300, 400));
    QVERIFY(!image.isNull());
    // Stepping to another sweep keeps the layout and redraws.
    view.setDrawing(drawingOf(nodes, [](int, int) { return 0.9; }));
    QCOMPARE(view.edgeItemCount(), nodes * (nodes - 1) / 2);
}

void TestMetaGraphView::damagedDrawingIsNamed() {
    MetaGraphView view;
    MetaGraphDrawing d = drawingOf(4, [](int, int) { return 0.5; });
    d.edgeProbability.pop_back();
    view.setDrawing(d);
    QVERIFY2(view.errorText().contains(QStringLiteral("15 entries")), qPrintable(view.errorText()));
    QCOMPARE(view.nodeItemCount(), 0);
    d = drawingOf(4, [](int, int) { return 0.5; });
    d.currentEdges = {{2, 1}};
    view.setDrawing(d);
    QVERIFY2(view.errorText().contains(QStringLiteral("2 -> 1")), qPrintable(view.errorText()));
    d = drawingOf(4, [](int, int) { return 0.5; });
    d.opProbability[2] = {1.0};
    view.setDrawing(d);
    QVERIFY2(view.errorText().contains(QStringLiteral("node 2")), qPrintable(view.errorText()));
    view.setDrawing(drawingOf(4, [](int, int) { return 0.5; }));
    QVERIFY(view.errorText().isEmpty());
    QCOMPARE(view.nodeItemCount(), 4);
}

void TestMetaGraphView::entropyPlotKeepsOnePointPerSweep() {
    EntropyPlot plot;
    plot.setSweep(0, 1.0, 1.58);
    plot.setSweep(1, 0.8, 1.2);
    plot.setSweep(1, 0.7, 1.1);  // the same sweep again replaces it
    plot.setSweep(2, 0.4, std::nan(""));
    QCOMPARE(plot.edgePointCount(), 3);
    QCOMPARE(plot.opPointCount(), 2);
    QCOMPARE(plot.edgeEntropyAt(1), 0.7);
    QCOMPARE(plot.opEntropyAt(1), 1.1);
    QVERIFY(std::isnan(plot.opEntropyAt(2)));
    plot.setMarker(1);
    // The canvas fills the widget (it is laid out, not left at its minimum size).
    plot.resize(420, 260);
    plot.show();
    auto* canvas = plot.findChild<QWidget*>(QStringLiteral("entropyCanvas"));
    QVERIFY(canvas);
    QTRY_COMPARE_WITH_TIMEOUT(canvas->size(), QSize(420, 260), 2000);
    plot.replotNow();
    QVERIFY(!plot.renderImage(QSize(300, 200)).isNull());
    plot.clear();
    QCOMPARE(plot.edgePointCount(), 0);
}

QTEST_MAIN(TestMetaGraphView)
#include "test_meta_graph_view.moc"
