#include "core/architecture.h"
#include "core/architecture_json.h"
#include "core/errors.h"
#include "core/rng.h"
#include "models/graph_network.h"
#include "models/input_convention.h"
#include "models/torchscript_export.h"
#include "models/trained_model.h"
#include "spaces/space_factory.h"
#include "test_architectures.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <set>
#include <string>

using namespace edgenas;
using core::ActivationType;
using core::Architecture;
using core::MergeMode;
using core::Node;
using core::OpType;

Q_DECLARE_METATYPE(edgenas::core::Architecture)

namespace {

constexpr double kTolerance = 1e-5;

// Ops the search spaces never produce: dilated pools, a widening Zero, concat, a grouped MBConv
// with channel shuffle and SE, a depthwise multiplier, a dilated grouped conv with bias, BN on a
// vector, a bias-free Linear and two early exits.
Architecture unusualOps() {
    Architecture a;
    a.input = {3, 16, 16};
    a.numClasses = 5;
    const int in = a.add(Node{.op = OpType::Input});
    const int stem = a.add(Node{.op = OpType::Conv, .inputs = {in}, .outChannels = 12, .kernel = 3, .padding = 2,
                                .dilation = 2, .groups = 3, .bias = true});
    const int act = a.add(Node{.op = OpType::Activation, .inputs = {stem}, .activation = ActivationType::Swish});
    const int dw = a.add(Node{.op = OpType::DepthwiseConv, .inputs = {act}, .outChannels = 24, .kernel = 3,
                              .stride = 2, .padding = 1});
    const int avg = a.add(Node{.op = OpType::AvgPool, .inputs = {act}, .kernel = 2, .stride = 2, .padding = 1,
                               .dilation = 2});
    const int max = a.add(Node{.op = OpType::MaxPool, .inputs = {act}, .kernel = 2, .stride = 2, .padding = 1,
                               .dilation = 2});
    const int zero = a.add(Node{.op = OpType::Zero, .inputs = {act}, .outChannels = 24, .stride = 2});
    const int cat = a.add(Node{.op = OpType::Identity, .inputs = {avg, max}, .merge = MergeMode::Concat});
    const int sum = a.add(Node{.op = OpType::Identity, .inputs = {dw, cat, zero}, .merge = MergeMode::Sum});
    a.add(Node{.op = OpType::EarlyExit, .inputs = {sum}});
    const int mb = a.add(Node{.op = OpType::MBConv, .inputs = {sum}, .outChannels = 24, .kernel = 3, .groups = 2,
                              .expansion = 2, .squeezeExcite = true, .activation = ActivationType::HSwish});
    const int pw = a.add(Node{.op = OpType::PointwiseConv, .inputs = {mb}, .outChannels = 16, .stride = 2,
                              .groups = 4, .bias = true});
    const int relu6 = a.add(Node{.op = OpType::Activation, .inputs = {pw}, .activation = ActivationType::ReLU6});
    a.add(Node{.op = OpType::EarlyExit, .inputs = {relu6}});
    const int fc = a.add(Node{.op = OpType::Linear, .inputs = {relu6}, .outChannels = 20});
    const int bn = a.add(Node{.op = OpType::BatchNorm, .inputs = {fc}});
    const int relu = a.add(Node{.op = OpType::Activation, .inputs = {bn}, .activation = ActivationType::ReLU});
    a.add(Node{.op = OpType::Linear, .inputs = {relu}, .outChannels = 5, .bias = true});
    return a;
}

// Narrow exit heads (1x1 conv + BN + activation before the pool) of every activation, next to a
// plain one: forward_all must give each head's logits.
Architecture narrowExitHeads() {
    Architecture a;
    a.input = {3, 12, 12};
    a.numClasses = 6;
    const int in = a.add(Node{.op = OpType::Input});
    const int stem = a.add(Node{.op = OpType::Conv, .inputs = {in}, .outChannels = 8, .kernel = 3, .padding = 1});
    a.add(Node{.op = OpType::EarlyExit, .inputs = {stem}, .outChannels = 5});  // Swish by default
    const int mb = a.add(Node{.op = OpType::MBConv, .inputs = {stem}, .outChannels = 12, .kernel = 3, .stride = 2,
                              .expansion = 3, .activation = ActivationType::Swish});
    a.add(Node{.op = OpType::EarlyExit, .inputs = {mb}});
    a.add(Node{.op = OpType::EarlyExit, .inputs = {mb}, .outChannels = 4, .activation = ActivationType::HSwish});
    a.add(Node{.op = OpType::EarlyExit, .inputs = {mb}, .outChannels = 3, .activation = ActivationType::ReLU6});
    a.add(Node{.op = OpType::EarlyExit, .inputs = {stem}, .outChannels = 9, .activation = ActivationType::ReLU});
    const int gap = a.add(Node{.op = OpType::GlobalAvgPool, .inputs = {mb}});
    a.add(Node{.op = OpType::Linear, .inputs = {gap}, .outChannels = 6, .bias = true});
    return a;
}

// Running statistics from a few training-mode passes and perturbed weights, so BN is far from
// the identity and a mix-up of any two tensors shows in the outputs.
void makeStateNonTrivial(models::GraphNetworkImpl& network, std::uint64_t seed) {
    torch::manual_seed(seed);
    torch::NoGradGuard noGrad;
    const core::TensorShape& in = network.architecture().input;
    network.train();
    for (int pass = 0; pass < 3; ++pass)
        network.forwardAll(torch::randn({6, in.channels, in.height, in.width}) * 2.0 + 0.5);
    for (auto& p : network.parameters())
        p.add_(torch::randn_like(p) * 0.2);
    network.eval();
}

torch::Tensor randomInput(const Architecture& arch, int batch) {
    return torch::randn({batch, arch.input.channels, arch.input.height, arch.input.width});
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

} // namespace

/// exportTorchScript: the archive reloads with torch::jit::load and computes what GraphNetwork
/// computes in eval mode on the normalised input, with the same state_dict names.
class TestTorchScriptExport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Exports, reloads and compares main and exit outputs on a random batch.
    void checkRoundTrip(const Architecture& arch, std::uint64_t seed) {
        models::TrainedModel model(arch, seed);
        makeStateNonTrivial(*model.network(), seed);
        const std::string path = m_dir.filePath(QStringLiteral("m%1.pt").arg(seed)).toStdString();
        models::exportTorchScript(model, path);

        torch::jit::Module loaded = torch::jit::load(path);
        loaded.eval();
        torch::NoGradGuard noGrad;
        for (int batch : {1, 4}) {
            const torch::Tensor x = randomInput(arch, batch);
            const models::NetworkOutputs expected = model.network()->forwardAll(x);
            const torch::Tensor main = loaded.forward({x}).toTensor();
            QCOMPARE(main.sizes().vec(), expected.logits.sizes().vec());
            const double diff = maxAbsDiff(main, expected.logits);
            if (diff > kTolerance)
                QFAIL(qPrintable(QStringLiteral("forward differs by %1 (batch %2)").arg(diff).arg(batch)));
            // The main output must not be constant, or the comparison would prove little.
            QVERIFY(expected.logits.std().item<double>() > 1e-4);

            const auto all = loaded.get_method("forward_all")({x}).toTensorVector();
            QCOMPARE(all.size(), expected.exitLogits.size() + 1);
            QVERIFY(maxAbsDiff(all[0], expected.logits) <= kTolerance);
            for (std::size_t k = 0; k < expected.exitLogits.size(); ++k) {
                const double exitDiff = maxAbsDiff(all[k + 1], expected.exitLogits[k]);
                if (exitDiff > kTolerance)
                    QFAIL(qPrintable(QStringLiteral("exit %1 differs by %2").arg(k).arg(exitDiff)));
            }
        }
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void randomSpaceArchitectures_data() {
        QTest::addColumn<Architecture>("arch");
        QTest::addColumn<quint64>("seed");
        spaces::SpaceOptions nb201;
        nb201.nb201Channels = 4;
        nb201.nb201CellsPerStage = 1;
        spaces::SpaceOptions mobilenet;
        mobilenet.widthMultiplier = 0.25;
        mobilenet.input = {3, 32, 32};
        const auto nb = spaces::makeSearchSpace("nb201", nb201);
        const auto mb = spaces::makeSearchSpace("mobilenet", mobilenet);
        spaces::SpaceOptions dagOptions;
        dagOptions.dagChannels = 4;
        const auto dag = spaces::makeSearchSpace("dag", dagOptions);
        core::Rng rng(20261124);
        for (quint64 i = 1; i <= 12; ++i) {
            QTest::addRow("nb201-%llu", i) << nb->decode(nb->sample(rng)) << i;
            QTest::addRow("mobilenet-%llu", i) << mb->decode(mb->sample(rng)) << (100 + i);
        }
        // Concatenating merges of up to seven inputs, and cells with several leaves.
        for (quint64 i = 1; i <= 6; ++i)
            QTest::addRow("dag-%llu", i) << dag->decode(dag->sample(rng)) << (200 + i);
    }
    void randomSpaceArchitectures() {
        QFETCH(Architecture, arch);
        QFETCH(quint64, seed);
        checkRoundTrip(arch, seed);
    }

    void handBuiltArchitectures_data() {
        QTest::addColumn<Architecture>("arch");
        QTest::addColumn<quint64>("seed");
        QTest::addRow("unusual ops") << unusualOps() << quint64(7);
        QTest::addRow("small cnn") << testing::smallCnn({1, 28, 28}, 10, 8) << quint64(8);
        QTest::addRow("mbconv net with exit") << testing::mbconvNet() << quint64(9);
        QTest::addRow("narrow exit heads") << narrowExitHeads() << quint64(10);
    }
    void handBuiltArchitectures() {
        QFETCH(Architecture, arch);
        QFETCH(quint64, seed);
        checkRoundTrip(arch, seed);
    }

    void stateDictNamesMirrorGraphNetwork() {
        models::TrainedModel model(unusualOps(), 3);
        const std::string path = m_dir.filePath(QStringLiteral("names.pt")).toStdString();
        models::exportTorchScript(model, path);
        const torch::jit::Module loaded = torch::jit::load(path);

        std::set<std::string> expectedParams, expectedBuffers, params, buffers;
        for (const auto& p : model.network()->named_parameters())
            expectedParams.insert(p.key());
        for (const auto& b : model.network()->named_buffers())
            expectedBuffers.insert(b.key());
        for (const auto& p : loaded.named_parameters())
            params.insert(p.name);
        for (const auto& b : loaded.named_buffers())
            buffers.insert(b.name);
        QVERIFY(expectedParams.count("n10_mbconv.se_reduce.weight") == 1);
        QVERIFY(params == expectedParams);
        QVERIFY(buffers == expectedBuffers);
        // Values are copies of the network's, not fresh ones.
        const auto net = model.network()->named_parameters();
        for (const auto& p : loaded.named_parameters())
            QVERIFY(torch::equal(p.value, net[p.name]));
    }

    void architectureTravelsWithTheArchive() {
        const Architecture arch = testing::mbconvNet();
        models::TrainedModel model(arch, 4);
        const std::string path = m_dir.filePath(QStringLiteral("extra.pt")).toStdString();
        models::exportTorchScript(model, path);
        torch::jit::ExtraFilesMap extra{{"architecture.json", ""}};
        torch::jit::load(path, c10::nullopt, extra);
        QCOMPARE(core::architectureFromJson(extra["architecture.json"]), core::architectureFromJson(core::toJson(arch)));
    }

    // A trained model's archive takes pixels in [0, 1] and normalises them itself, exactly as the
    // trainer did, and says so in its attributes and architecture.json.
    void normalisesRawImagesInside() {
        // Not unusualOps(): its dilated pools do not survive the architecture JSON (the writer
        // leaves a pool's dilation out), and the JSON is checked here.
        const Architecture arch = testing::smallCnn({3, 16, 16}, 5, 8);
        models::TrainedModel model(arch, 21);
        makeStateNonTrivial(*model.network(), 21);
        const models::InputConvention convention{"synthetic", {0.1f, 0.5f, 0.9f}, {0.2f, 0.3f, 0.4f},
                                                 {"a", "b", "c", "d", "e"}};
        model.setInputConvention(convention);
        const std::string path = m_dir.filePath(QStringLiteral("normalised.pt")).toStdString();
        models::exportTorchScript(model, path);

        torch::jit::ExtraFilesMap extra{{"architecture.json", ""}};
        torch::jit::Module loaded = torch::jit::load(path, c10::nullopt, extra);
        loaded.eval();
        torch::NoGradGuard noGrad;
        const torch::Tensor raw = torch::rand({4, 3, 16, 16});
        const torch::Tensor mean = torch::tensor(convention.mean).view({1, 3, 1, 1});
        const torch::Tensor std = torch::tensor(convention.stddev).view({1, 3, 1, 1});
        const torch::Tensor expected = model.network()->forward((raw - mean) / std);
        const torch::Tensor actual = loaded.forward({raw}).toTensor();
        QVERIFY2(maxAbsDiff(actual, expected) <= kTolerance, qPrintable(QString::number(maxAbsDiff(actual, expected))));
        // Without the normalisation the outputs would differ: the check above can fail.
        QVERIFY(maxAbsDiff(model.network()->forward(raw), expected) > 1e-2);
        const auto all = loaded.get_method("forward_all")({raw}).toTensorVector();
        QVERIFY(maxAbsDiff(all[0], expected) <= kTolerance);

        QCOMPARE(loaded.attr("input_mean").toDoubleVector(), (std::vector<double>{0.1, 0.5, 0.9}));
        QCOMPARE(loaded.attr("input_std").toDoubleVector(), (std::vector<double>{0.2, 0.3, 0.4}));
        QCOMPARE(loaded.attr("input_shape").toIntVector(), (std::vector<std::int64_t>{3, 16, 16}));
        std::vector<std::string> names;
        for (const auto& name : loaded.attr("class_names").toListRef())
            names.push_back(name.toStringRef());
        QVERIFY(names == convention.classNames);

        const Architecture described = core::architectureFromJson(extra["architecture.json"]);
        QVERIFY(described.input == arch.input);
        const auto recorded = models::recordedInputConvention(described);
        QVERIFY(recorded);
        QVERIFY(*recorded == convention);
    }

    // A model that never saw a data set takes its input unchanged and claims no normalisation.
    void untrainedModelRecordsNoNormalisation() {
        models::TrainedModel model(testing::smallCnn(), 22);
        const std::string path = m_dir.filePath(QStringLiteral("identity.pt")).toStdString();
        models::exportTorchScript(model, path);
        torch::jit::ExtraFilesMap extra{{"architecture.json", ""}};
        const torch::jit::Module loaded = torch::jit::load(path, c10::nullopt, extra);
        QCOMPARE(loaded.attr("input_mean").toDoubleVector(), std::vector<double>{0.0});
        QCOMPARE(loaded.attr("input_std").toDoubleVector(), std::vector<double>{1.0});
        QVERIFY(loaded.attr("class_names").toListRef().empty());
        QVERIFY(!models::recordedInputConvention(core::architectureFromJson(extra["architecture.json"])));
    }

    void conventionThatDoesNotFitIsRefused() {
        models::TrainedModel model(testing::smallCnn(), 23);  // one channel
        model.setInputConvention({"cifar10", {0.49f, 0.48f, 0.45f}, {0.25f, 0.24f, 0.26f}, {}});
        const std::string path = m_dir.filePath(QStringLiteral("misfit.pt")).toStdString();
        try {
            models::exportTorchScript(model, path);
            QFAIL("a 3-channel normalisation was exported for a 1-channel network");
        } catch (const core::InputError& e) {
            QVERIFY2(std::string(e.what()).find("1 input channels") != std::string::npos, e.what());
        }
        QVERIFY(!QFileInfo::exists(QString::fromStdString(path)));
    }

    void wrongInputShapeIsRefusedByTheArchive() {
        models::TrainedModel model(testing::smallCnn(), 5);
        const std::string path = m_dir.filePath(QStringLiteral("shape.pt")).toStdString();
        models::exportTorchScript(model, path);
        torch::jit::Module loaded = torch::jit::load(path);
        try {
            loaded.forward({torch::randn({2, 3, 28, 28})});
            QFAIL("a 3-channel input was accepted by a 1-channel network");
        } catch (const std::exception& e) {  // torch::jit::JITException
            QVERIFY2(std::string(e.what()).find("[B, 1, 28, 28]") != std::string::npos, e.what());
        }
    }

    void unwritablePathGivesInputError() {
        models::TrainedModel model(testing::smallCnn(), 6);
        const std::string path = m_dir.filePath(QStringLiteral("no/such/folder/model.pt")).toStdString();
        try {
            models::exportTorchScript(model, path);
            QFAIL("export to a missing folder succeeded");
        } catch (const core::InputError& e) {
            QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
        }
        QVERIFY(!QFileInfo::exists(QString::fromStdString(path)));
    }
};

QTEST_GUILESS_MAIN(TestTorchScriptExport)
#include "test_torchscript_export.moc"
