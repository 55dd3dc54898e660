#include "core/errors.h"
#include "core/shape_inference.h"
#include "cost/operator_signature.h"

#include <QtTest>

#include <set>

using namespace edgenas;
using namespace edgenas::core;
using cost::OperatorSignature;

Q_DECLARE_METATYPE(edgenas::core::Node)

class TestOperatorSignature : public QObject {
    Q_OBJECT
private slots:
    void goldenKeys_data();
    void goldenKeys();
    void hyperParametersGiveDistinctKeys();
    void positionAndLabelDoNotMatter();
    void mergesAreDistinct();
    void inputNodeHasNone();
};

namespace {

// input 8x16x16 -> node -> identity (main output), as in test_architecture_cost.
Architecture single(const Node& node, TensorShape input = {8, 16, 16}) {
    Architecture a;
    a.input = input;
    a.add(Node{.op = OpType::Input});
    a.add(node);
    a.add(Node{.op = OpType::Identity, .inputs = {1}});
    return a;
}

std::string keyOf(const Node& node, TensorShape input = {8, 16, 16}) {
    const Architecture a = single(node, input);
    return OperatorSignature::of(a, a.nodes[1], inferShapes(a)).key();
}

} // namespace

void TestOperatorSignature::goldenKeys_data() {
    // Tables on disk are keyed by these strings: changing one invalidates every saved table.
    QTest::addColumn<Node>("node");
    QTest::addColumn<QString>("key");
    QTest::newRow("conv") << Node{.op = OpType::Conv, .inputs = {0}, .outChannels = 12, .kernel = 3, .stride = 2,
                                  .padding = 1, .bias = true}
                          << "conv|in=8x16x16|out=12x8x8|k=3|s=2|p=1|d=1|g=1|bias=1";
    QTest::newRow("depthwise") << Node{.op = OpType::DepthwiseConv, .inputs = {0}, .kernel = 5, .padding = 2}
                               << "depthwise_conv|in=8x16x16|out=8x16x16|k=5|s=1|p=2|d=1";
    QTest::newRow("pointwise") << Node{.op = OpType::PointwiseConv, .inputs = {0}, .outChannels = 32, .groups = 2}
                               << "pointwise_conv|in=8x16x16|out=32x16x16|s=1|g=2|bias=0";
    QTest::newRow("mbconv") << Node{.op = OpType::MBConv, .inputs = {0}, .outChannels = 16, .kernel = 5, .stride = 2,
                                    .expansion = 6, .squeezeExcite = true, .activation = ActivationType::HSwish}
                            << "mbconv|in=8x16x16|out=16x8x8|k=5|s=2|d=1|e=6|g=1|se=1|act=hswish";
    // MBConv without an activation runs ReLU6, so it shares the ReLU6 key.
    QTest::newRow("mbconv default act") << Node{.op = OpType::MBConv, .inputs = {0}, .outChannels = 8, .kernel = 3,
                                                .expansion = 3}
                                        << "mbconv|in=8x16x16|out=8x16x16|k=3|s=1|d=1|e=3|g=1|se=0|act=relu6";
    QTest::newRow("avg pool") << Node{.op = OpType::AvgPool, .inputs = {0}, .kernel = 3, .padding = 1}
                              << "avg_pool|in=8x16x16|out=8x16x16|k=3|s=1|p=1|d=1";
    QTest::newRow("zero") << Node{.op = OpType::Zero, .inputs = {0}} << "zero|in=8x16x16|out=8x16x16|s=1";
    QTest::newRow("relu") << Node{.op = OpType::Activation, .inputs = {0}, .activation = ActivationType::ReLU}
                          << "activation|in=8x16x16|out=8x16x16|act=relu";
    QTest::newRow("batch norm") << Node{.op = OpType::BatchNorm, .inputs = {0}} << "batch_norm|in=8x16x16|out=8x16x16";
    QTest::newRow("linear") << Node{.op = OpType::Linear, .inputs = {0}, .outChannels = 10, .bias = true}
                            << "linear|in=8x16x16|out=10x1x1|bias=1";
    QTest::newRow("early exit") << Node{.op = OpType::EarlyExit, .inputs = {0}}
                                << "early_exit|in=8x16x16|out=10x1x1|classes=10";
    // A narrow head without an activation runs Swish, so it shares the Swish key.
    QTest::newRow("narrow early exit") << Node{.op = OpType::EarlyExit, .inputs = {0}, .outChannels = 24}
                                       << "early_exit|in=8x16x16|out=10x1x1|classes=10|h=24|act=swish";
    QTest::newRow("narrow early exit relu") << Node{.op = OpType::EarlyExit, .inputs = {0}, .outChannels = 24,
                                                    .activation = ActivationType::ReLU}
                                            << "early_exit|in=8x16x16|out=10x1x1|classes=10|h=24|act=relu";
    QTest::newRow("sum of three") << Node{.op = OpType::Identity, .inputs = {0, 0, 0}}
                                  << "identity|in=8x16x16*3|merge=sum|out=8x16x16";
}

void TestOperatorSignature::goldenKeys() {
    QFETCH(Node, node);
    QFETCH(QString, key);
    QCOMPARE(QString::fromStdString(keyOf(node)), key);
    QVERIFY(!key.contains(',') && !key.contains('"'));
}

void TestOperatorSignature::hyperParametersGiveDistinctKeys() {
    const Node base{.op = OpType::Conv, .inputs = {0}, .outChannels = 16, .kernel = 3, .padding = 1};
    std::vector<Node> variants{base};
    auto vary = [&](auto change) {
        Node n = base;
        change(n);
        variants.push_back(n);
    };
    vary([](Node& n) { n.outChannels = 24; });
    vary([](Node& n) { n.kernel = 5; n.padding = 2; });
    vary([](Node& n) { n.stride = 2; });
    vary([](Node& n) { n.padding = 0; });
    vary([](Node& n) { n.dilation = 2; n.padding = 2; });
    vary([](Node& n) { n.groups = 2; });
    vary([](Node& n) { n.bias = true; });
    std::set<std::string> keys;
    for (const Node& n : variants)
        keys.insert(keyOf(n));
    QCOMPARE(keys.size(), variants.size());
    // The same operator on another input size or width is another entry too.
    QVERIFY(keyOf(base, {8, 32, 32}) != keyOf(base));
    QVERIFY(keyOf(base, {16, 16, 16}) != keyOf(base));

    const Node mb{.op = OpType::MBConv, .inputs = {0}, .outChannels = 16, .kernel = 3, .expansion = 3};
    std::set<std::string> mbKeys{keyOf(mb)};
    for (auto change : std::vector<void (*)(Node&)>{[](Node& n) { n.expansion = 6; },
                                                    [](Node& n) { n.kernel = 5; },
                                                    [](Node& n) { n.squeezeExcite = true; },
                                                    [](Node& n) { n.groups = 2; },
                                                    [](Node& n) { n.activation = ActivationType::Swish; }}) {
        Node n = mb;
        change(n);
        QVERIFY2(mbKeys.insert(keyOf(n)).second, keyOf(n).c_str());
    }
}

void TestOperatorSignature::positionAndLabelDoNotMatter() {
    Node a{.op = OpType::Conv, .inputs = {0}, .outChannels = 16, .kernel = 3, .padding = 1, .label = "cell1/conv"};
    Node b = a;
    b.label = "cell7/conv";
    b.expansion = 6;   // a field Conv does not use
    QCOMPARE(keyOf(a), keyOf(b));
    // The same conv elsewhere in a network (another id, another consumer) has the same key.
    Architecture deep = single(a);
    Node again = a;
    again.inputs = {0};
    deep.add(again);
    deep.add(Node{.op = OpType::Identity, .inputs = {3}});
    const auto shapes = inferShapes(deep);
    QCOMPARE(OperatorSignature::of(deep, deep.nodes[3], shapes).key(), keyOf(a));
    QCOMPARE(OperatorSignature::of(deep, deep.nodes[3], shapes), OperatorSignature::of(deep, deep.nodes[1], shapes));
}

void TestOperatorSignature::mergesAreDistinct() {
    const std::string sum2 = keyOf(Node{.op = OpType::Identity, .inputs = {0, 0}});
    const std::string sum3 = keyOf(Node{.op = OpType::Identity, .inputs = {0, 0, 0}});
    const std::string cat2 = keyOf(Node{.op = OpType::Identity, .inputs = {0, 0}, .merge = MergeMode::Concat});
    const std::string one = keyOf(Node{.op = OpType::Identity, .inputs = {0}});
    QCOMPARE(std::set<std::string>({sum2, sum3, cat2, one}).size(), std::size_t(4));
    QCOMPARE(QString::fromStdString(cat2), QString("identity|in=8x16x16*2|merge=concat|out=16x16x16"));
    // The merge mode of a single input is irrelevant.
    QCOMPARE(keyOf(Node{.op = OpType::Identity, .inputs = {0}, .merge = MergeMode::Concat}), one);
}

void TestOperatorSignature::inputNodeHasNone() {
    const Architecture a = single(Node{.op = OpType::Identity, .inputs = {0}});
    QVERIFY_THROWS_EXCEPTION(ArchitectureError, OperatorSignature::of(a, a.nodes[0], inferShapes(a)));
    QCOMPARE(OperatorSignature::ofArchitecture(a).size(), std::size_t(2));
}

QTEST_APPLESS_MAIN(TestOperatorSignature)
#include "test_operator_signature.moc"
