#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "core/errors.h"
#include "core/shape_inference.h"
#include "cost/architecture_cost.h"
#include "spaces/dag_space.h"
#include "spaces/rng.h"
#include "spaces/space_factory.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <functional>

using namespace edgenas;
using core::OpType;
using spaces::DagCell;
using spaces::DagSpace;
using spaces::Genome;

namespace {

QString errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const core::InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

spaces::SpaceOptions dagOptions(int nodes, int stages, int channels, core::TensorShape input = {1, 28, 28}) {
    spaces::SpaceOptions o;
    o.input = input;
    o.dagNodes = nodes;
    o.dagStages = stages;
    o.dagChannels = channels;
    return o;
}

DagCell cellWith(int nodes, std::initializer_list<std::pair<int, int>> edges, std::vector<int> ops = {}) {
    DagCell cell = DagCell::empty(nodes);
    for (const auto& [from, to] : edges)
        cell.setEdge(from, to, true);
    if (!ops.empty())
        cell.ops = std::move(ops);
    return cell;
}

const core::Node* nodeLabelled(const core::Architecture& arch, const std::string& label) {
    for (const core::Node& node : arch.nodes)
        if (node.label == label)
            return &node;
    return nullptr;
}

std::int64_t macsOf(const DagSpace& space, const DagCell& cell) {
    return cost::analyseCost(space.decode(spaces::dagGenomeOf(cell))).macs;
}

} // namespace

class TestDagSpace : public QObject {
    Q_OBJECT
private slots:
    void genesLabelsAndChoices();
    void decodesTheCompleteCell();
    void decodesASparseCellWithHandCountedCost();
    void concatenationMakesMacsGrowWithInDegree();
    void concatenationCostIsExact();
    void deadPartsDoNotChangeTheNetwork();
    void liveDifferencesChangeTheNetwork();
    void inputFeedingNothingStillBuilds();
    void samplesAlwaysDecode();
    void badGenomesNameTheGene();
    void badOptionsRejected_data();
    void badOptionsRejected();
};

void TestDagSpace::genesLabelsAndChoices() {
    const DagSpace space;
    QCOMPARE(space.name(), std::string("dag"));
    QCOMPARE(space.nodes(), 8);
    QCOMPARE(space.stages(), 3);
    QCOMPARE(space.channels(), 8);
    const std::vector<int> cards = space.geneCardinalities();
    QCOMPARE(cards.size(), std::size_t(35));
    for (int g = 0; g < 28; ++g)
        QCOMPARE(cards[static_cast<std::size_t>(g)], 2);
    for (int g = 28; g < 35; ++g)
        QCOMPARE(cards[static_cast<std::size_t>(g)], 3);
    QCOMPARE(space.geneLabel(0), std::string("edge 1<-0"));
    QCOMPARE(space.geneLabel(2), std::string("edge 2<-1"));
    QCOMPARE(space.geneLabel(4), std::string("edge 3<-1"));
    QCOMPARE(space.geneLabel(27), std::string("edge 7<-6"));
    QCOMPARE(space.geneLabel(28), std::string("node 1 op"));
    QCOMPARE(space.geneLabel(34), std::string("node 7 op"));
    QCOMPARE(space.geneChoiceNames(5), (std::vector<std::string>{"off", "on"}));
    QCOMPARE(space.geneChoiceNames(30), (std::vector<std::string>{"sep_conv_3x3", "sep_conv_5x5", "conv_1x1"}));
    QVERIFY(!errorOf([&] { space.geneLabel(35); }).isEmpty());
    QCOMPARE(space.size(), std::ldexp(1.0, 28) * 2187.0);
    // The label of each edge gene is the edge dagGenomeOf puts there.
    for (int g = 0; g < space.edgeGeneCount(); ++g) {
        Genome genome(35, 0);
        genome[static_cast<std::size_t>(g)] = 1;
        const DagCell cell = space.cellOf(genome);
        const QString label = QString::fromStdString(space.geneLabel(g));
        const int to = label.section(' ', 1).section("<-", 0, 0).toInt();
        const int from = label.section("<-", 1).toInt();
        QVERIFY2(cell.edge(from, to) && cell.edgeCount() == 1, qPrintable(label));
    }
    // Names round-trip through the generic string form.
    const Genome complete = spaces::dagGenomeOf(DagCell::complete(8, 1));
    QCOMPARE(space.genomeFromString(space.genomeToString(complete)), complete);
}

void TestDagSpace::decodesTheCompleteCell() {
    const DagSpace space;
    const core::Architecture arch = space.decode(spaces::dagGenomeOf(DagCell::complete(8, 0)));
    const std::vector<core::TensorShape> shapes = core::inferShapes(arch);
    QCOMPARE(shapes.back(), (core::TensorShape{10, 1, 1}));
    // input + stem 3 + 3 stages x (node 0 + 7 nodes x dw/pw/bn/relu) + head 2; one leaf, no concat.
    QCOMPARE(arch.nodes.size(), std::size_t(1 + 3 + 3 * (1 + 7 * 4) + 2));
    QCOMPARE(arch.metadata.at("space"), std::string("dag"));

    const core::Node* node0 = nodeLabelled(arch, "stage1/node0 input");
    QVERIFY(node0 && node0->op == OpType::Identity);
    const core::Node* pool = nodeLabelled(arch, "stage2/node0 maxpool");
    QVERIFY(pool && pool->op == OpType::MaxPool && pool->kernel == 2 && pool->stride == 2);
    QCOMPARE(shapes[static_cast<std::size_t>(pool->id)], (core::TensorShape{8, 14, 14}));

    // Node 7 concatenates all 7 earlier nodes: 7 x 8 channels into its depthwise convolution.
    const core::Node* dw7 = nodeLabelled(arch, "stage1/node7 sep_conv_3x3/dw");
    QVERIFY(dw7 && dw7->op == OpType::DepthwiseConv);
    QCOMPARE(dw7->inputs.size(), std::size_t(7));
    QVERIFY(dw7->merge == core::MergeMode::Concat);
    QCOMPARE(shapes[static_cast<std::size_t>(dw7->id)], (core::TensorShape{56, 28, 28}));
    const core::Node* pw7 = nodeLabelled(arch, "stage3/node7 sep_conv_3x3/pw");
    QVERIFY(pw7 && pw7->op == OpType::PointwiseConv);
    QCOMPARE(shapes[static_cast<std::size_t>(pw7->id)], (core::TensorShape{32, 7, 7}));
    // Node 1 has one input: no merge at all.
    const core::Node* dw1 = nodeLabelled(arch, "stage1/node1 sep_conv_3x3/dw");
    QVERIFY(dw1 && dw1->inputs.size() == 1 && dw1->merge == core::MergeMode::Sum);

    // MACs by hand: node j of a stage reads c0 + (j - 1) w channels (c0 = node 0's width, w the
    // stage's), through a 3x3 depthwise and a pointwise to w; plus the stem and the classifier.
    std::int64_t macs = 8 * 9 * 784 + 32 * 10;
    for (int stage = 0, c0 = 8; stage < 3; ++stage) {
        const std::int64_t w = 8 << stage, pixels = (28 >> stage) * (28 >> stage);
        for (int j = 1; j < 8; ++j)
            macs += (c0 + (j - 1) * w) * (9 + w) * pixels;
        c0 = static_cast<int>(w);  // the one leaf, node 7, is the next stage's input
    }
    QCOMPARE(cost::analyseCost(arch).macs, macs);
    QCOMPARE(macs, std::int64_t(6538096));

    QCOMPARE(space.encode(arch), spaces::dagGenomeOf(DagCell::complete(8, 0)));
    QCOMPARE(core::architectureFromJson(core::toJson(arch)), arch);
}

void TestDagSpace::decodesASparseCellWithHandCountedCost() {
    // 4 nodes, edges 0->1 and 0->2 (two leaves, node 3 dead); node 1 conv_1x1, node 2 sep 5x5;
    // C = 4, 2 stages, 1x28x28 input.
    const DagSpace space(dagOptions(4, 2, 4));
    const DagCell cell = cellWith(4, {{0, 1}, {0, 2}}, {0, 2, 1, 0});
    const core::Architecture arch = space.decode(spaces::dagGenomeOf(cell));
    const std::vector<core::TensorShape> shapes = core::inferShapes(arch);
    const core::Node* out1 = nodeLabelled(arch, "stage1/output");
    QVERIFY(out1 && out1->op == OpType::Identity && out1->merge == core::MergeMode::Concat);
    QCOMPARE(shapes[static_cast<std::size_t>(out1->id)], (core::TensorShape{8, 28, 28}));
    QCOMPARE(shapes[static_cast<std::size_t>(nodeLabelled(arch, "stage2/output")->id)],
             (core::TensorShape{16, 14, 14}));
    QVERIFY(!nodeLabelled(arch, "stage1/node3 sep_conv_3x3/dw"));
    QVERIFY(nodeLabelled(arch, "stage2/node1 conv_1x1/pw"));
    QVERIFY(nodeLabelled(arch, "stage2/node2 sep_conv_5x5/dw"));

    // By hand. Stem 3x3 1->4 at 28x28: 4*9*784. Stage 1 (784 px, width 4): node 1 pw 4->4;
    // node 2 dw 5x5 on 4 + pw 4->4. Stage 2 (196 px, width 8, input the 8-channel concat):
    // node 1 pw 8->8; node 2 dw 5x5 on 8 + pw 8->8. Head: linear 16->10.
    const std::int64_t macs = 4 * 9 * 784 + (16 * 784) + (4 * 25 * 784 + 16 * 784) + (64 * 196) +
                              (8 * 25 * 196 + 64 * 196) + 16 * 10;
    const std::int64_t params = (36 + 8) + (16 + 8) + (100 + 16 + 8) + (64 + 16) + (200 + 64 + 16) + (160 + 10);
    const cost::ArchitectureCost cost = cost::analyseCost(arch);
    QCOMPARE(cost.macs, macs);
    QCOMPARE(cost.macs, std::int64_t(196160));
    QCOMPARE(cost.params, params);
    QCOMPARE(cost.params, std::int64_t(722));
}

void TestDagSpace::concatenationMakesMacsGrowWithInDegree() {
    // Adding an edge from a live node that already feeds someone (so the cell output stays the
    // same) into a live node widens only that node's concatenated input: MACs must strictly grow.
    const DagSpace space;
    spaces::Rng rng(5);
    int checked = 0;
    for (int trial = 0; trial < 40; ++trial) {
        const DagCell cell = space.cellOf(space.sample(rng));
        const std::vector<bool> live = spaces::liveNodes(cell);
        const std::vector<int> leaves = spaces::liveLeaves(cell);
        const std::int64_t before = macsOf(space, cell);
        for (int j = 1; j < cell.nodes; ++j)
            for (int i = 0; i < j; ++i) {
                if (cell.edge(i, j) || !live[i] || !live[j] ||
                    std::find(leaves.begin(), leaves.end(), i) != leaves.end())
                    continue;
                DagCell wider = cell;
                wider.setEdge(i, j, true);
                const std::int64_t after = macsOf(space, wider);
                QVERIFY2(after > before, qPrintable(QStringLiteral("edge %1->%2: %3 -> %4 MACs")
                                                        .arg(i).arg(j).arg(before).arg(after)));
                ++checked;
            }
    }
    QVERIFY(checked > 50);
}

void TestDagSpace::concatenationCostIsExact() {
    // Chain 0->1->2->3 of sep 3x3, then also 1->3: node 3's depthwise and pointwise read 2 C_s
    // channels instead of C_s in every stage (a sum merge would cost nothing extra).
    const int c = 4;
    const DagSpace space(dagOptions(4, 3, c));
    const DagCell chain = cellWith(4, {{0, 1}, {1, 2}, {2, 3}});
    DagCell wider = chain;
    wider.setEdge(1, 3, true);
    std::int64_t extra = 0;
    for (int stage = 0; stage < 3; ++stage) {
        const std::int64_t width = c << stage;
        const std::int64_t pixels = (28 >> stage) * (28 >> stage);
        extra += width * 9 * pixels + width * width * pixels;
    }
    QCOMPARE(macsOf(space, wider) - macsOf(space, chain), extra);
}

void TestDagSpace::deadPartsDoNotChangeTheNetwork() {
    const DagSpace space;
    spaces::Rng rng(11);
    int withDeadParts = 0;
    for (int trial = 0; trial < 200; ++trial) {
        const Genome genome = space.sample(rng);
        const DagCell cell = space.cellOf(genome);
        const DagCell reduced = spaces::withoutDeadParts(cell);
        if (reduced == cell)
            continue;
        ++withDeadParts;
        const std::string hash = core::canonicalHash(space.decode(genome));
        QCOMPARE(core::canonicalHash(space.decode(spaces::dagGenomeOf(reduced))), hash);
        // Any change confined to dead parts (their operators, every edge out of them) keeps the
        // network too.
        const std::vector<bool> live = spaces::liveNodes(cell);
        DagCell changed = cell;
        for (int j = 1; j < cell.nodes; ++j) {
            if (!live[j])
                changed.ops[j] = (changed.ops[j] + 1) % 3;
            for (int i = 0; i < j; ++i)
                if (!live[i])
                    changed.setEdge(i, j, !changed.edge(i, j));
        }
        QCOMPARE(spaces::liveNodes(changed), live);
        QCOMPARE(core::canonicalHash(space.decode(spaces::dagGenomeOf(changed))), hash);
    }
    QVERIFY(withDeadParts > 20);
}

void TestDagSpace::liveDifferencesChangeTheNetwork() {
    const DagSpace space;
    const std::string complete = core::canonicalHash(space.decode(spaces::dagGenomeOf(DagCell::complete(8, 0))));
    QVERIFY(core::canonicalHash(space.decode(spaces::dagGenomeOf(DagCell::complete(8, 1)))) != complete);
    DagCell pruned = DagCell::complete(8, 0);
    pruned.setEdge(3, 5, false);
    QVERIFY(core::canonicalHash(space.decode(spaces::dagGenomeOf(pruned))) != complete);
}

void TestDagSpace::inputFeedingNothingStillBuilds() {
    const DagSpace space;
    DagCell cell = DagCell::empty(8);
    cell.setEdge(1, 2, true);
    cell.setEdge(2, 7, true);
    const core::Architecture arch = space.decode(spaces::dagGenomeOf(cell));
    QCOMPARE(core::inferShapes(arch).back(), (core::TensorShape{10, 1, 1}));
    // stem conv 1->8 at 28x28, then identity and two max pools, then linear 8->10.
    QCOMPARE(cost::analyseCost(arch).macs, std::int64_t(8 * 9 * 784 + 8 * 10));
    QCOMPARE(arch.nodes.size(), std::size_t(1 + 3 + 3 + 2));
    QCOMPARE(core::canonicalHash(arch), core::canonicalHash(space.decode(Genome(35, 0))));
}

void TestDagSpace::samplesAlwaysDecode() {
    for (const auto& options : {dagOptions(8, 3, 8), dagOptions(2, 1, 4), dagOptions(16, 4, 4, {3, 32, 32})}) {
        const DagSpace space(options);
        spaces::Rng rng(23);
        for (int i = 0; i < 60; ++i) {
            const Genome genome = space.sample(rng);
            const core::Architecture arch = space.decode(genome);
            QCOMPARE(core::inferShapes(arch).back(), (core::TensorShape{10, 1, 1}));
            QVERIFY(cost::analyseCost(arch).macs > 0);
            QCOMPARE(space.encode(arch), genome);
            if (i % 10 == 0)
                QCOMPARE(core::architectureFromJson(core::toJson(arch)), arch);
        }
    }
    // Through the factory, with its alias.
    QCOMPARE(spaces::makeSearchSpace("swiftnet", dagOptions(5, 2, 4))->geneCount(), 10 + 4);
}

void TestDagSpace::badGenomesNameTheGene() {
    const DagSpace space;
    QString message = errorOf([&] { space.decode(Genome(34, 0)); });
    QVERIFY2(message.contains("34 genes") && message.contains("35"), qPrintable(message));
    Genome genome(35, 0);
    genome[4] = 2;
    message = errorOf([&] { space.decode(genome); });
    QVERIFY2(message.contains("gene 4") && message.contains("edge 3<-1"), qPrintable(message));
    genome[4] = 1;
    genome[31] = 3;
    message = errorOf([&] { space.decode(genome); });
    QVERIFY2(message.contains("gene 31") && message.contains("node 4 op"), qPrintable(message));
}

void TestDagSpace::badOptionsRejected_data() {
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("stages");
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("size");
    QTest::addColumn<QString>("expected");
    QTest::newRow("one node") << 1 << 3 << 8 << 28 << "nodes per cell must be within 2..16, got 1";
    QTest::newRow("17 nodes") << 17 << 3 << 8 << 28 << "got 17";
    QTest::newRow("no stage") << 8 << 0 << 8 << 28 << "stages must be within 1..4, got 0";
    QTest::newRow("5 stages") << 8 << 5 << 8 << 28 << "got 5";
    QTest::newRow("no channels") << 8 << 3 << 0 << 28 << "channels C must be within 1..1024, got 0";
    QTest::newRow("input too small") << 8 << 3 << 8 << 2 << "does not fit 3 stages";
}

void TestDagSpace::badOptionsRejected() {
    QFETCH(int, nodes);
    QFETCH(int, stages);
    QFETCH(int, channels);
    QFETCH(int, size);
    QFETCH(QString, expected);
    const QString message = errorOf([&] { DagSpace space(dagOptions(nodes, stages, channels, {1, size, size})); });
    QVERIFY2(message.contains(expected), qPrintable(message));
    // The smallest input three stages can take is 4x4 (28 -> 14 -> 7 works, so does 4 -> 2 -> 1).
    QVERIFY(errorOf([] { DagSpace space(dagOptions(8, 3, 8, {1, 4, 4})); }).isEmpty());
}

QTEST_APPLESS_MAIN(TestDagSpace)
#include "test_dag_space.moc"
