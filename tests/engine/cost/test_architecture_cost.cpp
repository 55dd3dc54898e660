#include "core/architecture.h"
#include "cost/architecture_cost.h"

#include <QtTest>

using namespace edgenas::core;
using edgenas::cost::analyseCost;

Q_DECLARE_METATYPE(edgenas::core::Node)

class TestArchitectureCost : public QObject {
    Q_OBJECT
private slots:
    void perOp_data();
    void perOp();
    void totalsAddUp();
    void peakActivationMemory();
};

// Every figure below is counted by hand for an 8 x 16 x 16 input.
void TestArchitectureCost::perOp_data() {
    QTest::addColumn<Node>("node");
    QTest::addColumn<qint64>("macs");
    QTest::addColumn<qint64>("params");

    // 12 x 8 x 8 output; weights 12*8*9 = 864; MACs 864 * 64 = 55296; + 12 bias.
    QTest::newRow("conv3x3 s2 bias") << Node{.op = OpType::Conv, .inputs = {0}, .outChannels = 12, .kernel = 3,
                                             .stride = 2, .padding = 1, .bias = true}
                                     << qint64(55296) << qint64(876);
    // groups 4: weights 16 * (8/4) * 9 = 288; 16x16 out: 288 * 256 = 73728.
    QTest::newRow("grouped conv3x3") << Node{.op = OpType::Conv, .inputs = {0}, .outChannels = 16, .kernel = 3,
                                             .padding = 1, .groups = 4}
                                     << qint64(73728) << qint64(288);
    // 8 channels * 9 taps * 256 pixels = 18432.
    QTest::newRow("depthwise3x3") << Node{.op = OpType::DepthwiseConv, .inputs = {0}, .outChannels = 8, .kernel = 3,
                                          .padding = 1}
                                  << qint64(18432) << qint64(72);
    // 32 * 8 = 256 weights; 256 * 256 pixels = 65536.
    QTest::newRow("pointwise") << Node{.op = OpType::PointwiseConv, .inputs = {0}, .outChannels = 32}
                               << qint64(65536) << qint64(256);
    // Expand 8->48 at 16x16: 384*256 = 98304 MACs, 384 + 96 (BN) params.
    // Depthwise 5x5 s2 on 48 ch, 8x8 out: 48*25*64 = 76800 MACs, 1200 + 96 params.
    // Project 48->16 at 8x8: 768*64 = 49152 MACs, 768 + 32 params.
    // Total MACs 224256; params 480 + 1296 + 800 = 2576.
    QTest::newRow("mbconv e6 k5 s2") << Node{.op = OpType::MBConv, .inputs = {0}, .outChannels = 16, .kernel = 5,
                                             .stride = 2, .expansion = 6}
                                     << qint64(224256) << qint64(2576);
    // Expansion 1, groups 2: no expand; depthwise 8*9*256 = 18432 MACs, 72 + 16 params;
    // project 8 -> 8 in 2 groups: 32 weights * 256 = 8192 MACs, 32 + 16 params.
    QTest::newRow("mbconv e1 g2") << Node{.op = OpType::MBConv, .inputs = {0}, .outChannels = 8, .kernel = 3,
                                          .groups = 2, .expansion = 1}
                                  << qint64(26624) << qint64(136);
    // e3 with SE: hidden 24, SE width 6. Expand 192*256 = 49152 (192 + 48 params); dw 24*9*256 = 55296
    // (216 + 48); SE 2*24*6 = 288 MACs (144+6+144+24 = 318 params); project 8*24*256 = 49152 (192 + 16).
    QTest::newRow("mbconv e3 se") << Node{.op = OpType::MBConv, .inputs = {0}, .outChannels = 8, .kernel = 3,
                                          .expansion = 3, .squeezeExcite = true}
                                  << qint64(49152 + 55296 + 288 + 49152) << qint64(240 + 264 + 318 + 208);
    QTest::newRow("batch norm") << Node{.op = OpType::BatchNorm, .inputs = {0}} << qint64(0) << qint64(16);
    QTest::newRow("identity") << Node{.op = OpType::Identity, .inputs = {0}} << qint64(0) << qint64(0);
    QTest::newRow("zero") << Node{.op = OpType::Zero, .inputs = {0}} << qint64(0) << qint64(0);
    QTest::newRow("avg pool") << Node{.op = OpType::AvgPool, .inputs = {0}, .kernel = 3, .padding = 1} << qint64(0)
                              << qint64(0);
    QTest::newRow("max pool") << Node{.op = OpType::MaxPool, .inputs = {0}, .kernel = 2, .stride = 2} << qint64(0)
                              << qint64(0);
    QTest::newRow("activation") << Node{.op = OpType::Activation, .inputs = {0}, .activation = ActivationType::ReLU}
                                << qint64(0) << qint64(0);
    QTest::newRow("global pool") << Node{.op = OpType::GlobalAvgPool, .inputs = {0}} << qint64(0) << qint64(0);
    // Flattened 8*16*16 = 2048 features -> 10: 20480 MACs, 20480 + 10 params.
    QTest::newRow("linear") << Node{.op = OpType::Linear, .inputs = {0}, .outChannels = 10, .bias = true}
                            << qint64(20480) << qint64(20490);
    // Global pool then 8 -> 10 classes: 80 MACs, 90 params.
    QTest::newRow("early exit") << Node{.op = OpType::EarlyExit, .inputs = {0}} << qint64(80) << qint64(90);
    // Narrow head, width 12: 1x1 conv 8 -> 12 over 16x16 = 96 * 256 = 24576 MACs (96 params), BN
    // 24 params, pool, then 12 -> 10 classes: 120 MACs, 130 params. Total 24696 MACs, 250 params.
    QTest::newRow("narrow early exit") << Node{.op = OpType::EarlyExit, .inputs = {0}, .outChannels = 12}
                                       << qint64(24696) << qint64(250);
}

void TestArchitectureCost::perOp() {
    QFETCH(Node, node);
    QFETCH(qint64, macs);
    QFETCH(qint64, params);
    Architecture arch;
    arch.input = {8, 16, 16};
    arch.numClasses = 10;
    arch.add(Node{.op = OpType::Input});
    arch.add(node);
    arch.add(Node{.op = OpType::Identity, .inputs = {0}}); // the main output, free
    const auto cost = analyseCost(arch);
    QCOMPARE(qint64(cost.nodes[1].macs), macs);
    QCOMPARE(qint64(cost.nodes[1].params), params);
    QCOMPARE(qint64(cost.macs), macs);
    QCOMPARE(qint64(cost.params), params);
}

void TestArchitectureCost::totalsAddUp() {
    Architecture arch;
    arch.input = {1, 28, 28};
    arch.add(Node{.op = OpType::Input});
    arch.add(Node{.op = OpType::Conv, .inputs = {0}, .outChannels = 8, .kernel = 3, .padding = 1});  // 8*9*784
    arch.add(Node{.op = OpType::BatchNorm, .inputs = {1}});                                          // 16 params
    arch.add(Node{.op = OpType::GlobalAvgPool, .inputs = {2}});
    arch.add(Node{.op = OpType::Linear, .inputs = {3}, .outChannels = 10, .bias = true});             // 80 + 10
    const auto cost = analyseCost(arch);
    QCOMPARE(cost.macs, std::int64_t(8 * 9 * 784 + 80));
    QCOMPARE(cost.params, std::int64_t(72 + 16 + 90));
    QCOMPARE(cost.nodes[4].output, (TensorShape{10, 1, 1}));
}

void TestArchitectureCost::peakActivationMemory() {
    // input(784) -> conv a (8*784) -> conv b from input (8*784) -> sum(a, b) -> pool -> linear.
    // While the sum runs, input is dead, a and b and the sum are alive: 3 * 6272 elements.
    Architecture arch;
    arch.input = {1, 28, 28};
    arch.add(Node{.op = OpType::Input});
    arch.add(Node{.op = OpType::Conv, .inputs = {0}, .outChannels = 8, .kernel = 3, .padding = 1});
    arch.add(Node{.op = OpType::Conv, .inputs = {0}, .outChannels = 8, .kernel = 3, .padding = 1});
    arch.add(Node{.op = OpType::Identity, .inputs = {1, 2}});
    arch.add(Node{.op = OpType::GlobalAvgPool, .inputs = {3}});
    arch.add(Node{.op = OpType::Linear, .inputs = {4}, .outChannels = 10, .bias = true});
    QCOMPARE(analyseCost(arch).peakActivationBytes, std::int64_t(3 * 6272 * 4));
}

QTEST_APPLESS_MAIN(TestArchitectureCost)
#include "test_architecture_cost.moc"
