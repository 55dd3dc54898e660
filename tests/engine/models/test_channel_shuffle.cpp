// The channel shuffle operator, end to end: shape rules, JSON, counts and cost key (its core
// part), and the LibTorch module and TorchScript export (its lowering), in the grouped
// convolution + shuffle pattern GOS rewrites use.

#include "core/architecture_json.h"
#include "core/errors.h"
#include "core/shape_inference.h"
#include "cost/architecture_cost.h"
#include "cost/operator_signature.h"
#include "models/graph_network.h"
#include "models/torchscript_export.h"
#include "models/trained_model.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace edgenas;
using core::Architecture;
using core::Node;
using core::OpType;

namespace {

// conv 3x3 (g = 1) -> grouped conv 3x3 (g = 4) -> shuffle (g = 4) -> grouped 1x1 (g = 4) -> pool -> fc.
Architecture groupedConvWithShuffle() {
    Architecture a;
    a.input = {3, 10, 10};
    a.numClasses = 5;
    const int in = a.add(Node{.op = OpType::Input});
    const int stem = a.add(Node{.op = OpType::Conv, .inputs = {in}, .outChannels = 8, .kernel = 3, .padding = 1});
    const int grouped = a.add(Node{.op = OpType::Conv, .inputs = {stem}, .outChannels = 12, .kernel = 3,
                                   .padding = 1, .groups = 4});
    const int shuffled = a.add(Node{.op = OpType::ChannelShuffle, .inputs = {grouped}, .groups = 4});
    const int mixed = a.add(Node{.op = OpType::PointwiseConv, .inputs = {shuffled}, .outChannels = 8, .groups = 4});
    const int pool = a.add(Node{.op = OpType::GlobalAvgPool, .inputs = {mixed}});
    a.add(Node{.op = OpType::Linear, .inputs = {pool}, .outChannels = 5, .bias = true});
    return a;
}

Architecture shuffleOnly(int channels, int groups) {
    Architecture a;
    a.input = {channels, 2, 3};
    a.numClasses = channels;
    const int in = a.add(Node{.op = OpType::Input});
    const int shuffled = a.add(Node{.op = OpType::ChannelShuffle, .inputs = {in}, .groups = groups});
    a.add(Node{.op = OpType::GlobalAvgPool, .inputs = {shuffled}});  // the main output: C x 1 x 1
    return a;
}

} // namespace

class TestChannelShuffle : public QObject {
    Q_OBJECT
private slots:
    void shapesAndBadGroups() {
        const auto shapes = core::inferShapes(groupedConvWithShuffle());
        QVERIFY(shapes[3] == (core::TensorShape{12, 10, 10}));
        QVERIFY_THROWS_EXCEPTION(core::ArchitectureError, core::inferShapes(shuffleOnly(6, 4)));
        QVERIFY_THROWS_EXCEPTION(core::ArchitectureError, core::inferShapes(shuffleOnly(6, 0)));
    }

    void jsonKeepsTheGroups() {
        const Architecture a = groupedConvWithShuffle();
        const std::string json = core::toJson(a);
        QVERIFY(json.find("\"op\":\"channel_shuffle\"") != std::string::npos ||
                json.find("\"op\": \"channel_shuffle\"") != std::string::npos);
        QCOMPARE(core::architectureFromJson(json), a);
    }

    // A copy: no MACs, no parameters; the cost key names the groups.
    void countsAndCostKey() {
        const Architecture a = groupedConvWithShuffle();
        const cost::ArchitectureCost counted = cost::analyseCost(a);
        QCOMPARE(counted.nodes[3].macs, std::int64_t(0));
        QCOMPARE(counted.nodes[3].params, std::int64_t(0));
        const auto signatures = cost::OperatorSignature::ofArchitecture(a);
        QCOMPARE(QString::fromStdString(signatures[2].key()),
                 QStringLiteral("channel_shuffle|in=12x10x10|out=12x10x10|g=4"));
    }

    // Channel i*(C/g) + j moves to j*g + i: for C = 6, g = 2 the order is 0 3 1 4 2 5.
    void moduleMovesChannelsAsShuffleNet() {
        models::GraphNetwork net(shuffleOnly(6, 2));
        torch::NoGradGuard noGrad;
        const torch::Tensor x = torch::arange(6, torch::kFloat).view({1, 6, 1, 1}).expand({1, 6, 2, 3}).contiguous();
        const torch::Tensor y = net->forwardWithFeatures(x, {1}).features[0];
        const std::vector<float> expected{0, 3, 1, 4, 2, 5};
        for (int c = 0; c < 6; ++c)
            QCOMPARE(y[0][c][1][2].item<float>(), expected[static_cast<std::size_t>(c)]);
    }

    // The exported TorchScript runs the same network as GraphNetwork.
    void exportMatchesTheModule() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Architecture a = groupedConvWithShuffle();
        models::TrainedModel model(a, 11);
        const std::string path = dir.filePath(QStringLiteral("shuffle.pt")).toStdString();
        models::exportTorchScript(model, path);
        torch::jit::Module loaded = torch::jit::load(path);
        loaded.eval();
        torch::NoGradGuard noGrad;
        torch::manual_seed(3);
        const torch::Tensor x = torch::randn({4, 3, 10, 10});
        const torch::Tensor expected = model.network()->forward(x);
        const torch::Tensor got = loaded.forward({x}).toTensor();
        QVERIFY(expected.std().item<double>() > 1e-6);
        QVERIFY((got - expected).abs().max().item<double>() < 1e-5);
        // Without the shuffle the network computes something else, so the check above is not vacuous.
        Architecture unshuffled = a;
        unshuffled.nodes[3].groups = 1;
        models::TrainedModel plain(unshuffled, 11);
        QVERIFY((plain.network()->forward(x) - expected).abs().max().item<double>() > 1e-4);
    }
};

QTEST_GUILESS_MAIN(TestChannelShuffle)
#include "test_channel_shuffle.moc"
