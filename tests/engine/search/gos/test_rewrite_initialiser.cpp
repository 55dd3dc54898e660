// GOS candidates in LibTorch: every candidate's lowered module gives the output shape the
// analysis promised; low rank at full rank, initialised from the SVD, reproduces the original
// layer to 1e-5; the identity removal of an identity-like layer has zero error; the centre-tap
// projection reproduces a layer whose weights are all at the centre tap.

// LibTorch before Qt: Qt's `slots` macro breaks LibTorch's headers.
#include <torch/torch.h>

#include "core/native_program.h"
#include "models/node_module.h"
#include "search/gos/program_rewriting.h"
#include "search/gos/rewrite_initialiser.h"

#include "gos_test_layers.h"

using namespace edgenas;
using core::Instruction;
using core::Node;
using core::OpType;
using core::TensorShape;
using search::RewriteCandidate;
using search::RewriteInitialisation;

namespace {

torch::Tensor input(const TensorShape& in, int batch = 3) { return torch::randn({batch, in.channels, in.height, in.width}); }

// The normalised reconstruction error |Y - Y'|^2 / |Y|^2 (GOS's proxy score).
double relativeError(const torch::Tensor& expected, const torch::Tensor& got) {
    return (expected - got).pow(2).sum().item<double>() / expected.pow(2).sum().item<double>();
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

struct Layer {
    std::vector<Instruction> program;
    std::shared_ptr<models::NodeModule> module;
    search::OriginalWeights weights;
};

// The layer in program form with its (random) weights; the bias made non-zero.
Layer layer(const Node& node, const TensorShape& in) {
    Layer l;
    l.program = *core::nativeProgram(node, in);
    l.module = search::programModule(l.program, in);
    torch::NoGradGuard noGrad;
    for (auto& p : l.module->named_parameters())
        if (p.key().find("bias") != std::string::npos)
            p.value().uniform_(-0.5, 0.5);
    l.weights = search::originalWeights(l.program, in, *l.module);
    return l;
}

} // namespace

class TestRewriteInitialiser : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { torch::manual_seed(15); }

    void everyCandidateRunsWithItsShape_data() {
        gos_test::addLayerColumns();
        gos_test::addLayerRows();
    }
    void everyCandidateRunsWithItsShape() {
        QFETCH(Node, node);
        QFETCH(TensorShape, in);
        torch::NoGradGuard noGrad;
        const torch::Tensor x = input(in, 2);
        const Layer original = layer(node, in);
        const torch::Tensor y = original.module->forward(x);
        const TensorShape out = search::programOutput(original.program, in);
        QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{2, out.channels, out.height, out.width}));
        const auto candidates = search::rewriteCandidates(node, in, {.depth = 2});
        QVERIFY(!candidates.empty());
        for (const RewriteCandidate& c : candidates) {
            auto module = search::programModule(c.program, in);
            search::initialiseRewrite(c, in, original.weights, *module);
            const torch::Tensor got = module->forward(x);
            QVERIFY2(got.sizes() == y.sizes(), c.key.c_str());
            QVERIFY2(torch::isfinite(got).all().item<bool>(), c.key.c_str());
        }
    }

    void fullRankLowRankReproducesTheLayer_data() {
        gos_test::addLayerColumns();
        gos_test::addLayerRows();
    }
    void fullRankLowRankReproducesTheLayer() {
        QFETCH(Node, node);
        QFETCH(TensorShape, in);
        torch::NoGradGuard noGrad;
        const Layer original = layer(node, in);
        const search::OriginalWeights& w = original.weights;
        const int groups = w.groups;
        const int fanIn = static_cast<int>(w.weight[0].numel());
        const int fullRank = static_cast<int>(std::min<std::int64_t>(w.weight.size(0) / groups, fanIn)) * groups;
        const auto program = search::lowRankProgram(original.program, in, fullRank);
        QVERIFY(program);
        QVERIFY(!search::lowRankProgram(original.program, in, fullRank + groups));  // beyond the full rank
        auto module = search::programModule(*program, in);
        search::initialiseLowRank(*program, in, w, *module);
        const torch::Tensor x = input(in);
        const torch::Tensor expected = original.module->forward(x);
        const torch::Tensor got = module->forward(x);
        QVERIFY(expected.abs().max().item<double>() > 1e-2);
        const double diff = maxDiff(expected, got);
        QVERIFY2(diff <= 1e-5, qPrintable(QString::number(diff)));

        // A truncated rank is not exact, yet closer than the random start of the same program.
        const auto candidates = search::rewriteCandidates(node, in);
        if (const RewriteCandidate* half = gos_test::candidateOf(candidates, "low_rank_half", 2)) {
            auto truncated = search::programModule(half->program, in);
            auto random = search::programModule(half->program, in);
            QVERIFY(search::initialiseRewrite(*half, in, w, *truncated) == RewriteInitialisation::TruncatedSvd);
            const double svdError = relativeError(expected, truncated->forward(x));
            QVERIFY2(svdError > 1e-6 && svdError < relativeError(expected, random->forward(x)),
                     qPrintable(QString::number(svdError)));
        }
    }

    // Spatial separation computes a k x 1 convolution then a 1 x k one: the gathered column and
    // row taps are the right ones, in the order the contractions' weights assume.
    void spatialSeparationIsColumnThenRow_data() {
        gos_test::addLayerColumns();
        QTest::newRow("conv3x3 16-32 s1") << gos_test::conv(32, 3, 1) << TensorShape{16, 8, 8};
        QTest::newRow("conv3x3 16-32 s2 g2") << gos_test::conv(32, 3, 2, 2) << TensorShape{16, 9, 9};
        QTest::newRow("depthwise5x5 d2") << Node{.id = 1, .op = OpType::DepthwiseConv, .kernel = 5, .padding = 4,
                                                 .dilation = 2} << TensorShape{8, 11, 11};
        QTest::newRow("conv5x5 valid") << Node{.id = 1, .op = OpType::Conv, .outChannels = 6, .kernel = 5}
                                       << TensorShape{4, 10, 10};
    }
    void spatialSeparationIsColumnThenRow() {
        QFETCH(Node, node);
        QFETCH(TensorShape, in);
        torch::NoGradGuard noGrad;
        const auto candidates = search::rewriteCandidates(node, in);
        const RewriteCandidate* separated = gos_test::candidateOf(candidates, "spatial_separation", 2);
        QVERIFY(separated);
        const auto sites = search::contractionSites(separated->program, in);
        QCOMPARE(sites.size(), std::size_t(2));
        auto module = search::programModule(separated->program, in);
        const auto params = module->named_parameters();
        const torch::Tensor a = *params.find("i" + std::to_string(sites[0].contract) + ".weight");
        const torch::Tensor b = *params.find("i" + std::to_string(sites[1].contract) + ".weight");
        const torch::Tensor* bias = params.find("i" + std::to_string(sites[1].contract) + ".bias");
        const std::int64_t k = node.kernel, d = node.dilation, g = sites[0].groups, mid = sites[0].outChannels;
        const std::int64_t out = sites[1].outChannels;
        const std::int64_t p = node.padding;
        // The column contraction reads (c, kh); the row one (c, kw) when grouped, else (kw, c).
        const torch::Tensor column = a.view({mid, in.channels / g, k, 1});
        const torch::Tensor row = g > 1 ? b.view({out, mid / g, 1, k})
                                        : b.view({out, k, mid}).permute({0, 2, 1}).reshape({out, mid, 1, k});
        const torch::Tensor x = input(in);
        using Pair = std::vector<std::int64_t>;
        const Pair stride{node.stride, node.stride}, one{1, 1}, dilation{d, d};
        // The column sits at horizontal offset (k / 2) d - p: padding, or a crop for valid padding.
        const std::int64_t across = p - (k / 2) * d;
        const torch::Tensor cropped = across >= 0 ? x : x.narrow(3, -across, in.width + 2 * across);
        const Pair columnPadding{p, std::max<std::int64_t>(across, 0)}, rowPadding{0, (k / 2) * d};
        const torch::Tensor expected =
            torch::conv2d(torch::conv2d(cropped, column, {}, stride, columnPadding, dilation, g), row,
                          bias ? *bias : torch::Tensor(), one, rowPadding, dilation, g);
        const torch::Tensor got = module->forward(x);
        QCOMPARE(got.sizes().vec(), expected.sizes().vec());
        const double diff = maxDiff(expected, got);
        QVERIFY2(diff <= 1e-5, qPrintable(QString::number(diff)));
    }

    // A 3x3 convolution 16 -> 16 whose weights are the identity at the centre tap: the identity
    // removal scores zero error, and an identity-like pointwise layer too.
    void identityRemovalScoresZero_data() {
        QTest::addColumn<Node>("node");
        QTest::newRow("conv3x3") << gos_test::conv(16, 3, 1, 1, false);
        QTest::newRow("pointwise") << Node{.op = OpType::PointwiseConv, .outChannels = 16};
    }
    void identityRemovalScoresZero() {
        QFETCH(Node, node);
        const TensorShape in{16, 8, 8};
        torch::NoGradGuard noGrad;
        Layer original = layer(node, in);
        torch::Tensor weight = *original.module->named_parameters().find(
            "i" + std::to_string(original.program.size() - 1) + ".weight");
        weight.zero_();
        const int k = node.kernel;
        for (int c = 0; c < 16; ++c)
            weight[c][c][k / 2][k / 2] = 1.0f;
        original.weights = search::originalWeights(original.program, in, *original.module);
        const auto candidates = search::rewriteCandidates(node, in);
        const RewriteCandidate* identity = gos_test::candidateOf(candidates, "remove", 0);
        QVERIFY(identity);
        QCOMPARE(identity->macs, std::int64_t(0));
        auto module = search::programModule(identity->program, in);
        QVERIFY(search::initialiseRewrite(*identity, in, original.weights, *module) == RewriteInitialisation::Identity);
        const torch::Tensor x = input(in);
        const torch::Tensor expected = original.module->forward(x);
        QCOMPARE(relativeError(expected, module->forward(x)), 0.0);
        QCOMPARE(maxDiff(expected, x), 0.0);
    }

    // Weights only at the centre tap: the 1 x 1 projection (stride 2, grouped) reproduces the layer.
    void centreTapProjectionKeepsTheCentre() {
        const Node node = gos_test::conv(32, 3, 2, 2);
        const TensorShape in{16, 8, 8};
        torch::NoGradGuard noGrad;
        Layer original = layer(node, in);
        torch::Tensor weight = *original.module->named_parameters().find("i1.weight");
        const torch::Tensor centre = weight.select(3, 1).select(2, 1).clone();
        weight.zero_();
        weight.select(3, 1).select(2, 1).copy_(centre);
        original.weights = search::originalWeights(original.program, in, *original.module);
        const auto candidates = search::rewriteCandidates(node, in);
        const RewriteCandidate* projection = gos_test::candidateOf(candidates, "remove", 1);
        QVERIFY(projection);
        auto module = search::programModule(projection->program, in);
        QVERIFY(search::initialiseRewrite(*projection, in, original.weights, *module) == RewriteInitialisation::CentreTap);
        const torch::Tensor x = input(in);
        const double diff = maxDiff(original.module->forward(x), module->forward(x));
        QVERIFY2(diff <= 1e-5, qPrintable(QString::number(diff)));

        // Other rules start from LibTorch's random initialisation, for distillation.
        const RewriteCandidate* factorised = gos_test::candidateOf(candidates, "factorise", 2);
        QVERIFY(factorised);
        auto other = search::programModule(factorised->program, in);
        QVERIFY(search::initialiseRewrite(*factorised, in, original.weights, *other) == RewriteInitialisation::Random);
    }
};

QTEST_GUILESS_MAIN(TestRewriteInitialiser)
#include "test_rewrite_initialiser.moc"
