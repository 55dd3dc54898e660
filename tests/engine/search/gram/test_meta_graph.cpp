#include "search/gram/meta_graph.h"
#include "search/gram/structure_pruning.h"

#include "core/errors.h"

#include <QtTest/QtTest>

#include <cmath>

using namespace edgenas;
using spaces::DagCell;

namespace {
// 0 -> 1 -> 3 and a dead node 2 (no input) feeding 3: the edge 2 -> 3 lies on no path.
DagCell cellWithDeadEdge() {
    DagCell cell = DagCell::empty(4, 0);
    cell.setEdge(0, 1, true);
    cell.setEdge(1, 3, true);
    cell.setEdge(2, 3, true);
    cell.ops = {0, 1, 2, 0};
    return cell;
}
} // namespace

class TestMetaGraph : public QObject {
    Q_OBJECT

private slots:
    void startsUndecided() {
        const search::MetaGraph meta(8, 3);
        QCOMPARE(meta.edgeProbability(0, 7), 0.5);
        QVERIFY(std::abs(meta.meanEdgeEntropyBits() - 1.0) < 1e-12);
        QVERIFY(std::abs(meta.meanOpEntropyBits() - std::log2(3.0)) < 1e-12);
        QVERIFY_THROWS_EXCEPTION(core::InputError, search::MetaGraph(1, 3));
    }

    // Live edges gain in proportion to their share of paths; an edge on no path learns nothing,
    // unless it belongs to the node that was drawn.
    void creditFollowsThePaths() {
        search::MetaGraph meta(4, 3);
        meta.reinforce(cellWithDeadEdge(), 1, 1.0, 1.0);
        QCOMPARE(meta.edgeLogit(0, 1), 0.5);  // usage 1 of 1, step (1 - 0.5)
        QCOMPARE(meta.edgeLogit(1, 3), 0.5);
        QCOMPARE(meta.edgeLogit(2, 3), 0.0);  // dead: no credit
        QCOMPARE(meta.edgeLogit(0, 3), 0.0);  // absent, and node 3 was not drawn
        QCOMPARE(meta.edgeLogit(0, 2), 0.0);

        search::MetaGraph drawn(4, 3);
        drawn.reinforce(cellWithDeadEdge(), 3, 1.0, 1.0);
        QCOMPARE(drawn.edgeLogit(2, 3), -0.5);  // node 3's draw kept a useless edge: pushed down
        QCOMPARE(drawn.edgeLogit(0, 3), -0.5);  // and left 0 -> 3 out
        QCOMPARE(drawn.edgeLogit(1, 2), 0.0);

        // A bad reward turns every step around.
        search::MetaGraph bad(4, 3);
        bad.reinforce(cellWithDeadEdge(), 3, -1.0, 1.0);
        QCOMPARE(bad.edgeLogit(0, 1), -0.5);
        QCOMPARE(bad.edgeLogit(2, 3), 0.5);
    }

    // Two parallel branches carry half the paths each: their edges get half the credit of the
    // edge every path uses.
    void sharedEdgesGetPartialCredit() {
        DagCell cell = DagCell::empty(4, 0);
        cell.setEdge(0, 1, true);
        cell.setEdge(1, 2, true);
        cell.setEdge(1, 3, true);
        cell.setEdge(2, 3, true);
        search::MetaGraph meta(4, 3);
        meta.reinforce(cell, -1, 1.0, 1.0);
        QCOMPARE(meta.edgeLogit(0, 1), 0.5);   // 2 of 2 paths
        QCOMPARE(meta.edgeLogit(1, 3), 0.25);  // 1 of 2
        QCOMPARE(meta.edgeLogit(1, 2), 0.25);
        QCOMPARE(meta.edgeLogit(0, 2), -0.5);  // absent, every node drawn
    }

    void operatorsOfLiveNodesOnly() {
        search::MetaGraph meta(4, 3);
        meta.reinforce(cellWithDeadEdge(), -1, 1.0, 1.0);
        QVERIFY(meta.opProbabilities(1)[1] > 0.34);  // node 1 ran op 1
        QVERIFY(meta.opProbabilities(3)[0] > 0.34);
        QCOMPARE(meta.opProbabilities(2)[2], 1.0 / 3.0);  // dead: untouched
    }

    void sampledNodeKeepsAnInput() {
        search::MetaGraph meta(6, 3);
        for (int j = 1; j < 6; ++j)
            for (int i = 0; i < j; ++i)
                meta.setEdgeLogit(i, j, -60.0);
        core::Rng rng(3);
        const DagCell start = DagCell::complete(6);
        for (int draw = 0; draw < 50; ++draw) {
            const DagCell cell = meta.sampleNode(start, 4, rng);
            QCOMPARE(static_cast<int>(spaces::liveInputs(cell, 4).size()), 1);
            for (int j = 1; j < 6; ++j)  // other columns untouched
                if (j != 4)
                    for (int i = 0; i < j; ++i)
                        QVERIFY(cell.edge(i, j));
        }
        QVERIFY(meta.meanEdgeEntropyBits() < 1e-20);
    }

    void mostProbableIsNeverEmpty() {
        search::MetaGraph meta(5, 3);
        for (int j = 1; j < 5; ++j)
            for (int i = 0; i < j; ++i)
                meta.setEdgeLogit(i, j, -1.0);
        meta.setEdgeLogit(0, 3, -0.5);
        const DagCell cell = meta.mostProbable();
        QCOMPARE(cell.edgeCount(), 1);
        QVERIFY(cell.edge(0, 3));
    }

    // Pruning never removes the last input of a live node, so the output stays connected; once no
    // edge can go, whole leaves go, until one node besides the input is left.
    void pruningKeepsTheCellConnected() {
        search::MetaGraph meta(6, 3);
        core::Rng rng(5);
        for (int j = 1; j < 6; ++j)
            for (int i = 0; i < j; ++i)
                meta.setEdgeLogit(i, j, rng.uniformReal() * 4.0 - 2.0);
        DagCell cell = DagCell::complete(6);
        int edges = cell.edgeCount();
        int steps = 0;
        for (auto moves = search::pruningMoves(cell, meta); !moves.empty(); moves = search::pruningMoves(cell, meta)) {
            for (std::size_t m = 1; m < moves.size(); ++m)
                QVERIFY(moves[m - 1].logit <= moves[m].logit);
            cell = moves.front().result;
            QVERIFY(cell.edgeCount() < edges);
            edges = cell.edgeCount();
            const std::vector<bool> live = spaces::liveNodes(cell);
            for (int j = 1; j < 6; ++j)
                if (live[j])
                    QVERIFY(!spaces::liveInputs(cell, j).empty());
            QVERIFY(spaces::pathCounts(cell).total >= 1.0);
            ++steps;
        }
        QCOMPARE(cell.edgeCount(), 1);  // the input feeding one node: nothing else can go
        QVERIFY(steps >= 14);
    }
};

QTEST_GUILESS_MAIN(TestMetaGraph)
#include "test_meta_graph.moc"
