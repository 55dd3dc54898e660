// GOS's per-layer proxy: block-wise distillation of a candidate against the layer it replaces.
// An identity replacement of an identity-like layer scores exactly zero and trains nothing; full
// rank low rank scores ~0; a randomly initialised factorised candidate improves with distillation;
// early stopping stops before the step limit; a repeated call reads the cache instead of training;
// the held-out samples are never trained on; the calibration capture gives each layer's input.

// LibTorch before Qt: Qt's `slots` macro breaks LibTorch's headers.
#include <torch/torch.h>

#include "core/native_program.h"
#include "data/dataset.h"
#include "models/graph_network.h"
#include "models/node_module.h"
#include "models/operator_lowering.h"
#include "search/gos/layer_distiller.h"
#include "search/gos/layer_input_capture.h"
#include "search/gos/program_rewriting.h"

#include "gos_test_layers.h"

#include <QTemporaryDir>

#include <set>

using namespace edgenas;
using core::Instruction;
using core::Node;
using core::OpType;
using core::TensorShape;
using search::LayerDistillationResult;
using search::LayerDistillationSettings;
using search::LayerDistiller;
using search::OriginalLayer;
using search::RewriteCandidate;

namespace {

const search::CalibrationRecipe kCalibration{"test-model", "random-normal", 48, 7};

// The layer as a graph would hold it (the native module), with a non-zero bias when it has one.
OriginalLayer layer(const Node& node, const TensorShape& in) {
    OriginalLayer l{node, in, models::operatorLowering(node.op).makeModule(node, in, 10)};
    torch::NoGradGuard noGrad;
    for (auto& p : l.module->named_parameters())
        if (p.key().find("bias") != std::string::npos)
            p.value().uniform_(-0.5, 0.5);
    return l;
}

torch::Tensor inputs(const TensorShape& in, int count = 48) {
    return torch::randn({count, in.channels, in.height, in.width});
}

// A handle on the storage of the layer's weight.
torch::Tensor weightOf(const OriginalLayer& l) { return *l.module->named_parameters().find("conv.weight"); }

// A 3x3 convolution 16 -> 16 (or a pointwise one) whose weights are the identity at the centre tap.
OriginalLayer identityLike(const Node& node, const TensorShape& in) {
    OriginalLayer l = layer(node, in);
    torch::NoGradGuard noGrad;
    torch::Tensor w = weightOf(l);
    w.zero_();
    for (int c = 0; c < in.channels; ++c)
        w[c][c][node.kernel / 2][node.kernel / 2] = 1.0f;
    return l;
}

QString text(const LayerDistillationResult& r) {
    return QString("error %1 (before %2), %3 steps, early %4, %5 s")
        .arg(r.heldOutError, 0, 'g', 6)
        .arg(r.initialError, 0, 'g', 6)
        .arg(r.stepsRun)
        .arg(r.stoppedEarly)
        .arg(r.seconds, 0, 'g', 3);
}

// The layer most tests distil: a 3x3 conv 16 -> 32 on 16x8x8 and its factorised candidate.
// Built in place (no copies): `factorised` points into `candidates`.
struct FactorisedConv {
    FactorisedConv()
        : node(gos_test::conv(32, 3, 1)), original(layer(node, in)), candidates(search::rewriteCandidates(node, in)),
          factorised(gos_test::candidateOf(candidates, "factorise", 2)) {}
    FactorisedConv(const FactorisedConv&) = delete;
    FactorisedConv& operator=(const FactorisedConv&) = delete;

    const Node node;
    const TensorShape in{16, 8, 8};
    const OriginalLayer original;
    const std::vector<RewriteCandidate> candidates;
    const RewriteCandidate* const factorised;
};

} // namespace

class TestLayerDistillation : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        torch::set_num_threads(1);  // the distillation is deterministic on one thread
        torch::manual_seed(15);
        QVERIFY(m_cache.isValid());
    }

    // The evidence: replacing an identity-like layer by the identity scores zero error,
    // and there is nothing to train.
    void identityReplacementScoresZero_data() {
        QTest::addColumn<Node>("node");
        QTest::newRow("conv3x3 16-16") << gos_test::conv(16, 3, 1, 1, false);
        QTest::newRow("pointwise 16-16") << Node{.id = 1, .op = OpType::PointwiseConv, .outChannels = 16};
    }
    void identityReplacementScoresZero() {
        QFETCH(Node, node);
        const TensorShape in{16, 8, 8};
        const OriginalLayer original = identityLike(node, in);
        const auto candidates = search::rewriteCandidates(node, in);
        const RewriteCandidate* identity = gos_test::candidateOf(candidates, "remove", 0);
        QVERIFY(identity);
        LayerDistiller distiller({}, folder("identity"));
        const LayerDistillationResult r = distiller.distil(original, *identity, inputs(in), kCalibration);
        QVERIFY2(r.heldOutError < 1e-12, qPrintable(text(r)));
        QCOMPARE(r.heldOutError, 0.0);
        QCOMPARE(r.stepsRun, 0);
        QVERIFY(r.stoppedEarly);
        QVERIFY(!r.fromCache);

        // A layer that is not identity-like scores clearly above zero with the same replacement.
        const OriginalLayer other = layer(node, in);
        const LayerDistillationResult o = distiller.distil(other, *identity, inputs(in), kCalibration);
        QVERIFY2(o.heldOutError > 0.1, qPrintable(text(o)));
    }

    // Low rank at full rank starts exact from the SVD: error ~0 and no update needed.
    void fullRankLowRankScoresZero() {
        const Node node = gos_test::conv(32, 3, 1);
        const TensorShape in{16, 8, 8};
        const OriginalLayer original = layer(node, in);
        const auto program = search::lowRankProgram(search::rewritableProgram(node, in), in, 32);
        QVERIFY(program);
        const RewriteCandidate fullRank{{"low_rank_half"}, *program, core::programKey(*program), 0};
        LayerDistiller distiller({}, folder("full-rank"));
        const LayerDistillationResult r = distiller.distil(original, fullRank, inputs(in), kCalibration);
        QVERIFY2(r.heldOutError < 1e-9, qPrintable(text(r)));
        QVERIFY2(r.initialError < 1e-9, qPrintable(text(r)));
        QCOMPARE(r.stepsRun, 0);
        QVERIFY(r.stoppedEarly);
    }

    // A factorised candidate starts from a random draw; distillation at the defaults lowers its
    // held-out error, which stays a normalised figure in (0, 1.5).
    void distillationLowersARandomStart() {
        const FactorisedConv conv;
        const TensorShape& in = conv.in;
        const OriginalLayer& original = conv.original;
        const RewriteCandidate* factorised = conv.factorised;
        QVERIFY(factorised);
        LayerDistiller distiller({}, folder("factorised"));
        const LayerDistillationResult r = distiller.distil(original, *factorised, inputs(in, 256), kCalibration);
        qInfo("factorised 3x3 conv 16-32 at the defaults: %s", qPrintable(text(r)));
        QVERIFY2(r.heldOutError < 0.9 * r.initialError, qPrintable(text(r)));
        QVERIFY2(r.heldOutError > 0.0 && r.heldOutError < 1.5, qPrintable(text(r)));
        QVERIFY(r.stepsRun > 0 && r.stepsRun <= 100);
        QCOMPARE(r.heldOutSamples, 64);
        QCOMPARE(r.trainSamples, 192);

        // With no steps the score is the starting error.
        LayerDistiller untrained({.steps = 0}, folder("factorised-0"));
        const LayerDistillationResult u = untrained.distil(original, *factorised, inputs(in, 256), kCalibration);
        QCOMPARE(u.stepsRun, 0);
        QCOMPARE(u.heldOutError, u.initialError);
    }

    // Easy case: a layer whose weights sit at the centre tap, replaced by the centre-tap
    // projection, starts exact and stops at once. A learning rate too small to move anything
    // stops after `patience` checks without improvement.
    void earlyStoppingStopsBeforeTheLimit() {
        const Node node = gos_test::conv(32, 3, 1);
        const TensorShape in{16, 8, 8};
        OriginalLayer original = layer(node, in);
        {
            torch::NoGradGuard noGrad;
            torch::Tensor w = weightOf(original);
            const torch::Tensor centre = w.select(3, 1).select(2, 1).clone();
            w.zero_();
            w.select(3, 1).select(2, 1).copy_(centre);
        }
        const auto candidates = search::rewriteCandidates(node, in);
        const RewriteCandidate* projection = gos_test::candidateOf(candidates, "remove", 1);
        QVERIFY(projection);
        LayerDistiller distiller({}, folder("easy"));
        const LayerDistillationResult easy = distiller.distil(original, *projection, inputs(in), kCalibration);
        QVERIFY2(easy.heldOutError < 1e-9 && easy.stoppedEarly && easy.stepsRun < 100, qPrintable(text(easy)));

        const RewriteCandidate* factorised = gos_test::candidateOf(candidates, "factorise", 2);
        QVERIFY(factorised);
        LayerDistiller stuck({.learningRate = 1e-12}, folder("stuck"));
        const LayerDistillationResult s = stuck.distil(original, *factorised, inputs(in), kCalibration);
        const LayerDistillationSettings defaults;
        QVERIFY2(s.stoppedEarly, qPrintable(text(s)));
        QCOMPARE(s.stepsRun, defaults.patience * defaults.checkInterval);
    }

    // A repeated call (same object or a new one on the same folder: a resumed run) reads the
    // cache and trains nothing; a changed setting or other weights distil again.
    void repeatedCallReadsTheCache() {
        const Node node = gos_test::conv(32, 3, 1);
        const TensorShape in{16, 8, 8};
        const OriginalLayer original = layer(node, in);
        const auto candidates = search::rewriteCandidates(node, in);
        const RewriteCandidate* grouped = gos_test::candidateOf(candidates, "group4", 1);
        QVERIFY(grouped);
        const torch::Tensor x = inputs(in);
        const std::string cache = folder("repeat");
        LayerDistiller distiller({.steps = 30}, cache);
        const LayerDistillationResult first = distiller.distil(original, *grouped, x, kCalibration);
        QVERIFY(!first.fromCache);
        QCOMPARE(distiller.distillationsTrained(), 1);
        QVERIFY(QFile::exists(QString::fromStdString(first.weightsPath)));

        const LayerDistillationResult second = distiller.distil(original, *grouped, x, kCalibration);
        QCOMPARE(distiller.distillationsTrained(), 1);  // not trained again
        QVERIFY(second.fromCache);
        QCOMPARE(second.heldOutError, first.heldOutError);
        QCOMPARE(second.stepsRun, first.stepsRun);
        QCOMPARE(second.seconds, first.seconds);
        QCOMPARE(second.cacheKey, first.cacheKey);

        LayerDistiller resumed({.steps = 30}, cache);
        QVERIFY(resumed.distil(original, *grouped, x, kCalibration).fromCache);
        QCOMPARE(resumed.distillationsTrained(), 0);

        // The cached weights are the distilled candidate: they score the cached figure.
        const auto module = distiller.loadDistilled(*grouped, in, second);
        const auto [heldOut, train] = distiller.split(x.size(0));
        Q_UNUSED(train);
        torch::NoGradGuard noGrad;
        const torch::Tensor xh = x.index_select(0, torch::tensor(heldOut, torch::kLong));
        const torch::Tensor y = original.module->forward(xh).to(torch::kDouble);
        const double error = (module->forward(xh).to(torch::kDouble) - y).pow(2).sum().item<double>() /
                             y.pow(2).sum().item<double>();
        QVERIFY2(std::abs(error - first.heldOutError) <= 1e-6 * first.heldOutError, qPrintable(QString::number(error)));

        // Other settings, another calibration or other weights are other entries.
        LayerDistiller longer({.steps = 31}, cache);
        QVERIFY(!longer.distil(original, *grouped, x, kCalibration).fromCache);
        auto otherCalibration = kCalibration;
        otherCalibration.seed += 1;
        QVERIFY(!distiller.distil(original, *grouped, x, otherCalibration).fromCache);
        {
            torch::NoGradGuard noGradHere;
            weightOf(original).mul_(0.5);
        }
        QVERIFY(!distiller.distil(original, *grouped, x, kCalibration).fromCache);
        QCOMPARE(distiller.distillationsTrained(), 3);
    }

    // The same seed on one thread gives the same figure bit for bit (two cache folders).
    void distillationIsDeterministic() {
        const FactorisedConv conv;
        const TensorShape& in = conv.in;
        const OriginalLayer& original = conv.original;
        const RewriteCandidate* factorised = conv.factorised;
        QVERIFY(factorised);
        const torch::Tensor x = inputs(in);
        const LayerDistillationResult a = LayerDistiller({.steps = 20}, folder("det-a")).distil(original, *factorised, x, kCalibration);
        torch::randn({100});  // the global generator moves on: the distillation must not depend on it
        const LayerDistillationResult b = LayerDistiller({.steps = 20}, folder("det-b")).distil(original, *factorised, x, kCalibration);
        QCOMPARE(a.heldOutError, b.heldOutError);
        QCOMPARE(a.initialError, b.initialError);
        const LayerDistillationResult c =
            LayerDistiller({.steps = 20, .seed = 16}, folder("det-c")).distil(original, *factorised, x, kCalibration);
        QVERIFY(c.initialError != a.initialError);
    }

    // Held-out samples are disjoint from the training ones and together they are every sample;
    // the held-out figure does not use the training samples.
    void heldOutSamplesAreNeverTrainedOn() {
        const LayerDistiller distiller({}, folder("split"));
        for (std::int64_t count : {2, 3, 40, 48, 257}) {
            const auto [heldOut, train] = distiller.split(count);
            QVERIFY(!heldOut.empty() && !train.empty());
            std::set<std::int64_t> all(heldOut.begin(), heldOut.end());
            for (std::int64_t i : train)
                QVERIFY2(all.insert(i).second, "a sample is both held out and trained on");
            QCOMPARE(std::int64_t(all.size()), count);
            QCOMPARE(*all.begin(), std::int64_t(0));
            QCOMPARE(*all.rbegin(), count - 1);
        }
        QCOMPARE(distiller.split(48).first.size(), std::size_t(12));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, distiller.split(1));

        // The score is computed on the held-out samples alone: the held-out inputs are zero (so
        // there only the biases differ, and the normalised error differs from the training
        // samples'), and the reported figure equals the one computed on them.
        const Node node{.id = 1, .op = OpType::PointwiseConv, .outChannels = 16, .bias = true};
        const TensorShape in{16, 4, 4};
        const OriginalLayer original = layer(node, in);
        const auto candidates = search::rewriteCandidates(node, in);
        const RewriteCandidate* grouped = gos_test::candidateOf(candidates, "group2", 1);
        QVERIFY(grouped);
        torch::Tensor x = inputs(in);
        const auto [heldOut, train] = distiller.split(x.size(0));
        for (std::int64_t i : heldOut)
            x[i].zero_();
        LayerDistiller untrained({.steps = 0}, folder("split-score"));
        const LayerDistillationResult r = untrained.distil(original, *grouped, x, kCalibration);
        const auto module = untrained.loadDistilled(*grouped, in, r);
        torch::NoGradGuard noGrad;
        const auto errorOn = [&](const std::vector<std::int64_t>& samples) {
            const torch::Tensor xs = x.index_select(0, torch::tensor(samples, torch::kLong));
            const torch::Tensor y = original.module->forward(xs).to(torch::kDouble);
            return (module->forward(xs).to(torch::kDouble) - y).pow(2).sum().item<double>() /
                   y.pow(2).sum().item<double>();
        };
        const double heldOutError = errorOn(heldOut), trainError = errorOn(train);
        QVERIFY2(std::abs(r.heldOutError - heldOutError) <= 1e-5 * heldOutError,
                 qPrintable(QString("%1 vs %2").arg(r.heldOutError).arg(heldOutError)));
        QVERIFY2(std::abs(trainError - heldOutError) > 0.01 * heldOutError,  // the check can tell them apart
                 qPrintable(QString("%1 vs %2").arg(trainError).arg(heldOutError)));
    }

    void badInputIsRefused() {
        const FactorisedConv conv;
        const OriginalLayer& original = conv.original;
        const RewriteCandidate* factorised = conv.factorised;
        QVERIFY(factorised);
        LayerDistiller distiller({}, folder("bad"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 distiller.distil(original, *factorised, torch::randn({8, 8, 8, 8}), kCalibration));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 distiller.distil(original, *factorised, torch::randn({1, 16, 8, 8}), kCalibration));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LayerDistiller({.steps = -1}, folder("bad")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LayerDistiller({.heldOutFraction = 1.0}, folder("bad")));
    }

    // The capture gives each replaceable layer its merged input, and the network's own module
    // run on it gives the layer's output in the network.
    void captureGivesEachLayersInput() {
        core::Architecture arch;
        arch.input = {3, 8, 8};
        arch.numClasses = 4;
        arch.add(Node{.op = OpType::Input});
        const int conv = arch.add(Node{.op = OpType::Conv, .inputs = {0}, .outChannels = 8, .kernel = 3, .padding = 1});
        const int relu = arch.add(Node{.op = OpType::Activation, .inputs = {conv}, .activation = core::ActivationType::ReLU});
        const int pw = arch.add(Node{.op = OpType::PointwiseConv, .inputs = {relu}, .outChannels = 8});
        const int sum = arch.add(Node{.op = OpType::DepthwiseConv, .inputs = {pw, relu}, .kernel = 3, .padding = 1});
        const int pool = arch.add(Node{.op = OpType::GlobalAvgPool, .inputs = {sum}});
        const int fc = arch.add(Node{.op = OpType::Linear, .inputs = {pool}, .outChannels = 4, .bias = true});
        models::GraphNetwork network(arch);
        const torch::Tensor images = torch::randn({5, 3, 8, 8});
        const auto captured = search::captureLayerInputs(*network, images);
        QCOMPARE(captured.size(), std::size_t(4));
        QCOMPARE(captured[0].nodeId, conv);
        QCOMPARE(captured[3].nodeId, fc);
        torch::NoGradGuard noGrad;
        network->eval();
        const auto features = network->forwardWithFeatures(images, {conv, relu, pw, sum, pool}).features;
        QCOMPARE(captured[0].inputs.sizes().vec(), images.sizes().vec());
        QVERIFY(torch::equal(captured[0].inputs, images));
        QVERIFY(torch::equal(captured[1].inputs, features[1]));
        QVERIFY(torch::allclose(captured[2].inputs, features[2] + features[1]));  // the summed merge
        QVERIFY(torch::equal(captured[3].inputs, features[4]));
        QCOMPARE(captured[3].in, (TensorShape{8, 1, 1}));
        for (const search::LayerInputs& layerInputs : captured) {
            const OriginalLayer l = search::originalLayer(*network, layerInputs.nodeId);
            QCOMPARE(l.in, layerInputs.in);
            QVERIFY(search::layerWeights(l).weight.numel() > 0);
        }
        QVERIFY(torch::allclose(search::originalLayer(*network, sum).module->forward(captured[2].inputs), features[3]));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, search::originalLayer(*network, relu));

        // A linear layer distils too (its candidates read the flattened input).
        const OriginalLayer linear = search::originalLayer(*network, fc);
        const auto candidates = search::rewriteCandidates(linear.node, linear.in);
        QVERIFY(!candidates.empty());
        LayerDistiller distiller({.steps = 5}, folder("capture"));
        const LayerDistillationResult r =
            distiller.distil(linear, candidates.front(), torch::randn({8, 8, 1, 1}), kCalibration);
        QVERIFY2(std::isfinite(r.heldOutError), qPrintable(text(r)));
    }

    // Calibration images: `count` distinct training images picked by the seed, prepared like the
    // trainer's batches; the same seed gives the same images.
    void calibrationImagesArePickedBySeed() {
        data::Dataset train;
        train.name = "tiny";
        train.channels = 1;
        train.height = train.width = 2;
        train.mean = {0.0f};
        train.stddev = {1.0f};
        for (int i = 0; i < 10; ++i) {  // image i: every pixel i
            train.pixels.insert(train.pixels.end(), 4, static_cast<std::uint8_t>(i));
            train.labels.push_back(static_cast<std::uint8_t>(i % 10));
        }
        const torch::Tensor a = search::calibrationImages(train, 6, 3);
        QCOMPARE(a.sizes().vec(), (std::vector<std::int64_t>{6, 1, 2, 2}));
        std::set<int> picked;
        for (int i = 0; i < 6; ++i)
            picked.insert(static_cast<int>(std::lround(a[i][0][0][0].item<double>() * 255.0)));
        QCOMPARE(picked.size(), std::size_t(6));  // no image twice
        QVERIFY(*picked.rbegin() <= 9);
        QVERIFY(torch::equal(a, search::calibrationImages(train, 6, 3)));
        QVERIFY(!torch::equal(a, search::calibrationImages(train, 6, 4)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, search::calibrationImages(train, 11, 3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, search::calibrationImages(train, 0, 3));
    }

private:
    std::string folder(const char* name) const { return m_cache.filePath(name).toStdString(); }
    QTemporaryDir m_cache;
};

QTEST_GUILESS_MAIN(TestLayerDistillation)
#include "test_layer_distillation.moc"
