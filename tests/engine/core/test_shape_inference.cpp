#include "core/errors.h"
#include "core/shape_inference.h"

#include <QtTest>

using namespace edgenas::core;

Q_DECLARE_METATYPE(edgenas::core::Node)

namespace {

Architecture withInput(TensorShape input) {
    Architecture arch;
    arch.input = input;
    arch.add(Node{.op = OpType::Input});
    return arch;
}

Node make(OpType op, std::vector<int> inputs) {
    Node node;
    node.op = op;
    node.inputs = std::move(inputs);
    return node;
}

} // namespace

class TestShapeInference : public QObject {
    Q_OBJECT
private slots:
    void singleOp_data();
    void singleOp();
    void mergeShapes();
    void errorsNameTheNode_data();
    void errorsNameTheNode();
};

void TestShapeInference::singleOp_data() {
    QTest::addColumn<Node>("node");
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    // Input is 8 x 16 x 16.
    auto conv = make(OpType::Conv, {0});
    conv.outChannels = 12, conv.kernel = 3, conv.stride = 2, conv.padding = 1;
    QTest::newRow("conv3x3 s2 p1") << conv << 12 << 8 << 8;
    auto dilated = conv;
    dilated.stride = 1, dilated.dilation = 2, dilated.padding = 2;
    QTest::newRow("conv3x3 d2 p2") << dilated << 12 << 16 << 16;
    auto valid = make(OpType::Conv, {0});
    valid.outChannels = 4, valid.kernel = 5;
    QTest::newRow("conv5x5 no pad") << valid << 4 << 12 << 12;
    auto dw = make(OpType::DepthwiseConv, {0});
    dw.kernel = 3, dw.padding = 1;
    QTest::newRow("depthwise keeps channels") << dw << 8 << 16 << 16;
    auto pw = make(OpType::PointwiseConv, {0});
    pw.outChannels = 32, pw.stride = 2;
    QTest::newRow("pointwise s2") << pw << 32 << 8 << 8;
    auto mb = make(OpType::MBConv, {0});
    mb.outChannels = 16, mb.kernel = 5, mb.stride = 2, mb.expansion = 6;
    QTest::newRow("mbconv k5 s2") << mb << 16 << 8 << 8;
    QTest::newRow("identity") << make(OpType::Identity, {0}) << 8 << 16 << 16;
    auto zero = make(OpType::Zero, {0});
    zero.stride = 2;
    QTest::newRow("zero s2") << zero << 8 << 8 << 8;
    auto avg = make(OpType::AvgPool, {0});
    avg.kernel = 3, avg.padding = 1;
    QTest::newRow("avgpool 3 s1 p1") << avg << 8 << 16 << 16;
    auto max = make(OpType::MaxPool, {0});
    max.kernel = 2, max.stride = 2;
    QTest::newRow("maxpool 2 s2") << max << 8 << 8 << 8;
    QTest::newRow("batch norm") << make(OpType::BatchNorm, {0}) << 8 << 16 << 16;
    auto act = make(OpType::Activation, {0});
    act.activation = ActivationType::HSwish;
    QTest::newRow("activation") << act << 8 << 16 << 16;
    QTest::newRow("global pool") << make(OpType::GlobalAvgPool, {0}) << 8 << 1 << 1;
    auto linear = make(OpType::Linear, {0});
    linear.outChannels = 10;
    QTest::newRow("linear flattens") << linear << 10 << 1 << 1;
    QTest::newRow("early exit") << make(OpType::EarlyExit, {0}) << 7 << 1 << 1;
    auto narrowExit = make(OpType::EarlyExit, {0});
    narrowExit.outChannels = 32;
    QTest::newRow("narrow early exit") << narrowExit << 7 << 1 << 1;
}

void TestShapeInference::singleOp() {
    QFETCH(Node, node);
    QFETCH(int, channels);
    QFETCH(int, height);
    QFETCH(int, width);
    Architecture arch = withInput({8, 16, 16});
    arch.numClasses = 7;
    const bool isExit = node.op == OpType::EarlyExit;
    arch.add(node);
    if (isExit) // an exit cannot be the last node
        arch.add(make(OpType::Identity, {0}));
    const auto shapes = inferShapes(arch);
    QCOMPARE(shapes[1], (TensorShape{channels, height, width}));
}

void TestShapeInference::mergeShapes() {
    Architecture arch = withInput({8, 16, 16});
    auto a = make(OpType::PointwiseConv, {0});
    a.outChannels = 4;
    arch.add(a);
    arch.add(make(OpType::Identity, {0}));
    auto concat = make(OpType::Identity, {1, 2});
    concat.merge = MergeMode::Concat;
    arch.add(concat);
    auto sum = make(OpType::Identity, {0, 2});
    arch.add(sum);
    const auto shapes = inferShapes(arch);
    QCOMPARE(shapes[3], (TensorShape{12, 16, 16}));
    QCOMPARE(shapes[4], (TensorShape{8, 16, 16}));
}

void TestShapeInference::errorsNameTheNode_data() {
    QTest::addColumn<Node>("node");
    QTest::addColumn<QString>("problem");
    auto sum = make(OpType::Identity, {0, 1});
    QTest::newRow("sum of different shapes") << sum << "different shapes";
    auto forward = make(OpType::Identity, {5});
    QTest::newRow("input from a later node") << forward << "not an earlier node";
    auto groups = make(OpType::Conv, {0});
    groups.outChannels = 6, groups.groups = 4, groups.kernel = 1;
    QTest::newRow("groups do not divide") << groups << "groups 4";
    auto big = make(OpType::Conv, {0});
    big.outChannels = 4, big.kernel = 99;
    QTest::newRow("kernel larger than input") << big << "does not fit";
    auto bigPool = make(OpType::MaxPool, {0});
    bigPool.kernel = 20, bigPool.stride = 2;
    QTest::newRow("pool window larger than input") << bigPool << "does not fit";
    auto noChannels = make(OpType::Conv, {0});
    noChannels.kernel = 3;
    QTest::newRow("conv without out_channels") << noChannels << "out_channels";
    auto orphan = make(OpType::BatchNorm, {});
    QTest::newRow("no inputs") << orphan << "no inputs";
    auto act = make(OpType::Activation, {0});
    QTest::newRow("activation without type") << act << "without an activation";
    auto negativeExit = make(OpType::EarlyExit, {0});
    negativeExit.outChannels = -3;
    QTest::newRow("exit head of negative width") << negativeExit << "must not be negative";
}

void TestShapeInference::errorsNameTheNode() {
    QFETCH(Node, node);
    QFETCH(QString, problem);
    Architecture arch = withInput({8, 16, 16});
    auto pw = make(OpType::PointwiseConv, {0});
    pw.outChannels = 4;
    arch.add(pw);
    arch.add(node);
    try {
        inferShapes(arch);
        QFAIL("expected an ArchitectureError");
    } catch (const ArchitectureError& e) {
        QCOMPARE(e.nodeId(), 2);
        const QString message = QString::fromStdString(e.what());
        QVERIFY2(message.startsWith("node 2: "), qPrintable(message));
        QVERIFY2(message.contains(problem), qPrintable(message));
    }
}

QTEST_APPLESS_MAIN(TestShapeInference)
#include "test_shape_inference.moc"
