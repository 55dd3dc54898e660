#include "widgets/architecture_text.h"
#include "widgets/architecture_view.h"
#include "widgets/graph_layout.h"

#include "core/architecture_json.h"
#include "core/rng.h"
#include "spaces/space_factory.h"

#include <QGraphicsItem>
#include <QGraphicsView>
#include <QLabel>
#include <QtTest>

#include <set>

using namespace edgenas;
using namespace edgenas::widgets;

namespace {

core::Candidate sampled(const std::string& space, std::uint64_t seed) {
    const auto searchSpace = spaces::makeSearchSpace(space);
    core::Rng rng(seed);
    core::Candidate c;
    c.id = static_cast<std::int64_t>(seed);
    c.architectureJson = core::toJson(searchSpace->decode(searchSpace->sample(rng)));
    return c;
}

int nodeCountOf(const core::Candidate& c) {
    return static_cast<int>(core::architectureFromJson(c.architectureJson).nodes.size());
}

} // namespace

class TestArchitectureView : public QObject {
    Q_OBJECT
private slots:
    void drawsEveryNode_data();
    void drawsEveryNode();
    void badArchitectureShowsTheProblem();
    void deviceGivesLatencyShares();
    void storedLatencyIsTheCandidatesFigure();
    void layeredFallbackKeepsEdgesPointingDown();
    void graphvizPlacesHeadsBelowTails();
    void exitHeadsShowTheirWidth();
};

void TestArchitectureView::drawsEveryNode_data() {
    QTest::addColumn<QString>("space");
    QTest::addColumn<int>("seed");
    QTest::newRow("nb201") << "nb201" << 3;
    QTest::newRow("mobilenet") << "mobilenet" << 4;
}

void TestArchitectureView::drawsEveryNode() {
    QFETCH(QString, space);
    QFETCH(int, seed);
    const core::Candidate candidate = sampled(space.toStdString(), static_cast<std::uint64_t>(seed));
    ArchitectureView view;
    view.resize(700, 800);
    view.setCandidate(candidate);
    QVERIFY2(view.errorText().isEmpty(), qPrintable(view.errorText()));
    QCOMPARE(view.nodeItemCount(), nodeCountOf(candidate));
    QVERIFY(view.nodeItemCount() > 10);
    QVERIFY(view.usedGraphviz());
    const QImage image = view.renderImage(QSize(300, 600));
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    QVERIFY(colours.size() > 10);
    view.clearView();
    QCOMPARE(view.nodeItemCount(), 0);
}

void TestArchitectureView::badArchitectureShowsTheProblem() {
    ArchitectureView view;
    core::Candidate candidate;
    candidate.id = 9;
    candidate.architectureJson = R"({"format": "edgenas-architecture", "nodes": [{"op": "Warp"}]})";
    view.setCandidate(candidate);
    QCOMPARE(view.nodeItemCount(), 0);
    QVERIFY2(view.errorText().contains("9"), qPrintable(view.errorText()));
    candidate.architectureJson = "not json";
    view.setCandidate(candidate);
    QVERIFY(!view.errorText().isEmpty());
}

void TestArchitectureView::deviceGivesLatencyShares() {
    const core::Candidate candidate = sampled("mobilenet", 8);
    ArchitectureView view;
    view.setDevice("raspberry-pi-4");
    view.setCandidate(candidate);
    QVERIFY(view.errorText().isEmpty());
    auto* graph = view.findChild<QGraphicsView*>(QStringLiteral("architectureGraph"));
    QVERIFY(graph);
    int withLatency = 0;
    for (QGraphicsItem* item : graph->scene()->items())
        if (item->toolTip().contains("latency"))
            ++withLatency;
    QVERIFY(withLatency > 5);
    // An unknown device leaves the graph drawn and says why the shares are missing.
    view.setDevice("no-such-board");
    QCOMPARE(view.nodeItemCount(), nodeCountOf(candidate));
    bool named = false;
    for (QLabel* label : view.findChildren<QLabel*>())
        named = named || label->text().contains("no-such-board");
    QVERIFY(named);
}

// A candidate's latency is what its run stored (here: timed on the host), never the profile's
// roofline figure; the prediction appears only as the labelled source of the node shares.
void TestArchitectureView::storedLatencyIsTheCandidatesFigure() {
    core::Candidate candidate = sampled("nb201", 5);
    candidate.metrics = {{"latency_ms", 1.738, "ms", core::Provenance::Measured},
                         {"energy_mj", 24.33, "mJ", core::Provenance::Modelled}};
    ArchitectureView view;
    view.setDevice("host");
    view.setCandidate(candidate);
    const QString header = view.headerText();
    QVERIFY2(header.contains(QLocale().toString(1.738, 'g', 4) + " ms (measured)"), qPrintable(header));
    QVERIFY2(header.contains(QLocale().toString(24.33, 'g', 4) + " mJ (modelled)"), qPrintable(header));
    // The prediction is named as a prediction, and its provenance is not borrowed from the stored figure.
    const int predicted = header.indexOf("prediction");
    QVERIFY2(predicted > header.indexOf("1.738"), qPrintable(header));
    QVERIFY2(header.indexOf("(measured)", predicted) < 0, qPrintable(header));
    // Without a stored figure only the labelled prediction is left.
    candidate.metrics.clear();
    view.setCandidate(candidate);
    QVERIFY2(!view.headerText().contains("(measured)"), qPrintable(view.headerText()));
    QVERIFY2(view.headerText().contains("prediction"), qPrintable(view.headerText()));
}

void TestArchitectureView::layeredFallbackKeepsEdgesPointingDown() {
    const std::vector<QSizeF> sizes(5, QSizeF(80, 30));
    const std::vector<std::pair<int, int>> edges{{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 4}, {0, 4}};
    const GraphLayout::Result layout = GraphLayout::layered(sizes, edges);
    QVERIFY(!layout.usedGraphviz);
    QCOMPARE(layout.centres.size(), std::size_t(5));
    for (const auto& [tail, head] : edges)
        QVERIFY(layout.centres[static_cast<std::size_t>(head)].y() > layout.centres[static_cast<std::size_t>(tail)].y());
    // 1 and 2 share a layer and do not overlap.
    QCOMPARE(layout.centres[1].y(), layout.centres[2].y());
    QVERIFY(std::abs(layout.centres[1].x() - layout.centres[2].x()) >= 80);
    QCOMPARE(layout.edgePaths.size(), edges.size());
}

void TestArchitectureView::graphvizPlacesHeadsBelowTails() {
    const std::vector<QSizeF> sizes(5, QSizeF(80, 30));
    const std::vector<std::pair<int, int>> edges{{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 4}};
    const GraphLayout::Result layout = GraphLayout::layout(sizes, edges);
    QVERIFY2(layout.usedGraphviz, qPrintable(layout.graphvizError));
    for (const auto& [tail, head] : edges)
        QVERIFY(layout.centres[static_cast<std::size_t>(head)].y() > layout.centres[static_cast<std::size_t>(tail)].y());
    QVERIFY(std::abs(layout.centres[1].x() - layout.centres[2].x()) >= 80);
    QVERIFY(layout.bounds.contains(layout.centres[4]));
}

QTEST_MAIN(TestArchitectureView)
// A narrow exit head (1x1 conv to its width first) says so; the plain one stays "Early exit".
void TestArchitectureView::exitHeadsShowTheirWidth() {
    using edgenas::core::Node;
    using edgenas::core::OpType;
    QCOMPARE(edgenas::widgets::describeNode(Node{.op = OpType::EarlyExit}), QStringLiteral("Early exit"));
    QCOMPARE(edgenas::widgets::describeNode(Node{.op = OpType::EarlyExit, .outChannels = 32}),
             QStringLiteral("Early exit 1×1 → 32"));
}

#include "test_architecture_view.moc"
