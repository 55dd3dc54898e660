#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "core/errors.h"
#include "core/shape_inference.h"
#include "cost/architecture_cost.h"
#include "spaces/mobilenet_space.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <functional>

using namespace edgenas;
using spaces::Genome;
using spaces::MobileNetLayout;
using spaces::MobileNetSpace;

Q_DECLARE_METATYPE(edgenas::core::TensorShape)

namespace {

// Enums compared by name, so failures print something readable.
template <typename Enum>
QString name(Enum value) {
    return QString::fromUtf8(core::toString(value).data(), qsizetype(core::toString(value).size()));
}

QString errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const core::InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

spaces::SpaceOptions options(core::TensorShape input, int classes = 10, double widthMultiplier = 1.0) {
    spaces::SpaceOptions o;
    o.input = input;
    o.numClasses = classes;
    o.widthMultiplier = widthMultiplier;
    return o;
}

// First layers of stages 2..7 change width (and some the size): 16->24, 24->32 s2, 32->64 s2,
// 64->112, 112->184 s2, 184->352. Stage 1's single layer keeps 16->16 at stride 1.
const std::vector<int> kEightChoiceGenes{1, 5, 9, 13, 17, 21};

} // namespace

class TestMobileNetSpace : public QObject {
    Q_OBJECT

private slots:
    void genesOfTheDefaultLayout();
    void stageSizes_data();
    void stageSizes();
    void decodedBlocks();
    void costMatchesHandCount();
    void jsonRoundTrip();
    void stringRoundTrip();
    void badStringsNameTheToken_data();
    void badStringsNameTheToken();
    void widthMultiplier_data();
    void widthMultiplier();
    void layoutControlsSkip();
    void badOptions();
};

void TestMobileNetSpace::genesOfTheDefaultLayout() {
    const MobileNetSpace space;
    const std::vector<int> cards = space.geneCardinalities();
    QCOMPARE(int(cards.size()), 22);
    for (int gene = 0; gene < 22; ++gene) {
        const bool eight = std::find(kEightChoiceGenes.begin(), kEightChoiceGenes.end(), gene) != kEightChoiceGenes.end();
        QCOMPARE(cards[static_cast<std::size_t>(gene)], eight ? 8 : 9);
        const auto names = space.geneChoiceNames(gene);
        QCOMPARE(names.front(), std::string("k3_e1"));
        QCOMPARE(names.back(), std::string(eight ? "k5_e6" : "skip"));
    }
    QCOMPARE(space.geneChoiceNames(0),
             (std::vector<std::string>{"k3_e1", "k3_e1_g2", "k3_e3", "k3_e6", "k5_e1", "k5_e1_g2", "k5_e3", "k5_e6",
                                       "skip"}));
    QCOMPARE(space.geneLabel(0), std::string("stage1/layer0"));
    QCOMPARE(space.geneLabel(5), std::string("stage3/layer0"));
    QCOMPARE(space.geneLabel(21), std::string("stage7/layer0"));
    QCOMPARE(space.size(), std::pow(9.0, 16) * std::pow(8.0, 6)); // about 4.86e20
    QCOMPARE(space.name(), std::string("mobilenet"));
}

void TestMobileNetSpace::stageSizes_data() {
    QTest::addColumn<core::TensorShape>("input");
    QTest::addColumn<QList<int>>("sizes"); // spatial size after each of the 7 stages
    QTest::newRow("CIFAR 32x32x3") << core::TensorShape{3, 32, 32} << QList<int>{32, 32, 16, 8, 8, 4, 4};
    QTest::newRow("Fashion-MNIST 28x28x1") << core::TensorShape{1, 28, 28} << QList<int>{28, 28, 14, 7, 7, 4, 4};
}

void TestMobileNetSpace::stageSizes() {
    QFETCH(core::TensorShape, input);
    QFETCH(QList<int>, sizes);
    const MobileNetSpace space(options(input));
    spaces::Rng rng(4);
    for (int trial = 0; trial < 20; ++trial) {
        const core::Architecture arch = space.decode(space.sample(rng));
        const auto shapes = core::inferShapes(arch);
        const int lastLayerOfStage[] = {0, 4, 8, 12, 16, 20, 21};
        const int widths[] = {16, 24, 32, 64, 112, 184, 352};
        for (int s = 0; s < 7; ++s) {
            // node ids: input, stem conv/bn/relu, then one node per layer
            const core::TensorShape shape = shapes[static_cast<std::size_t>(4 + lastLayerOfStage[s])];
            QCOMPARE(shape, (core::TensorShape{widths[s], sizes[s], sizes[s]}));
        }
        QCOMPARE(shapes.back(), (core::TensorShape{10, 1, 1}));
    }
}

void TestMobileNetSpace::decodedBlocks() {
    const MobileNetSpace space(options({3, 32, 32}, 100));
    Genome g(22, 8);
    for (int gene : kEightChoiceGenes)
        g[static_cast<std::size_t>(gene)] = 0;
    g[1] = 5;  // k5_e1_g2, 16 -> 24
    g[2] = 3;  // k3_e6
    g[5] = 7;  // k5_e6, stride 2
    const core::Architecture arch = space.decode(g);
    QCOMPARE(arch.node(1).label, std::string("stem/conv"));
    QCOMPARE(name(arch.node(1).op), name(core::OpType::Conv));
    QCOMPARE(arch.node(1).kernel, 3);
    QCOMPARE(arch.node(1).outChannels, 16);
    QCOMPARE(name(arch.node(3).activation), name(core::ActivationType::ReLU));

    const core::Node& skip = arch.node(4);
    QCOMPARE(name(skip.op), name(core::OpType::Identity));
    QCOMPARE(skip.label, std::string("stage1/layer0 skip"));

    const core::Node& grouped = arch.node(5);
    QCOMPARE(name(grouped.op), name(core::OpType::MBConv));
    QCOMPARE(grouped.label, std::string("stage2/layer0 k5_e1_g2"));
    QCOMPARE(grouped.kernel, 5);
    QCOMPARE(grouped.expansion, 1);
    QCOMPARE(grouped.groups, 2);
    QCOMPARE(grouped.stride, 1);
    QCOMPARE(grouped.outChannels, 24);
    QCOMPARE(name(grouped.activation), name(core::ActivationType::ReLU));
    QVERIFY(!grouped.squeezeExcite);

    const core::Node& wide = arch.node(6);
    QCOMPARE(wide.label, std::string("stage2/layer1 k3_e6"));
    QCOMPARE(wide.expansion, 6);
    QCOMPARE(wide.groups, 1);

    const core::Node& strided = arch.node(9);
    QCOMPARE(strided.label, std::string("stage3/layer0 k5_e6"));
    QCOMPARE(strided.stride, 2);
    QCOMPARE(strided.outChannels, 32);

    const int n = int(arch.nodes.size());
    QCOMPARE(n, 4 + 22 + 5);
    QCOMPARE(name(arch.node(n - 5).op), name(core::OpType::PointwiseConv));
    QCOMPARE(arch.node(n - 5).outChannels, 1504);
    QCOMPARE(name(arch.node(n - 2).op), name(core::OpType::GlobalAvgPool));
    QCOMPARE(arch.node(n - 1).outChannels, 100);
    QCOMPARE(arch.metadata.at("space"), std::string("mobilenet"));
    QCOMPARE(arch.metadata.at("genome"), spaces::genomeToIntList(g));
}

void TestMobileNetSpace::costMatchesHandCount() {
    // A two-layer layout on 8x8x3 with 10 classes, genome [k3_e6, k5_e1_g2]. By hand, with the
    // IR's MBConv (expand 1x1+BN only when expansion > 1; depthwise+BN; project 1x1+BN; the
    // groups on both 1x1 convolutions; BN = 2 params per channel):
    //   stem conv3x3 3->8 at 8x8:   MACs 64*8*3*9 = 13,824     params 216 + 16 = 232
    //   layer0 k3_e6 8->16, s2, hidden 48:
    //     expand 8->48 at 8x8:      MACs 64*48*8 = 24,576      params 384 + 96 = 480
    //     dw 3x3 s2 -> 4x4:         MACs 16*48*9 = 6,912       params 432 + 96 = 528
    //     project 48->16 at 4x4:    MACs 16*16*48 = 12,288     params 768 + 32 = 800
    //   layer1 k5_e1_g2 16->16, hidden 16 (no expand):
    //     dw 5x5 at 4x4:            MACs 16*16*25 = 6,400      params 400 + 32 = 432
    //     project 16->16, 2 groups: MACs 16*16*8 = 2,048       params 128 + 32 = 160
    //   head 1x1 16->32 at 4x4:     MACs 16*32*16 = 8,192      params 512 + 64 = 576
    //   classifier 32->10:          MACs 320                   params 330
    //   total                       MACs 74,560                params 3,538
    MobileNetLayout layout;
    layout.stemWidth = 8;
    layout.stemStride = 1;
    layout.stages = {{16, 2, 2, {true, true}}};
    layout.headWidth = 32;
    const MobileNetSpace space(layout, options({3, 8, 8}));
    QCOMPARE(space.geneCardinalities(), (std::vector<int>{8, 9}));
    const cost::ArchitectureCost cost = cost::analyseCost(space.decode({3, 5}));
    QCOMPARE(cost.macs, std::int64_t(74'560));
    QCOMPARE(cost.params, std::int64_t(3'538));
}

void TestMobileNetSpace::jsonRoundTrip() {
    const MobileNetSpace space(options({3, 32, 32}));
    spaces::Rng rng(10);
    for (int i = 0; i < 100; ++i) {
        const Genome g = space.sample(rng);
        const core::Architecture arch = space.decode(g);
        const core::Architecture back = core::architectureFromJson(core::toJson(arch));
        QCOMPARE(core::canonicalHash(back), core::canonicalHash(arch));
        QVERIFY(back == arch);
        QCOMPARE(space.encode(back), g);
    }
}

void TestMobileNetSpace::stringRoundTrip() {
    const MobileNetSpace space;
    spaces::Rng rng(12);
    for (int i = 0; i < 200; ++i) {
        const Genome g = space.sample(rng);
        const std::string text = space.genomeToString(g);
        QCOMPARE(space.genomeFromString(text), g);
        // HW-NAS-Bench's 22-tuples use the same indices
        QCOMPARE(space.genomeFromString("[" + spaces::genomeToIntList(g) + "]"), g);
    }
    Genome g(22, 8);
    for (int gene : kEightChoiceGenes)
        g[static_cast<std::size_t>(gene)] = 3;
    QCOMPARE(space.genomeToString(g), std::string("skip,k3_e6,skip,skip,skip,k3_e6,skip,skip,skip,k3_e6,skip,skip,"
                                                  "skip,k3_e6,skip,skip,skip,k3_e6,skip,skip,skip,k3_e6"));
}

void TestMobileNetSpace::badStringsNameTheToken_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("named");
    const QString rest = ",k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,"
                         "k3_e1,k3_e1,k3_e1,k3_e1,k3_e1,k3_e1"; // genes 2..21
    QTest::newRow("unknown block") << "k3_e1,k7_e6" + rest << "'k7_e6'";
    QTest::newRow("skip where the shape changes") << "k3_e1,skip" + rest << "'skip'";
    QTest::newRow("index out of range") << "k3_e1,8" + rest << "'8'";
    QTest::newRow("negative index") << "-1,0" + rest << "'-1'";
    QTest::newRow("too few") << "k3_e1,k3_e1" << "2 genes, expected 22";
}

void TestMobileNetSpace::badStringsNameTheToken() {
    QFETCH(QString, text);
    QFETCH(QString, named);
    const MobileNetSpace space;
    const QString message = errorOf([&] { space.genomeFromString(text.toStdString()); });
    QVERIFY2(message.contains(named), qPrintable(message));
}

void TestMobileNetSpace::widthMultiplier_data() {
    QTest::addColumn<double>("multiplier");
    QTest::addColumn<QList<int>>("widths"); // stem, the 7 stages, head
    QTest::newRow("0.5") << 0.5 << QList<int>{8, 8, 16, 16, 32, 56, 96, 176, 752};
    QTest::newRow("0.25") << 0.25 << QList<int>{8, 8, 8, 8, 16, 32, 48, 88, 376};
    QTest::newRow("1.5") << 1.5 << QList<int>{24, 24, 40, 48, 96, 168, 280, 528, 2256};
}

void TestMobileNetSpace::widthMultiplier() {
    QFETCH(double, multiplier);
    QFETCH(QList<int>, widths);
    const MobileNetSpace space(options({3, 32, 32}, 10, multiplier));
    const MobileNetLayout& layout = space.layout();
    QCOMPARE(layout.stemWidth, widths[0]);
    for (int s = 0; s < 7; ++s)
        QCOMPARE(layout.stages[static_cast<std::size_t>(s)].width, widths[s + 1]);
    QCOMPARE(layout.headWidth, widths[8]);
    // the genome format does not depend on the multiplier, even where widths collapse (0.25: 16 -> 24
    // both become 8, yet gene 1 still has no skip)
    QCOMPARE(space.geneCardinalities(), MobileNetSpace().geneCardinalities());
    spaces::Rng rng(3);
    for (int i = 0; i < 20; ++i) {
        const auto shapes = core::inferShapes(space.decode(space.sample(rng)));
        QCOMPARE(shapes.back(), (core::TensorShape{10, 1, 1}));
    }
}

void TestMobileNetSpace::layoutControlsSkip() {
    MobileNetLayout layout = MobileNetLayout::builtinDefault();
    layout.stages[1].allowSkip = {true, false, true, false};
    layout.stages[0].allowSkip = {false};
    const MobileNetSpace space(layout, options({3, 32, 32}));
    const std::vector<int> cards = space.geneCardinalities();
    QCOMPARE(cards[0], 8);
    QCOMPARE(cards[1], 8); // shape change wins over allow_skip
    QCOMPARE(cards[2], 8);
    QCOMPARE(cards[3], 9);
    QCOMPARE(cards[4], 8);

    spaces::SpaceOptions fromFile = options({3, 32, 32});
    fromFile.mobilenetLayoutPath = "/nonexistent/layout.json";
    QVERIFY(errorOf([&] { MobileNetSpace s(fromFile); }).contains("/nonexistent/layout.json"));
}

void TestMobileNetSpace::badOptions() {
    QVERIFY(errorOf([] { MobileNetSpace s(options({3, 32, 32}, 0)); }).contains("classes"));
    QVERIFY(errorOf([] { MobileNetSpace s(options({0, 32, 32})); }).contains("input"));
    QVERIFY(errorOf([] { MobileNetSpace s(options({3, 32, 32}, 10, 0.0)); }).contains("multiplier"));
}

QTEST_APPLESS_MAIN(TestMobileNetSpace)
#include "test_mobilenet_space.moc"
