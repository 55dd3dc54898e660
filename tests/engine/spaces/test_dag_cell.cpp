#include "core/errors.h"
#include "spaces/dag_cell.h"
#include "spaces/rng.h"

#include <QtTest>

#include <cmath>
#include <functional>

using namespace edgenas;
using spaces::DagCell;

namespace {

QString errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const core::InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

DagCell cellWith(int nodes, std::initializer_list<std::pair<int, int>> edges) {
    DagCell cell = DagCell::empty(nodes);
    for (const auto& [from, to] : edges)
        cell.setEdge(from, to, true);
    return cell;
}

// 7 nodes: a diamond 0->{1,2}->3, a branch 1->4->6, and node 5 dead (no input) but feeding 6.
// Live: 0,1,2,3,4,6; leaves 3 and 6.
DagCell diamondWithDeadNode() {
    return cellWith(7, {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {1, 4}, {4, 6}, {5, 6}});
}

bool near(double a, double b) { return std::abs(a - b) < 1e-12; }

} // namespace

class TestDagCell : public QObject {
    Q_OBJECT
private slots:
    void completeCellCountsPowersOfTwo();
    void completeCellEdgeUsage();
    void diamondPathCountsAndUsage();
    void liveNodesLeavesAndInputs();
    void withoutDeadPartsDropsOnlyDeadParts();
    void inputFeedingNothing();
    void genomeLayout();
    void genomeRoundTrip();
    void badGenomesNameTheGene();
    void tooFewNodesRejected();
};

void TestDagCell::completeCellCountsPowersOfTwo() {
    // In a complete cell node j (j >= 1) is reached by 2^(j-1) paths; the one leaf is the last node.
    for (int n : {2, 4, 8, 16}) {
        const spaces::DagPathCounts counts = spaces::pathCounts(DagCell::complete(n));
        QCOMPARE(counts.forward[0], 1.0);
        for (int j = 1; j < n; ++j)
            QCOMPARE(counts.forward[static_cast<std::size_t>(j)], std::ldexp(1.0, j - 1));
        QCOMPARE(counts.backward[static_cast<std::size_t>(n - 1)], 1.0);
        QCOMPARE(counts.backward[0], std::ldexp(1.0, n - 2));
        QCOMPARE(counts.total, std::ldexp(1.0, n - 2));
        QCOMPARE(spaces::liveLeaves(DagCell::complete(n)), std::vector<int>{n - 1});
    }
}

void TestDagCell::completeCellEdgeUsage() {
    // 4 nodes: F = 1,1,2,4; B = 4,2,1,1; 4 paths in all.
    const DagCell cell = DagCell::complete(4);
    const spaces::DagPathCounts counts = spaces::pathCounts(cell);
    QCOMPARE(counts.forward, (std::vector<double>{1, 1, 2, 4}));
    QCOMPARE(counts.backward, (std::vector<double>{4, 2, 1, 1}));
    QCOMPARE(spaces::edgeUsage(cell, counts, 0, 1), 0.5);
    QCOMPARE(spaces::edgeUsage(cell, counts, 0, 2), 0.25);
    QCOMPARE(spaces::edgeUsage(cell, counts, 1, 2), 0.25);
    QCOMPARE(spaces::edgeUsage(cell, counts, 0, 3), 0.25);
    QCOMPARE(spaces::edgeUsage(cell, counts, 1, 3), 0.25);
    QCOMPARE(spaces::edgeUsage(cell, counts, 2, 3), 0.5);
    // Every path leaves node 0 once and enters the leaf once.
    double fromInput = 0.0, intoLeaf = 0.0;
    for (int k = 1; k < 4; ++k)
        fromInput += spaces::edgeUsage(cell, counts, 0, k);
    for (int i = 0; i < 3; ++i)
        intoLeaf += spaces::edgeUsage(cell, counts, i, 3);
    QVERIFY(near(fromInput, 1.0));
    QVERIFY(near(intoLeaf, 1.0));
}

void TestDagCell::diamondPathCountsAndUsage() {
    const DagCell cell = diamondWithDeadNode();
    const spaces::DagPathCounts counts = spaces::pathCounts(cell);
    QCOMPARE(counts.forward, (std::vector<double>{1, 1, 1, 2, 1, 0, 1}));
    QCOMPARE(counts.backward, (std::vector<double>{3, 2, 1, 1, 1, 0, 1}));
    QCOMPARE(counts.total, 3.0);  // 0-1-3, 0-2-3, 0-1-4-6
    QVERIFY(near(spaces::edgeUsage(cell, counts, 0, 1), 2.0 / 3.0));
    QVERIFY(near(spaces::edgeUsage(cell, counts, 0, 2), 1.0 / 3.0));
    QVERIFY(near(spaces::edgeUsage(cell, counts, 1, 3), 1.0 / 3.0));
    QVERIFY(near(spaces::edgeUsage(cell, counts, 2, 3), 1.0 / 3.0));
    QVERIFY(near(spaces::edgeUsage(cell, counts, 1, 4), 1.0 / 3.0));
    QVERIFY(near(spaces::edgeUsage(cell, counts, 4, 6), 1.0 / 3.0));
    QCOMPARE(spaces::edgeUsage(cell, counts, 5, 6), 0.0);  // from a dead node: on no path
    QCOMPARE(spaces::edgeUsage(cell, counts, 0, 3), 0.0);  // absent
}

void TestDagCell::liveNodesLeavesAndInputs() {
    const DagCell cell = diamondWithDeadNode();
    QCOMPARE(spaces::liveNodes(cell), (std::vector<bool>{true, true, true, true, true, false, true}));
    QCOMPARE(spaces::liveLeaves(cell), (std::vector<int>{3, 6}));
    QCOMPARE(spaces::liveInputs(cell, 3), (std::vector<int>{1, 2}));
    QCOMPARE(spaces::liveInputs(cell, 6), std::vector<int>{4});
    QCOMPARE(spaces::liveInputs(cell, 5), std::vector<int>{});
    QCOMPARE(spaces::liveInputs(cell, 0), std::vector<int>{});
    QCOMPARE(cell.edgeCount(), 7);
    // A node whose only input is dead is dead too, and a dead node never counts as a leaf.
    const DagCell chain = cellWith(5, {{0, 1}, {2, 3}, {3, 4}});
    QCOMPARE(spaces::liveNodes(chain), (std::vector<bool>{true, true, false, false, false}));
    QCOMPARE(spaces::liveLeaves(chain), std::vector<int>{1});
}

void TestDagCell::withoutDeadPartsDropsOnlyDeadParts() {
    DagCell cell = diamondWithDeadNode();
    cell.ops = {0, 1, 2, 0, 1, 2, 1};
    const DagCell reduced = spaces::withoutDeadParts(cell);
    QVERIFY(!reduced.edge(5, 6));
    QCOMPARE(reduced.ops[5], 0);
    QCOMPARE(reduced.edgeCount(), 6);
    QCOMPARE(reduced.ops, (std::vector<int>{0, 1, 2, 0, 1, 0, 1}));
    QCOMPARE(spaces::liveNodes(reduced), spaces::liveNodes(cell));
    QCOMPARE(spaces::liveLeaves(reduced), spaces::liveLeaves(cell));
    QCOMPARE(spaces::withoutDeadParts(reduced), reduced);
}

void TestDagCell::inputFeedingNothing() {
    const DagCell cell = cellWith(4, {{1, 2}, {2, 3}});
    QCOMPARE(spaces::liveNodes(cell), (std::vector<bool>{true, false, false, false}));
    QCOMPARE(spaces::liveLeaves(cell), std::vector<int>{0});
    const spaces::DagPathCounts counts = spaces::pathCounts(cell);
    QCOMPARE(counts.total, 1.0);
    QCOMPARE(counts.backward[0], 1.0);
    QCOMPARE(spaces::edgeUsage(cell, counts, 1, 2), 0.0);
    QCOMPARE(spaces::withoutDeadParts(cell).edgeCount(), 0);
}

void TestDagCell::genomeLayout() {
    // Gene order: (0->1), (0->2), (1->2), (0->3), (1->3), (2->3), then ops of nodes 1, 2, 3.
    DagCell cell = cellWith(4, {{1, 2}, {0, 3}});
    cell.ops = {0, 2, 1, 0};
    QCOMPARE(spaces::dagGenomeOf(cell), (std::vector<int>{0, 0, 1, 1, 0, 0, 2, 1, 0}));
    QCOMPARE(spaces::dagEdgeSlots(8), 28);
    QCOMPARE(spaces::dagGenomeOf(DagCell::complete(8, 2)).size(), std::size_t(28 + 7));
}

void TestDagCell::genomeRoundTrip() {
    spaces::Rng rng(17);
    for (int n = 2; n <= 16; ++n)
        for (int trial = 0; trial < 20; ++trial) {
            DagCell cell = DagCell::empty(n);
            for (int j = 1; j < n; ++j) {
                cell.ops[static_cast<std::size_t>(j)] = rng.uniformInt(3);
                for (int i = 0; i < j; ++i)
                    cell.setEdge(i, j, rng.bernoulli(0.5));
            }
            QCOMPARE(spaces::dagCellOf(spaces::dagGenomeOf(cell), n), cell);
        }
}

void TestDagCell::badGenomesNameTheGene() {
    std::vector<int> genome = spaces::dagGenomeOf(DagCell::complete(4));
    QVERIFY(errorOf([&] { spaces::dagCellOf(genome, 4); }).isEmpty());

    QString message = errorOf([&] { spaces::dagCellOf(genome, 5); });
    QVERIFY2(message.contains("14 genes") && message.contains("got 9"), qPrintable(message));

    std::vector<int> badEdge = genome;
    badEdge[4] = 2;
    message = errorOf([&] { spaces::dagCellOf(badEdge, 4); });
    QVERIFY2(message.contains("gene 4") && message.contains("edge 3<-1") && message.contains("got 2"),
             qPrintable(message));

    std::vector<int> badOp = genome;
    badOp[7] = 3;
    message = errorOf([&] { spaces::dagCellOf(badOp, 4); });
    QVERIFY2(message.contains("gene 7") && message.contains("operator of node 2"), qPrintable(message));

    std::vector<int> negative = genome;
    negative[8] = -1;
    QVERIFY(errorOf([&] { spaces::dagCellOf(negative, 4); }).contains("operator of node 3"));
}

void TestDagCell::tooFewNodesRejected() {
    QVERIFY(errorOf([] { DagCell::complete(1); }).contains("at least 2 nodes"));
    QVERIFY(errorOf([] { spaces::dagCellOf({}, 1); }).contains("at least 2 nodes"));
    QVERIFY(errorOf([] { spaces::dagCellOf({}, 0); }).contains("at least 2 nodes"));
}

QTEST_APPLESS_MAIN(TestDagCell)
#include "test_dag_cell.moc"
