// GOS's built-in models: each builds for Fashion-MNIST and CIFAR-10 inputs, infers shapes to the
// class count, survives the JSON export with its hash, runs in LibTorch to [batch, classes], has
// the parameter count its paper states (ResNet-20), and offers GOS layers it can rewrite; an
// unknown name is an error that lists the built-in ones.

// LibTorch before Qt: Qt's `slots` macro breaks LibTorch's headers.
#include <torch/torch.h>

#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "core/errors.h"
#include "core/shape_inference.h"
#include "cost/architecture_cost.h"
#include "models/graph_network.h"
#include "search/gos/gos_models.h"
#include "search/gos/rewrite_rules.h"

#include <QtTest>

#include <set>

using namespace edgenas;
using core::Architecture;
using core::OpType;
using core::TensorShape;

Q_DECLARE_METATYPE(TensorShape)

namespace {

const TensorShape fashionMnist{1, 28, 28};
const TensorShape cifar{3, 32, 32};

bool replaceable(OpType op) {
    return op == OpType::Conv || op == OpType::DepthwiseConv || op == OpType::PointwiseConv || op == OpType::Linear;
}

} // namespace

class TestGosModels : public QObject {
    Q_OBJECT
private slots:
    void everyModel_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<TensorShape>("input");
        QTest::addColumn<int>("layers");  // conv/dw/pw/linear nodes, each with at least one GOS candidate
        // ResNet-20: 19 convolutions + 2 projections + the classifier; MobileNetV2: 12 expanding
        // blocks x 3 + the first block's 2 + stem + last + classifier; VGG: 8 convolutions + classifier.
        const std::vector<std::pair<std::string, int>> models{{"resnet20", 22}, {"mobilenetv2", 41}, {"vgg", 9}};
        for (const auto& [name, minimum] : models) {
            for (const TensorShape& input : {fashionMnist, cifar}) {
                const std::string row = name + "@" + std::to_string(input.height);
                QTest::newRow(row.c_str()) << QString::fromStdString(name) << input << minimum;
            }
        }
    }

    void everyModel() {
        QFETCH(QString, name);
        QFETCH(TensorShape, input);
        QFETCH(int, layers);
        for (int classes : {10, 7}) {
            const Architecture arch = search::gosModel(name.toStdString(), input, classes);
            QCOMPARE(arch.input, input);
            QCOMPARE(arch.numClasses, classes);
            QCOMPARE(arch.metadata.at("model"), name.toStdString());
            const std::vector<TensorShape> shapes = core::inferShapes(arch);
            QCOMPARE(shapes.back(), (TensorShape{classes, 1, 1}));

            // The project's export format keeps the architecture and its identity.
            const Architecture reloaded = core::architectureFromJson(core::toJson(arch));
            QCOMPARE(core::canonicalHash(reloaded), core::canonicalHash(arch));
            QVERIFY(reloaded.nodes == arch.nodes);

            // LibTorch runs it: a batch of 2 gives [2, classes], and the counted parameters are the module's.
            torch::manual_seed(3);
            models::GraphNetwork network(arch);
            network->eval();
            torch::NoGradGuard noGrad;
            const torch::Tensor logits = network->forward(torch::randn({2, input.channels, input.height, input.width}));
            QCOMPARE(logits.sizes().vec(), (std::vector<std::int64_t>{2, classes}));
            QVERIFY(torch::isfinite(logits).all().item<bool>());
            QCOMPARE(network->parameterCount(), cost::analyseCost(arch).params);
        }

        // GOS has layers to rewrite: every native convolution and linear layer is a separate node,
        // and enough of them have candidates.
        const Architecture arch = search::gosModel(name.toStdString(), input, 10);
        const std::vector<TensorShape> shapes = core::inferShapes(arch);
        int replaceableLayers = 0, rewritable = 0;
        for (const core::Node& node : arch.nodes) {
            if (node.op == OpType::MBConv || node.op == OpType::Program)
                QFAIL(qPrintable("a fused node GOS would rewrite as a whole: " + QString::fromStdString(node.label)));
            if (!replaceable(node.op))
                continue;
            ++replaceableLayers;
            QCOMPARE(node.inputs.size(), std::size_t(1));
            if (!search::rewriteCandidates(node, shapes.at(std::size_t(node.inputs.front()))).empty())
                ++rewritable;
        }
        qInfo("%s at %d px: %d rewritable of %d layers", qPrintable(name), input.height, rewritable, replaceableLayers);
        QCOMPARE(replaceableLayers, layers);
        QCOMPARE(rewritable, layers);
    }

    void resnet20HasThePapersParameterCount() {
        // He et al. 2016 state 0.27 M; the 1x1 projection shortcuts add 2,752 (counted below).
        const Architecture arch = search::gosModel("resnet20", cifar, 10);
        const std::int64_t params = cost::analyseCost(arch).params;
        QVERIFY2(std::abs(params - 270'000) <= 270'000 * 3 / 100, qPrintable(QString::number(params)));
        // By hand: convolutions 267,696 + BN 1,376 + classifier 650 + projections (512 + 64) + (2,048 + 128).
        QCOMPARE(params, std::int64_t(272'474));
        int convolutions = 0, additions = 0;
        for (const core::Node& node : arch.nodes) {
            convolutions += node.op == OpType::Conv ? 1 : 0;
            additions += node.op == OpType::Identity && node.inputs.size() == 2 ? 1 : 0;
        }
        QCOMPARE(convolutions, 19);  // the stem and 2 per block: 20 weighted layers with the classifier
        QCOMPARE(additions, 9);
    }

    void modelsDifferAndNamesAreListed() {
        QCOMPARE(search::gosModelNames(), (std::vector<std::string>{"resnet20", "mobilenetv2", "vgg"}));
        std::set<std::string> hashes;
        for (const std::string& name : search::gosModelNames())
            hashes.insert(core::canonicalHash(search::gosModel(name, cifar, 10)));
        QCOMPARE(hashes.size(), std::size_t(3));
    }

    void badRequestsAreNamed() {
        try {
            search::gosModel("resnet50", cifar, 10);
            QFAIL("an unknown model was accepted");
        } catch (const core::InputError& error) {
            const QString text = error.what();
            QVERIFY2(text.contains("'resnet50'"), qPrintable(text));
            for (const std::string& name : search::gosModelNames())
                QVERIFY2(text.contains(QString::fromStdString(name)), qPrintable(text));
        }
        QVERIFY_THROWS_EXCEPTION(core::InputError, search::gosModel("vgg", cifar, 1));
        QVERIFY_THROWS_EXCEPTION(core::InputError, search::gosModel("vgg", TensorShape{3, 8, 8}, 10));
    }

    // The "Default models" tables of docs/design/gos-rewrite-rules.md (provenance: counted).
    void printCountedFigures() {
        for (const std::string& name : search::gosModelNames()) {
            for (const TensorShape& input : {fashionMnist, cifar}) {
                const Architecture arch = search::gosModel(name, input, 10);
                const cost::ArchitectureCost cost = cost::analyseCost(arch);
                int layers = 0;
                for (const core::Node& node : arch.nodes)
                    layers += replaceable(node.op) ? 1 : 0;
                QVERIFY(cost.macs > 0);
                qInfo("%s %dx%dx%d: nodes %zu, conv/dw/pw/linear layers %d, params %lld, MACs %lld, peak act bytes %lld",
                      name.c_str(), input.channels, input.height, input.width, arch.nodes.size(), layers,
                      static_cast<long long>(cost.params), static_cast<long long>(cost.macs),
                      static_cast<long long>(cost.peakActivationBytes));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestGosModels)
#include "test_gos_models.moc"
