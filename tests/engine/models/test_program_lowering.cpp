// Program nodes in LibTorch: a native convolution, depthwise, pointwise or linear layer written
// as a program computes the native layer's output to 1e-5 with the same weights, through the
// fused path and through the plain patch gather; every primitive runs, and the TorchScript
// export runs the same program.

#include "core/native_program.h"
#include "core/shape_inference.h"
#include "cost/architecture_cost.h"
#include "models/graph_network.h"
#include "models/torchscript_export.h"
#include "models/trained_model.h"

#include "engine/program_test_architectures.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace edgenas;
using core::Architecture;
using core::Instruction;
using core::Node;
using core::OpType;
using core::Primitive;

Q_DECLARE_METATYPE(edgenas::core::Node)

namespace {


torch::Tensor parameter(const torch::nn::Module& net, const std::string& name) {
    const auto params = net.named_parameters();
    const auto* found = params.find(name);
    return found ? *found : torch::Tensor();
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

} // namespace

class TestProgramLowering : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { torch::manual_seed(5); }

    void nativeLayersEqualTheirPrograms_data() {
        QTest::addColumn<Node>("node");
        QTest::addColumn<QString>("nativeWeight");
        QTest::newRow("conv k3 s2 p1 g2 bias") << Node{.op = OpType::Conv, .outChannels = 6, .kernel = 3, .stride = 2,
                                                       .padding = 1, .groups = 2, .bias = true}
                                               << "n1_conv.conv";
        QTest::newRow("conv k3 d2") << Node{.op = OpType::Conv, .outChannels = 5, .kernel = 3, .padding = 2, .dilation = 2}
                                    << "n1_conv.conv";
        QTest::newRow("depthwise k5 d2") << Node{.op = OpType::DepthwiseConv, .kernel = 5, .padding = 4, .dilation = 2}
                                         << "n1_depthwise_conv.conv";
        QTest::newRow("depthwise x2 s2") << Node{.op = OpType::DepthwiseConv, .outChannels = 16, .kernel = 3,
                                                 .stride = 2, .padding = 1}
                                         << "n1_depthwise_conv.conv";
        QTest::newRow("pointwise bias") << Node{.op = OpType::PointwiseConv, .outChannels = 12, .bias = true}
                                        << "n1_pointwise_conv.conv";
        QTest::newRow("pointwise s2 g2") << Node{.op = OpType::PointwiseConv, .outChannels = 6, .stride = 2, .groups = 2}
                                         << "n1_pointwise_conv.conv";
        QTest::newRow("linear") << Node{.op = OpType::Linear, .outChannels = 7, .bias = true} << "n1_linear.fc";
    }
    void nativeLayersEqualTheirPrograms() {
        QFETCH(Node, node);
        QFETCH(QString, nativeWeight);
        const Architecture native = test::singleOperatorArchitecture(node);
        Architecture rewritten = native;
        rewritten.nodes[1] = *core::asProgramNode(native.nodes[1], native.input);
        models::GraphNetwork a(native);
        models::GraphNetwork b(rewritten);
        QCOMPARE(b->parameterCount(), a->parameterCount());
        QCOMPARE(b->parameterCount(), cost::analyseCost(rewritten).params);

        // The program's contraction takes the native weights unchanged (a linear layer's as [out, in, 1, 1]).
        torch::NoGradGuard noGrad;
        const std::string from = nativeWeight.toStdString();
        const int contraction = static_cast<int>(rewritten.nodes[1].program.size()) - 1;
        const std::string to = "n1_program.i" + std::to_string(contraction);
        torch::Tensor weight = parameter(*a, from + ".weight");
        QVERIFY(weight.defined());
        parameter(*b, to + ".weight").copy_(weight.view(parameter(*b, to + ".weight").sizes()));
        if (node.bias)
            parameter(*b, to + ".bias").copy_(parameter(*a, from + ".bias"));

        const torch::Tensor x = torch::randn({3, 8, 9, 9});
        const torch::Tensor expected = a->forwardWithFeatures(x, {1}).features[0];
        const torch::Tensor got = b->forwardWithFeatures(x, {1}).features[0];
        QCOMPARE(got.sizes().vec(), expected.sizes().vec());
        QVERIFY(expected.abs().max().item<double>() > 1e-3);
        const double diff = maxDiff(got, expected);
        QVERIFY2(diff <= 1e-5, qPrintable(QString::number(diff)));
    }

    // A patch gather read twice is not fused: it runs as the gather, and two contractions of it
    // equal two native convolutions with the same weights.
    void plainGatherEqualsConvolution() {
        Node program{.op = OpType::Program};
        program.program = {
            Instruction{.primitive = Primitive::Unfold, .inputs = {0}, .kernel = 3, .stride = 2, .padding = 1, .dilation = 1},
            Instruction{.primitive = Primitive::Contract, .inputs = {1}, .outChannels = 4, .groups = 2},
            Instruction{.primitive = Primitive::Contract, .inputs = {1}, .outChannels = 4, .bias = true},
            test::instruction(Primitive::Add, {2, 3}),
        };
        models::GraphNetwork net(test::singleOperatorArchitecture(program));
        torch::NoGradGuard noGrad;
        const torch::Tensor x = torch::randn({2, 8, 9, 9});
        const torch::Tensor w1 = parameter(*net, "n1_program.i1.weight");
        const torch::Tensor w2 = parameter(*net, "n1_program.i2.weight");
        QCOMPARE(w1.sizes().vec(), (std::vector<std::int64_t>{4, 36, 1, 1}));
        const torch::Tensor expected =
            torch::conv2d(x, w1.view({4, 4, 3, 3}), {}, 2, 1, 1, 2) +
            torch::conv2d(x, w2.view({4, 8, 3, 3}), parameter(*net, "n1_program.i2.bias"), 2, 1, 1, 1);
        const torch::Tensor got = net->forwardWithFeatures(x, {1}).features[0];
        const double diff = maxDiff(got, expected);
        QVERIFY2(diff <= 1e-5, qPrintable(QString::number(diff)));
    }

    // Shift moves channel c by offset c mod 9 of the 3x3 window, filling with zeros.
    void shiftMovesPixels() {
        Node program{.op = OpType::Program, .program = {Instruction{.primitive = Primitive::Shift, .inputs = {0}, .kernel = 3}}};
        models::GraphNetwork net(test::singleOperatorArchitecture(program, {9, 5, 5}));
        torch::NoGradGuard noGrad;
        const torch::Tensor x = torch::randn({1, 9, 5, 5});
        const torch::Tensor y = net->forwardWithFeatures(x, {1}).features[0];
        for (int c = 0; c < 9; ++c) {
            const int dy = c / 3 - 1, dx = c % 3 - 1;
            for (int h = 0; h < 5; ++h)
                for (int w = 0; w < 5; ++w) {
                    const int sh = h + dy, sw = w + dx;
                    const float want = sh >= 0 && sh < 5 && sw >= 0 && sw < 5 ? x[0][c][sh][sw].item<float>() : 0.0f;
                    QCOMPARE(y[0][c][h][w].item<float>(), want);
                }
        }
    }

    // Every primitive in one program; the exported TorchScript computes what GraphNetwork does.
    void exportRunsEveryPrimitive() {
        Node program{.op = OpType::Program};
        program.program = {
            Instruction{.primitive = Primitive::Unfold, .inputs = {0}, .kernel = 3, .padding = 1},
            Instruction{.primitive = Primitive::Contract, .inputs = {1}, .outChannels = 8, .groups = 2},
            Instruction{.primitive = Primitive::Shift, .inputs = {0}, .kernel = 3},
            test::instruction(Primitive::Add, {2, 3}),
            test::instruction(Primitive::Mul, {4, 0}),
            test::instruction(Primitive::Max, {5, 3}),
            Instruction{.primitive = Primitive::Slice, .inputs = {6}, .first = 2, .count = 4},
            test::instruction(Primitive::Concat, {7, 6}),
            Instruction{.primitive = Primitive::Shuffle, .inputs = {8}, .groups = 3},
            test::instruction(Primitive::Norm, {9}),
            Instruction{.primitive = Primitive::Act, .inputs = {10}, .activation = core::ActivationType::HSwish},
            Instruction{.primitive = Primitive::Unfold, .inputs = {11}, .kernel = 3, .stride = 2},  // read twice: gathered
            Instruction{.primitive = Primitive::Contract, .inputs = {12}, .outChannels = 6},
            Instruction{.primitive = Primitive::Contract, .inputs = {12}, .outChannels = 6, .bias = true},
            test::instruction(Primitive::Add, {13, 14}),
            test::instruction(Primitive::ReduceMean, {15}),
            test::instruction(Primitive::ReduceMax, {15}),
            test::instruction(Primitive::ReduceSum, {15}),
            test::instruction(Primitive::Add, {16, 17}),
            test::instruction(Primitive::Add, {19, 18}),
            test::instruction(Primitive::Flatten, {20}),
            Instruction{.primitive = Primitive::Contract, .inputs = {21}, .outChannels = 6, .bias = true},
        };
        const Architecture arch = test::singleOperatorArchitecture(program);
        models::TrainedModel model(arch, 7);
        QCOMPARE(model.network()->parameterCount(), cost::analyseCost(arch).params);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string path = dir.filePath(QStringLiteral("program.pt")).toStdString();
        models::exportTorchScript(model, path);
        torch::jit::Module loaded = torch::jit::load(path);
        loaded.eval();
        torch::NoGradGuard noGrad;
        model.network()->eval();  // the export runs batch norm on its running statistics
        const torch::Tensor x = torch::randn({4, 8, 9, 9});
        const torch::Tensor expected = model.network()->forward(x);
        const torch::Tensor got = loaded.forward({x}).toTensor();
        QVERIFY(expected.std().item<double>() > 1e-6);
        const double diff = maxDiff(got, expected);
        QVERIFY2(diff <= 1e-5, qPrintable(QString::number(diff)));
    }
};

QTEST_GUILESS_MAIN(TestProgramLowering)
#include "test_program_lowering.moc"
