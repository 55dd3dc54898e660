#include "cost_fixtures.h"

#include "core/shape_inference.h"
#include "cost/device_profile.h"
#include "cost/operator_signature.h"
#include "cost/roofline_model.h"

#include <QtTest>

using namespace edgenas;
using namespace edgenas::core;
using cost::RooflineModel;

class TestRooflineModel : public QObject {
    Q_OBJECT
private slots:
    void convByHand_data();
    void convByHand();
    void memoryAndOverheadBound();
    void fusionRemovesElementwiseKernels();
    void freeAndFoldedNodes();
    void narrowExitHeadByHand();
};

namespace {

cost::DeviceProfile fixture() { return cost::parseDeviceProfile(testing::kTestProfileJson, "test-gpu.json"); }

cost::OperatorSignature signatureOf(const Node& node, TensorShape input = {8, 16, 16}) {
    Architecture a;
    a.input = input;
    a.add(Node{.op = OpType::Input});
    a.add(node);
    return cost::OperatorSignature::of(a, a.nodes[1], inferShapes(a));
}

// An exit head cannot be a network's last node: an identity main output follows it.
cost::OperatorSignature exitSignatureOf(const Node& head) {
    Architecture a;
    a.input = {8, 16, 16};
    a.add(Node{.op = OpType::Input});
    a.add(head);
    a.add(Node{.op = OpType::Identity, .inputs = {0}});
    return cost::OperatorSignature::of(a, a.nodes[1], inferShapes(a));
}

const Node kConv{.op = OpType::Conv, .inputs = {0}, .outChannels = 16, .kernel = 3, .padding = 1};

} // namespace

void TestRooflineModel::convByHand_data() {
    // conv3x3 8->16 at 16x16: 294912 MACs = 589824 FLOPs; moves 2048 + 4096 + 1152 weights = 7296
    // elements = 29184 bytes. Fixture at the top level: 0.5 * 100 GFLOP/s -> 0.01179648 ms compute,
    // 0.5 * 10 GB/s -> 0.0058368 ms memory, 0.01 ms launch.
    QTest::addColumn<QString>("level");
    QTest::addColumn<double>("latencyMs");
    QTest::addColumn<double>("memoryMs");
    QTest::addColumn<QString>("bound");
    QTest::newRow("max") << "max" << 0.01179648 + 0.01 << 0.0058368 << "compute";
    QTest::newRow("gpu at half clock") << "gpu=500" << 2 * 0.01179648 + 0.01 << 0.0058368 << "compute";
    QTest::newRow("emc at half clock") << "emc=500" << 0.01179648 + 0.01 << 2 * 0.0058368 << "compute";
    QTest::newRow("cpu at half clock: slower launches") << "cpu=500" << 0.01179648 + 0.02 << 0.0058368
                                                        << "overhead";
}

void TestRooflineModel::convByHand() {
    QFETCH(QString, level);
    QFETCH(double, latencyMs);
    QFETCH(double, memoryMs);
    QFETCH(QString, bound);
    const cost::DeviceProfile p = fixture();
    const RooflineModel model(p, p.operatingPoint(level.toStdString()));
    const cost::NodeEstimate e = model.estimate(signatureOf(kConv));
    QCOMPARE(e.kernels, 1);
    QCOMPARE(e.flops, 589824.0);
    QCOMPARE(e.bytes, 29184.0);
    QVERIFY(qFuzzyCompare(e.latencyMs, latencyMs));
    QVERIFY(qFuzzyCompare(e.memoryMs, memoryMs));
    QCOMPARE(QString::fromStdString(e.bound), bound);
}

void TestRooflineModel::memoryAndOverheadBound() {
    const cost::DeviceProfile p = fixture();
    const RooflineModel model(p, p.operatingPoint("max"));
    // BN on 8x16x16: 4096 FLOPs (1.6e-4 ms) but 16384 bytes (0.0032768 ms), plus a 0.01 ms launch.
    const cost::NodeEstimate bn = model.estimate(signatureOf(Node{.op = OpType::BatchNorm, .inputs = {0}}));
    QVERIFY(qFuzzyCompare(bn.latencyMs, 0.0032768 + 0.01));
    QCOMPARE(QString::fromStdString(bn.bound), QString("overhead"));
    // A big BN is memory-bound: 64x64x64 -> 2 MiB each way.
    const cost::NodeEstimate big =
        model.estimate(signatureOf(Node{.op = OpType::BatchNorm, .inputs = {0}}, {64, 64, 64}));
    QCOMPARE(QString::fromStdString(big.bound), QString("memory"));
    QVERIFY(qFuzzyCompare(big.latencyMs, 2.0 * 262144 * 4 / 5e6 + 0.01));
}

void TestRooflineModel::fusionRemovesElementwiseKernels() {
    // An MBConv e6 with SE: unfused, BN and activations are kernels of their own.
    const Node mb{.op = OpType::MBConv, .inputs = {0}, .outChannels = 8, .kernel = 3, .expansion = 6,
                  .squeezeExcite = true};
    cost::DeviceProfile p = fixture();
    const cost::NodeEstimate unfused = RooflineModel(p, p.operatingPoint("max")).estimate(signatureOf(mb));
    p.fusesElementwise = true;
    const cost::NodeEstimate fused = RooflineModel(p, p.operatingPoint("max")).estimate(signatureOf(mb));
    // expand, dw, SE pool, SE fc x2, scale, project, residual = 8 fused kernels; unfused adds BN+act
    // twice, the SE relu and hard sigmoid, and the project BN.
    QCOMPARE(fused.kernels, 8);
    QCOMPARE(unfused.kernels, 8 + 4 + 2 + 1);
    QVERIFY(fused.latencyMs < unfused.latencyMs);
    QCOMPARE(fused.flops < unfused.flops, true);
}

void TestRooflineModel::freeAndFoldedNodes() {
    const cost::DeviceProfile p = fixture();
    const RooflineModel model(p, p.operatingPoint("max"));
    const cost::NodeEstimate id = model.estimate(signatureOf(Node{.op = OpType::Identity, .inputs = {0}}));
    QCOMPARE(id.latencyMs, 0.0);
    QCOMPARE(id.kernels, 0);
    QCOMPARE(QString::fromStdString(id.bound), QString("free"));
    const cost::NodeEstimate sum = model.estimate(signatureOf(Node{.op = OpType::Identity, .inputs = {0, 0, 0}}));
    QCOMPARE(sum.kernels, 1);
    QCOMPARE(sum.flops, 2.0 * 2048);
    QCOMPARE(sum.bytes, 4.0 * 2048 * 4);
    const cost::NodeEstimate folded = model.estimate(signatureOf(kConv), /*folded=*/true);
    QCOMPARE(folded.latencyMs, 0.0);
    QCOMPARE(QString::fromStdString(folded.bound), QString("folded"));
}

void TestRooflineModel::narrowExitHeadByHand() {
    // Narrow exit head, width 12, on 8x16x16 with 10 classes. Unfused kernels:
    //   1x1 conv 8 -> 12: 96 * 256 = 24576 MACs = 49152 FLOPs; 2048 in + 3072 out + 96 weights moved;
    //   BN: 6144 FLOPs, 6144 moved; Swish: 4 * 3072 = 12288 FLOPs, 6144 moved;
    //   pool: 3072 FLOPs, 3072 + 12 moved; linear 12 -> 10: 240 FLOPs, 12 + 10 + 130 moved.
    const Node head{.op = OpType::EarlyExit, .inputs = {0}, .outChannels = 12};
    cost::DeviceProfile p = fixture();
    const cost::NodeEstimate unfused = RooflineModel(p, p.operatingPoint("max")).estimate(exitSignatureOf(head));
    QCOMPARE(unfused.kernels, 5);
    QCOMPARE(unfused.flops, 49152.0 + 6144 + 12288 + 3072 + 240);
    QCOMPARE(unfused.bytes, 4.0 * (5216 + 6144 + 6144 + 3084 + 152));
    p.fusesElementwise = true;
    const cost::NodeEstimate fused = RooflineModel(p, p.operatingPoint("max")).estimate(exitSignatureOf(head));
    QCOMPARE(fused.kernels, 3);
    QCOMPARE(fused.flops, 49152.0 + 3072 + 240);
    // The plain head is unchanged: pool over 8 channels + linear 8 -> 10.
    const cost::NodeEstimate plain =
        RooflineModel(p, p.operatingPoint("max")).estimate(exitSignatureOf(Node{.op = OpType::EarlyExit, .inputs = {0}}));
    QCOMPARE(plain.kernels, 2);
    QCOMPARE(plain.flops, 2048.0 + 160);
}

QTEST_APPLESS_MAIN(TestRooflineModel)
#include "test_roofline_model.moc"
