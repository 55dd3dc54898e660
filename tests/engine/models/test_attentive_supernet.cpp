#include "core/errors.h"
#include "models/attentive_supernet.h"
#include "models/batch_maker.h"
#include "models/exit_heads.h"
#include "models/graph_network.h"
#include "models/supernet_model.h"
#include "models/torch_runtime.h"
#include "spaces/attentive_space.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cstdint>

using namespace edgenas;
using models::SupernetModel;
using spaces::AttentiveBackbone;
using spaces::AttentiveSpace;

namespace {

// 10 classes of 1x28x28 images: class c lights a horizontal band at row 2c..2c+7 over noise.
data::Dataset bands(std::size_t count) {
    data::Dataset d;
    d.name = "bands";
    d.channels = 1;
    d.height = d.width = 28;
    d.numClasses = 10;
    d.mean = {0.3f};
    d.stddev = {0.3f};
    std::uint32_t state = 777;
    for (std::size_t i = 0; i < count; ++i) {
        const int label = int(i % 10);
        d.labels.push_back(std::uint8_t(label));
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x) {
                state = state * 1664525u + 1013904223u;
                const bool lit = y >= 2 * label && y < 2 * label + 8 && (x + label) % 3 != 0;
                d.pixels.push_back(std::uint8_t((lit ? 140 : 0) + (state >> 26)));
            }
    }
    return d;
}

std::vector<int> range(int from, int to) {
    std::vector<int> out;
    for (int i = from; i < to; ++i)
        out.push_back(i);
    return out;
}

AttentiveBackbone randomBackbone(const AttentiveSpace& space, std::uint64_t seed) {
    spaces::Rng rng(seed);
    return space.backboneOf(space.sample(rng));
}

// The backbone's network with narrow EarlyExit heads added just before the classifier, as HADAS's
// dynamic models place them.
core::Architecture withExits(const core::Architecture& backbone, const std::vector<int>& outputs,
                             const std::vector<int>& blocks, int width) {
    core::Architecture arch = backbone;
    arch.nodes.clear();
    for (std::size_t i = 0; i + 1 < backbone.nodes.size(); ++i)
        arch.add(backbone.nodes[i]);
    for (int b : blocks)
        arch.add(core::Node{.op = core::OpType::EarlyExit, .inputs = {outputs[static_cast<std::size_t>(b)]},
                            .outChannels = width});
    arch.add(backbone.nodes.back());
    return arch;
}

models::SandwichConfig tiny() {
    models::SandwichConfig c;
    c.epochs = 2;
    c.batchSize = 32;
    c.randomSubnets = 1;
    c.learningRate = 0.05;
    return c;
}

std::vector<torch::Tensor> parametersOf(const SupernetModel& model) {
    std::vector<torch::Tensor> out;
    for (const auto& p : model.module()->parameters())
        out.push_back(p.detach().clone());
    for (const auto& b : model.module()->buffers())
        out.push_back(b.detach().clone());
    return out;
}

} // namespace

class TestAttentiveSupernet : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void extractedSubnetGivesTheSameOutput_data();
    void extractedSubnetGivesTheSameOutput();
    void rejectsBackboneOutsideTheLayout();
    void recalibrationSetsStatisticsDeterministically();
    void sandwichTrainingLowersTheLoss();
    void killedTrainingResumesToTheSameWeights();
    void exitHeadsTrainAndRoundTrip();

private:
    AttentiveSpace m_space;
    data::Dataset m_data = bands(320);
};

void TestAttentiveSupernet::initTestCase() { models::setThreadCount(1); }

void TestAttentiveSupernet::extractedSubnetGivesTheSameOutput_data() {
    QTest::addColumn<int>("which");
    QTest::newRow("largest") << 0;
    QTest::newRow("smallest") << 1;
    QTest::newRow("random 1") << 2;
    QTest::newRow("random 2") << 3;
}

void TestAttentiveSupernet::extractedSubnetGivesTheSameOutput() {
    QFETCH(int, which);
    const AttentiveBackbone backbone = which == 0   ? m_space.largest()
                                       : which == 1 ? m_space.smallest()
                                                    : randomBackbone(m_space, std::uint64_t(which) * 17);
    SupernetModel supernet(m_space, 3);
    {
        // Every weight perturbed (BN affine parameters and biases too), so a slice taken from the
        // wrong place cannot go unnoticed.
        torch::NoGradGuard noGrad;
        torch::manual_seed(5);
        for (auto& p : supernet.module()->parameters())
            p.add_(torch::randn_like(p) * 0.1);
    }
    supernet.recalibrate(backbone, m_data, range(0, 256), 4, 32, 9);
    const models::TrainedModel extracted = supernet.extract(backbone);
    QCOMPARE(extracted.architecture().nodes.size(), m_space.build(backbone).nodes.size());

    const torch::Tensor x = torch::randn({6, 1, 28, 28});
    torch::NoGradGuard noGrad;
    supernet.module()->eval();
    const torch::Tensor expected = supernet.module()->forward(x, backbone);
    const torch::Tensor actual = extracted.network()->forward(x);
    QCOMPARE(actual.sizes(), expected.sizes());
    const double difference = (actual - expected).abs().max().item<double>();
    QVERIFY2(difference < 1e-5, qPrintable(QString::number(difference)));

    // Block outputs are the GraphNetwork's nodes blockOutputNodes()[b].
    const auto nodes = m_space.blockOutputNodes(backbone);
    const std::vector<int> blocks{0, backbone.blockCount() - 1};
    const auto [logits, outputs] = supernet.module()->forwardWithBlocks(x, backbone, blocks);
    const auto features = extracted.network()->forwardWithFeatures(
        x, {nodes[static_cast<std::size_t>(blocks[0])], nodes[static_cast<std::size_t>(blocks[1])]});
    for (std::size_t i = 0; i < blocks.size(); ++i)
        QVERIFY((outputs[i] - features.features[i]).abs().max().item<double>() < 1e-5);
}

void TestAttentiveSupernet::rejectsBackboneOutsideTheLayout() {
    SupernetModel supernet(m_space, 1);
    AttentiveBackbone wrong = m_space.largest();
    wrong.stages[1].width = 20;
    QVERIFY_THROWS_EXCEPTION(core::InputError, supernet.accuracy(wrong, m_data, range(0, 8)));
    wrong = m_space.largest();
    wrong.stages.pop_back();
    QVERIFY_THROWS_EXCEPTION(core::InputError, supernet.extract(wrong));
}

void TestAttentiveSupernet::recalibrationSetsStatisticsDeterministically() {
    SupernetModel supernet(m_space, 1);
    const AttentiveBackbone backbone = randomBackbone(m_space, 4);
    const torch::Tensor stemMean = supernet.module()->named_buffers()["stem_bn_running_mean"];
    QCOMPARE(stemMean.abs().sum().item<double>(), 0.0);
    supernet.recalibrate(backbone, m_data, range(0, 256), 4, 32, 9);
    const torch::Tensor after = stemMean.narrow(0, 0, backbone.stemWidth).clone();
    QVERIFY(after.abs().sum().item<double>() > 0.0);
    const double first = supernet.accuracy(backbone, m_data, range(256, 320));
    QVERIFY(first >= 0.0 && first <= 1.0);

    // Another subnet's recalibration changes the statistics; recalibrating again restores them.
    supernet.recalibrate(m_space.largest(), m_data, range(0, 256), 4, 32, 9);
    supernet.recalibrate(backbone, m_data, range(0, 256), 4, 32, 9);
    QVERIFY(torch::equal(stemMean.narrow(0, 0, backbone.stemWidth), after));
    QCOMPARE(supernet.accuracy(backbone, m_data, range(256, 320)), first);
    // A different seed draws other batches: other statistics.
    supernet.recalibrate(backbone, m_data, range(0, 256), 2, 32, 10);
    QVERIFY(!torch::equal(stemMean.narrow(0, 0, backbone.stemWidth), after));
}

void TestAttentiveSupernet::sandwichTrainingLowersTheLoss() {
    SupernetModel supernet(m_space, 1);
    models::SandwichConfig config = tiny();
    config.epochs = 3;
    int reports = 0;
    const auto summary = supernet.train(config, m_data, range(0, 256), {},
                                        [&](const models::SupernetProgress& p) {
                                            QCOMPARE(p.steps, std::size_t(8));
                                            ++reports;
                                        });
    QCOMPARE(reports, 24);
    QCOMPARE(summary.epochsRun, 3);
    QCOMPARE(summary.epochLosses.size(), std::size_t(3));
    QVERIFY2(summary.epochLosses.back() < summary.epochLosses.front(),
             qPrintable(QString("%1 -> %2").arg(summary.epochLosses.front()).arg(summary.epochLosses.back())));
    QVERIFY(summary.secondsPerEpoch > 0.0);
}

void TestAttentiveSupernet::killedTrainingResumesToTheSameWeights() {
    QTemporaryDir dir;
    const std::vector<int> indices = range(0, 128);
    SupernetModel uninterrupted(m_space, 2);
    uninterrupted.train(tiny(), m_data, indices, (dir.path() + "/a.ckpt").toStdString());

    const std::string checkpoint = (dir.path() + "/b.ckpt").toStdString();
    {
        SupernetModel killed(m_space, 2);
        int steps = 0;
        // 4 steps per epoch: stop in the middle of the second epoch.
        QVERIFY_THROWS_EXCEPTION(core::Cancelled, killed.train(tiny(), m_data, indices, checkpoint, {},
                                                               [&]() { return ++steps > 6; }));
    }
    SupernetModel resumed(m_space, 99);  // other initial weights: all must come from the checkpoint
    const auto summary = resumed.train(tiny(), m_data, indices, checkpoint);
    QCOMPARE(summary.resumedFromEpoch, 1);
    QCOMPARE(summary.epochsRun, 1);
    const auto a = parametersOf(uninterrupted);
    const auto b = parametersOf(resumed);
    QCOMPARE(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        QVERIFY2(torch::equal(a[i], b[i]), qPrintable(QString("tensor %1 differs").arg(i)));

    // A finished checkpoint trains nothing more.
    SupernetModel again(m_space, 5);
    QCOMPARE(again.train(tiny(), m_data, indices, checkpoint).epochsRun, 0);

    // Saved weights load into a fresh supernet.
    const std::string weights = (dir.path() + "/w.pt").toStdString();
    resumed.save(weights);
    SupernetModel loaded(m_space, 7);
    loaded.load(weights);
    const auto c = parametersOf(loaded);
    for (std::size_t i = 0; i < a.size(); ++i)
        QVERIFY(torch::equal(b[i], c[i]));
    QVERIFY_THROWS_EXCEPTION(core::InputError, loaded.load((dir.path() + "/missing.pt").toStdString()));
}

void TestAttentiveSupernet::exitHeadsTrainAndRoundTrip() {
    QTemporaryDir dir;
    SupernetModel supernet(m_space, 1);
    supernet.train(tiny(), m_data, range(0, 128));
    const AttentiveBackbone backbone = randomBackbone(m_space, 8);
    supernet.recalibrate(backbone, m_data, range(0, 128), 2, 64, 1);
    const int last = backbone.blockCount() - 1;
    models::ExitHeads heads(supernet, backbone, {last, 1}, 16, 3);
    QCOMPARE(heads.blocks(), (std::vector<int>{1, last}));

    models::ExitHeadConfig config;
    config.width = 16;
    config.epochs = 2;
    config.batchSize = 32;
    config.featureMemoryBytes = std::size_t(64) << 20;
    const auto summary = heads.train(supernet, config, m_data, range(0, 128));
    QCOMPARE(summary.trainSamples, std::size_t(128));
    QCOMPARE(summary.epochLosses.size(), std::size_t(2));

    const models::SplitLogits split = heads.logits(supernet, m_data, range(128, 192));
    QCOMPARE(split.labels.size(), std::size_t(64));
    QCOMPARE(split.exits.size(), std::size_t(2));
    QCOMPARE(split.exits[0].block, 1);
    QCOMPARE(split.exits[1].block, last);
    QCOMPARE(split.final.block, -1);
    for (const auto& head : split.exits)
        QCOMPARE(head.values.size(), std::size_t(64 * 10));
    QCOMPARE(split.final.values.size(), std::size_t(64 * 10));
    QCOMPARE(split.labels[3], int(m_data.labels[131]));

    // The module names match a GraphNetwork EarlyExit head: conv, bn, fc.
    const auto names = heads.module()->named_parameters();
    QVERIFY(names.contains("h1.conv.weight"));
    QVERIFY(names.contains("h1.bn.weight"));
    QVERIFY(names.contains("h1.fc.bias"));

    // A memory cap cuts the training subset.
    models::ExitHeads capped(supernet, backbone, {1}, 16, 3);
    config.featureMemoryBytes = 1000;  // less than one sample's block output: the 2-sample minimum
    QCOMPARE(capped.train(supernet, config, m_data, range(0, 128)).trainSamples, std::size_t(2));

    const std::string path = (dir.path() + "/heads.pt").toStdString();
    heads.save(path);
    models::ExitHeads loaded(supernet, backbone, {1, last}, 16, 77);
    loaded.load(path);
    const models::SplitLogits again = loaded.logits(supernet, m_data, range(128, 192));
    QCOMPARE(again.exits[0].values, split.exits[0].values);
    QCOMPARE(again.final.values, split.final.values);

    // A dynamic model: the extracted backbone with the heads in EarlyExit nodes gives the same logits.
    const auto outputs = m_space.blockOutputNodes(backbone);
    models::TrainedModel dynamic = supernet.extract(backbone, withExits(m_space.build(backbone), outputs, {1, last}, 16));
    heads.loadInto(dynamic, outputs);
    const models::BatchMaker maker(m_data);
    const auto [x, y] = maker.make(range(128, 192), 0, 64);
    torch::NoGradGuard noGrad;
    const models::NetworkOutputs out = dynamic.network()->forwardAll(x);
    QCOMPARE(out.exitLogits.size(), std::size_t(2));
    auto maxDifference = [](const torch::Tensor& t, const std::vector<float>& v) {
        const torch::Tensor expected = torch::tensor(v).view(t.sizes());
        return (t - expected).abs().max().item<double>();
    };
    QVERIFY(maxDifference(out.exitLogits[0], split.exits[0].values) < 1e-4);
    QVERIFY(maxDifference(out.exitLogits[1], split.exits[1].values) < 1e-4);
    QVERIFY(maxDifference(out.logits, split.final.values) < 1e-4);
    models::TrainedModel untrained = supernet.extract(backbone, withExits(m_space.build(backbone), outputs, {2}, 16));
    QVERIFY_THROWS_EXCEPTION(core::InputError, heads.loadInto(untrained, outputs));
    models::TrainedModel wide = supernet.extract(backbone, withExits(m_space.build(backbone), outputs, {1}, 24));
    QVERIFY_THROWS_EXCEPTION(core::InputError, heads.loadInto(wide, outputs));

    QVERIFY_THROWS_EXCEPTION(core::InputError, models::ExitHeads(supernet, backbone, {backbone.blockCount()}, 16, 1));
    QVERIFY_THROWS_EXCEPTION(core::InputError, models::ExitHeads(supernet, backbone, {2, 2}, 16, 1));
}

QTEST_GUILESS_MAIN(TestAttentiveSupernet)
#include "test_attentive_supernet.moc"
