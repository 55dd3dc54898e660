#include "core/architecture.h"
#include "core/errors.h"
#include "cost/architecture_cost.h"
#include "models/graph_network.h"
#include "models/torch_runtime.h"
#include "spaces/dag_cell.h"
#include "spaces/rng.h"
#include "spaces/space_factory.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <QtTest>

#include <cmath>
#include <string>

using namespace edgenas::core;
using edgenas::models::GraphNetwork;

Q_DECLARE_METATYPE(edgenas::core::Architecture)
Q_DECLARE_METATYPE(edgenas::core::Node)

namespace {

// Input 4x9x9 -> node 1 (the op under test) -> global pool -> Linear(10): a valid network whose
// node 1 output we compare with torch's own operator.
Architecture singleOp(Node op, TensorShape input = {4, 9, 9}) {
    Architecture arch;
    arch.input = input;
    arch.add(Node{.op = OpType::Input});
    op.inputs = {0};
    const int id = arch.add(op);
    const int pool = arch.add(Node{.op = OpType::GlobalAvgPool, .inputs = {id}});
    arch.add(Node{.op = OpType::Linear, .inputs = {pool}, .outChannels = 10, .bias = true});
    return arch;
}

// Every op type, both merges and an early exit (node 10); the comments give 28x28 sizes.
Architecture everyOp(TensorShape input = {1, 28, 28}, int classes = 10) {
    Architecture a;
    a.input = input;
    a.numClasses = classes;
    const int in = a.add(Node{.op = OpType::Input});
    const int stem = a.add(Node{.op = OpType::Conv, .inputs = {in}, .outChannels = 8, .kernel = 3, .padding = 1});
    const int bn = a.add(Node{.op = OpType::BatchNorm, .inputs = {stem}});
    const int act = a.add(Node{.op = OpType::Activation, .inputs = {bn}, .activation = ActivationType::ReLU});
    const int dw = a.add(Node{.op = OpType::DepthwiseConv, .inputs = {act}, .kernel = 3, .stride = 2, .padding = 1});
    const int pw = a.add(Node{.op = OpType::PointwiseConv, .inputs = {dw}, .outChannels = 8, .bias = true});
    const int avg = a.add(Node{.op = OpType::AvgPool, .inputs = {act}, .kernel = 3, .stride = 2, .padding = 1});
    const int max = a.add(Node{.op = OpType::MaxPool, .inputs = {act}, .kernel = 3, .stride = 2, .padding = 1});
    const int zero = a.add(Node{.op = OpType::Zero, .inputs = {act}, .stride = 2});
    const int sum = a.add(Node{.op = OpType::Identity, .inputs = {pw, avg, max, zero}, .merge = MergeMode::Sum});
    a.add(Node{.op = OpType::EarlyExit, .inputs = {sum}});  // node 10
    const int mb = a.add(Node{.op = OpType::MBConv, .inputs = {sum}, .outChannels = 8, .kernel = 5, .expansion = 4,
                              .squeezeExcite = true, .activation = ActivationType::HSwish});
    const int mb2 = a.add(Node{.op = OpType::MBConv, .inputs = {mb}, .outChannels = 12, .kernel = 3, .stride = 2,
                               .groups = 2, .expansion = 2, .activation = ActivationType::Swish});
    // Concat of a 12-channel and an 8-channel map at 7x7.
    const int down = a.add(Node{.op = OpType::AvgPool, .inputs = {sum}, .kernel = 2, .stride = 2});
    const int concat = a.add(Node{.op = OpType::Activation, .inputs = {mb2, down}, .merge = MergeMode::Concat,
                                  .activation = ActivationType::ReLU6});
    const int gap = a.add(Node{.op = OpType::GlobalAvgPool, .inputs = {concat}});
    const int fc = a.add(Node{.op = OpType::Linear, .inputs = {gap}, .outChannels = 16, .bias = true});
    const int bn2 = a.add(Node{.op = OpType::BatchNorm, .inputs = {fc}});
    a.add(Node{.op = OpType::Linear, .inputs = {bn2}, .outChannels = classes});
    return a;
}

// Exits of both kinds: narrow (width 6, Swish), plain, narrow (width 4, HSwish) - three exits.
Architecture narrowExitNet() {
    Architecture a;
    a.input = {3, 12, 12};
    a.numClasses = 7;
    const int in = a.add(Node{.op = OpType::Input});
    const int stem = a.add(Node{.op = OpType::Conv, .inputs = {in}, .outChannels = 8, .kernel = 3, .padding = 1});
    a.add(Node{.op = OpType::EarlyExit, .inputs = {stem}, .outChannels = 6});
    const int mb = a.add(Node{.op = OpType::MBConv, .inputs = {stem}, .outChannels = 12, .kernel = 3, .stride = 2,
                              .expansion = 3, .activation = ActivationType::Swish});
    a.add(Node{.op = OpType::EarlyExit, .inputs = {mb}});
    a.add(Node{.op = OpType::EarlyExit, .inputs = {mb}, .outChannels = 4, .activation = ActivationType::HSwish});
    const int gap = a.add(Node{.op = OpType::GlobalAvgPool, .inputs = {mb}});
    a.add(Node{.op = OpType::Linear, .inputs = {gap}, .outChannels = 7, .bias = true});
    return a;
}

Architecture smallConvNet() {
    Architecture a;
    const int in = a.add(Node{.op = OpType::Input});
    const int c1 = a.add(Node{.op = OpType::Conv, .inputs = {in}, .outChannels = 8, .kernel = 3, .stride = 2,
                              .padding = 1, .bias = true});
    const int r1 = a.add(Node{.op = OpType::Activation, .inputs = {c1}, .activation = ActivationType::ReLU});
    a.add(Node{.op = OpType::Linear, .inputs = {r1}, .outChannels = 10, .bias = true});
    return a;
}

// torch::conv2d with plain integers (a literal 0 padding would also match the string overload).
torch::Tensor conv(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, int64_t stride,
                   int64_t padding, int64_t dilation, int64_t groups) {
    return torch::conv2d(x, w, b, {stride, stride}, {padding, padding}, {dilation, dilation}, groups);
}

bool allFinite(const torch::Tensor& t) { return torch::isfinite(t).all().item<bool>(); }

// Random values everywhere, so a comparison cannot pass because of identity-like initial weights.
void randomizeState(torch::nn::Module& module) {
    torch::NoGradGuard noGrad;
    for (auto& p : module.named_parameters())
        p.value().uniform_(-1.0, 1.0);
    for (auto& b : module.named_buffers()) {
        if (b.key().find("running_var") != std::string::npos)
            b.value().uniform_(0.5, 1.5);
        else if (b.key().find("running_mean") != std::string::npos)
            b.value().normal_(0.0, 0.5);
    }
}

torch::Tensor param(const torch::nn::Module& module, const std::string& name) {
    const auto params = module.named_parameters();
    const auto* found = params.find(name);
    return found ? *found : torch::Tensor();
}

torch::Tensor buffer(const torch::nn::Module& module, const std::string& name) {
    const auto buffers = module.named_buffers();
    const auto* found = buffers.find(name);
    return found ? *found : torch::Tensor();
}

torch::Tensor batchNormEval(const torch::Tensor& x, const torch::nn::Module& module, const std::string& prefix) {
    return torch::batch_norm(x, param(module, prefix + ".weight"), param(module, prefix + ".bias"),
                             buffer(module, prefix + ".running_mean"), buffer(module, prefix + ".running_var"),
                             /*training=*/false, 0.1, 1e-5, /*cudnn_enabled=*/false);
}

torch::Tensor activationOf(ActivationType type, const torch::Tensor& x) {
    switch (type) {
    case ActivationType::None:
        return x;
    case ActivationType::ReLU:
        return torch::relu(x);
    case ActivationType::ReLU6:
        return torch::nn::functional::relu6(x);
    case ActivationType::Swish:
        return x * torch::sigmoid(x);
    case ActivationType::HSwish:
        return x * torch::nn::functional::relu6(x + 3.0) / 6.0;
    }
    return x;
}

// Average over the window's real pixels only, by explicit loops: independent of both the
// avg_pool2d path and the dilated fallback.
torch::Tensor naiveAvgPool(const torch::Tensor& x, int k, int s, int p, int d) {
    const auto n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    const auto oh = (h + 2 * p - d * (k - 1) - 1) / s + 1, ow = (w + 2 * p - d * (k - 1) - 1) / s + 1;
    auto out = torch::zeros({n, c, oh, ow});
    auto xa = x.accessor<float, 4>();
    auto oa = out.accessor<float, 4>();
    for (int64_t b = 0; b < n; ++b)
        for (int64_t ch = 0; ch < c; ++ch)
            for (int64_t i = 0; i < oh; ++i)
                for (int64_t j = 0; j < ow; ++j) {
                    double sum = 0;
                    int count = 0;
                    for (int u = 0; u < k; ++u)
                        for (int v = 0; v < k; ++v) {
                            const int64_t y = i * s - p + u * d, z = j * s - p + v * d;
                            if (y >= 0 && y < h && z >= 0 && z < w) {
                                sum += xa[b][ch][y][z];
                                ++count;
                            }
                        }
                    oa[b][ch][i][j] = float(sum / count);
                }
    return out;
}

// What node 1 of singleOp(node) must compute, from torch's own operators and the network's weights.
torch::Tensor reference(const Node& node, const torch::Tensor& x, const torch::nn::Module& net) {
    const std::string name = edgenas::models::GraphNetworkImpl::submoduleName(Node{.id = 1, .op = node.op});
    const auto cin = x.size(1);
    switch (node.op) {
    case OpType::Conv:
        return conv(x, param(net, name + ".conv.weight"), param(net, name + ".conv.bias"), node.stride,
                    node.padding, node.dilation, node.groups);
    case OpType::DepthwiseConv:
        return conv(x, param(net, name + ".conv.weight"), {}, node.stride, node.padding, node.dilation, cin);
    case OpType::PointwiseConv:
        return conv(x, param(net, name + ".conv.weight"), param(net, name + ".conv.bias"), node.stride, 0, 1,
                    node.groups);
    case OpType::AvgPool:
        if (node.dilation == 1)
            return torch::avg_pool2d(x, node.kernel, node.stride, node.padding, false, /*count_include_pad=*/false);
        return naiveAvgPool(x, node.kernel, node.stride, node.padding, node.dilation);
    case OpType::MaxPool:
        return torch::max_pool2d(x, node.kernel, node.stride, node.padding, node.dilation);
    case OpType::BatchNorm:
        return batchNormEval(x, net, name + ".bn");
    case OpType::Activation:
        return activationOf(node.activation, x);
    case OpType::Identity:
        return x;
    case OpType::Zero: {
        const auto c = node.outChannels > 0 ? node.outChannels : cin;
        return torch::zeros({x.size(0), c, (x.size(2) + node.stride - 1) / node.stride,
                             (x.size(3) + node.stride - 1) / node.stride});
    }
    case OpType::GlobalAvgPool:
        return torch::adaptive_avg_pool2d(x, {1, 1});
    case OpType::Linear:
        return torch::linear(x.flatten(1), param(net, name + ".fc.weight"), param(net, name + ".fc.bias"))
            .view({x.size(0), -1, 1, 1});
    case OpType::EarlyExit: {
        torch::Tensor h = x;
        if (node.outChannels > 0) {
            h = conv(h, param(net, name + ".conv.weight"), {}, 1, 0, 1, 1);
            const ActivationType act = node.activation == ActivationType::None ? ActivationType::Swish : node.activation;
            h = activationOf(act, batchNormEval(h, net, name + ".bn"));
        }
        return torch::linear(h.mean({2, 3}), param(net, name + ".fc.weight"), param(net, name + ".fc.bias"))
            .view({x.size(0), -1, 1, 1});
    }
    case OpType::MBConv: {
        const ActivationType act = node.activation == ActivationType::None ? ActivationType::ReLU6 : node.activation;
        torch::Tensor h = x;
        if (node.expansion != 1) {
            h = conv(h, param(net, name + ".expand.weight"), {}, 1, 0, 1, node.groups);
            h = activationOf(act, batchNormEval(h, net, name + ".expand_bn"));
            if (node.groups > 1) {
                const auto c = h.size(1);
                h = h.reshape({h.size(0), node.groups, c / node.groups, h.size(2), h.size(3)})
                        .permute({0, 2, 1, 3, 4})
                        .reshape({h.size(0), c, h.size(2), h.size(3)});
            }
        }
        const auto hidden = h.size(1);
        h = conv(h, param(net, name + ".depthwise.weight"), {}, node.stride, node.dilation * (node.kernel - 1) / 2,
                 node.dilation, hidden);
        h = activationOf(act, batchNormEval(h, net, name + ".depthwise_bn"));
        if (node.squeezeExcite) {
            auto s = torch::adaptive_avg_pool2d(h, {1, 1});
            s = torch::relu(torch::conv2d(s, param(net, name + ".se_reduce.weight"),
                                          param(net, name + ".se_reduce.bias")));
            s = torch::conv2d(s, param(net, name + ".se_expand.weight"), param(net, name + ".se_expand.bias"));
            h = h * torch::clamp(s / 6.0 + 0.5, 0.0, 1.0);
        }
        h = conv(h, param(net, name + ".project.weight"), {}, 1, 0, 1, node.groups);
        h = batchNormEval(h, net, name + ".project_bn");
        if (node.stride == 1 && cin == node.outChannels)
            h = h + x;
        return h;
    }
    case OpType::Input:
        break;
    }
    return {};
}

} // namespace

class TestGraphNetwork : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void opsMatchTorch_data();
    void opsMatchTorch();
    void handBuiltArchitectures_data();
    void handBuiltArchitectures();
    void randomArchitectures_data();
    void randomArchitectures();
    void invalidArchitectureNamesNode_data();
    void invalidArchitectureNamesNode();
    void wrongInputShapeIsRejected();
    void earlyExitsAndFeatures();
    void stableSubmoduleNames();
    void initialisation();
    void deterministicUnderSeed();
    void backwardReachesEveryParameter();
};

// One thread: these nets are tiny, so it is the fastest setting, and unlike OpenMP's spinning
// team it does not slow down 20x when other work shares the cores.
void TestGraphNetwork::initTestCase() { edgenas::models::setThreadCount(1); }

void TestGraphNetwork::opsMatchTorch_data() {
    QTest::addColumn<Node>("node");
    QTest::newRow("conv k3 s2 p1 g2 bias")
        << Node{.op = OpType::Conv, .outChannels = 6, .kernel = 3, .stride = 2, .padding = 1, .groups = 2, .bias = true};
    QTest::newRow("conv k3 dilation 2") << Node{.op = OpType::Conv, .outChannels = 5, .kernel = 3, .padding = 2,
                                                .dilation = 2};
    QTest::newRow("depthwise k5 d2") << Node{.op = OpType::DepthwiseConv, .kernel = 5, .padding = 4, .dilation = 2};
    QTest::newRow("depthwise x2 s2") << Node{.op = OpType::DepthwiseConv, .outChannels = 8, .kernel = 3, .stride = 2,
                                             .padding = 1};
    QTest::newRow("pointwise s2 g2 bias") << Node{.op = OpType::PointwiseConv, .outChannels = 6, .stride = 2,
                                                  .groups = 2, .bias = true};
    QTest::newRow("avg pool k3 p1") << Node{.op = OpType::AvgPool, .kernel = 3, .padding = 1};
    QTest::newRow("avg pool k3 s2 p1") << Node{.op = OpType::AvgPool, .kernel = 3, .stride = 2, .padding = 1};
    QTest::newRow("avg pool k3 p1 d2") << Node{.op = OpType::AvgPool, .kernel = 3, .padding = 1, .dilation = 2};
    QTest::newRow("max pool k3 s2 p1") << Node{.op = OpType::MaxPool, .kernel = 3, .stride = 2, .padding = 1};
    QTest::newRow("max pool k2 d2") << Node{.op = OpType::MaxPool, .kernel = 2, .dilation = 2};
    QTest::newRow("batch norm") << Node{.op = OpType::BatchNorm};
    QTest::newRow("relu") << Node{.op = OpType::Activation, .activation = ActivationType::ReLU};
    QTest::newRow("relu6") << Node{.op = OpType::Activation, .activation = ActivationType::ReLU6};
    QTest::newRow("swish") << Node{.op = OpType::Activation, .activation = ActivationType::Swish};
    QTest::newRow("hswish") << Node{.op = OpType::Activation, .activation = ActivationType::HSwish};
    QTest::newRow("identity") << Node{.op = OpType::Identity};
    QTest::newRow("zero s2") << Node{.op = OpType::Zero, .stride = 2};
    QTest::newRow("zero 7 channels") << Node{.op = OpType::Zero, .outChannels = 7};
    QTest::newRow("global avg pool") << Node{.op = OpType::GlobalAvgPool};
    QTest::newRow("linear") << Node{.op = OpType::Linear, .outChannels = 12, .bias = true};
    QTest::newRow("linear no bias") << Node{.op = OpType::Linear, .outChannels = 12};
    QTest::newRow("early exit") << Node{.op = OpType::EarlyExit};
    QTest::newRow("narrow early exit swish") << Node{.op = OpType::EarlyExit, .outChannels = 6};
    QTest::newRow("narrow early exit relu6") << Node{.op = OpType::EarlyExit, .outChannels = 3,
                                                     .activation = ActivationType::ReLU6};
    QTest::newRow("mbconv e1") << Node{.op = OpType::MBConv, .outChannels = 4, .kernel = 3, .expansion = 1};
    QTest::newRow("mbconv e6 k5 s2") << Node{.op = OpType::MBConv, .outChannels = 8, .kernel = 5, .stride = 2,
                                             .expansion = 6};
    QTest::newRow("mbconv e3 se swish residual")
        << Node{.op = OpType::MBConv, .outChannels = 4, .kernel = 3, .expansion = 3, .squeezeExcite = true,
                .activation = ActivationType::Swish};
    QTest::newRow("mbconv e2 g2 shuffle hswish")
        << Node{.op = OpType::MBConv, .outChannels = 6, .kernel = 3, .groups = 2, .expansion = 2,
                .activation = ActivationType::HSwish};
    QTest::newRow("mbconv e4 g4 d2 se") << Node{.op = OpType::MBConv, .outChannels = 4, .kernel = 3, .dilation = 2,
                                                .groups = 4, .expansion = 4, .squeezeExcite = true};
}

void TestGraphNetwork::opsMatchTorch() {
    QFETCH(Node, node);
    torch::manual_seed(3);
    GraphNetwork net(singleOp(node));
    randomizeState(*net);
    net->eval();
    torch::NoGradGuard noGrad;
    const torch::Tensor x = torch::randn({3, 4, 9, 9}) + 0.5;
    const torch::Tensor ours = net->forwardWithFeatures(x, {1}).features.at(0);
    const torch::Tensor expected = reference(node, x, *net);
    QVERIFY(expected.defined());
    QCOMPARE(ours.sizes().vec(), expected.sizes().vec());
    const double error = (ours - expected).abs().max().item<double>();
    QVERIFY2(error < 1e-4, qPrintable(QString("max abs difference %1").arg(error)));
    const auto shape = net->shapes()[1];
    QCOMPARE(ours.sizes().vec(), (std::vector<int64_t>{3, shape.channels, shape.height, shape.width}));
}

void TestGraphNetwork::handBuiltArchitectures_data() {
    QTest::addColumn<Architecture>("arch");
    QTest::addColumn<int>("exits");
    QTest::newRow("every op") << everyOp() << 1;
    QTest::newRow("small conv net") << smallConvNet() << 0;
    QTest::newRow("narrow exit heads") << narrowExitNet() << 3;
    for (const Node& node : {Node{.op = OpType::MBConv, .outChannels = 4, .kernel = 7, .expansion = 6,
                                  .squeezeExcite = true},
                             Node{.op = OpType::Conv, .outChannels = 9, .kernel = 9, .padding = 1},
                             Node{.op = OpType::AvgPool, .kernel = 4, .stride = 3, .padding = 2, .dilation = 3}})
        QTest::newRow(("single " + std::string(toString(node.op))).c_str()) << singleOp(node) << 0;
    QTest::newRow("every op, cifar-100 shape") << everyOp({3, 32, 32}, 100) << 1;
    // The complete 8-node DAG cell: node 7 concatenates seven inputs in each of three stages.
    const auto dag = edgenas::spaces::makeSearchSpace("dag");
    QTest::newRow("complete dag cell")
        << dag->decode(edgenas::spaces::dagGenomeOf(edgenas::spaces::DagCell::complete(8, 1))) << 0;
}

void TestGraphNetwork::handBuiltArchitectures() {
    QFETCH(Architecture, arch);
    QFETCH(int, exits);
    GraphNetwork net(arch);
    QCOMPARE(net->parameterCount(), edgenas::cost::analyseCost(arch).params);
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({4, arch.input.channels, arch.input.height, arch.input.width});
    const auto logits = net->forward(x);
    QCOMPARE(logits.sizes().vec(), (std::vector<int64_t>{4, arch.numClasses}));
    QVERIFY(allFinite(logits));
    const auto all = net->forwardAll(x);
    QCOMPARE(int(all.exitLogits.size()), exits);
    for (const auto& e : all.exitLogits) {
        QCOMPARE(e.sizes().vec(), (std::vector<int64_t>{4, arch.numClasses}));
        QVERIFY(allFinite(e));
    }
    net->eval();
    QVERIFY(allFinite(net->forward(x)));
}

void TestGraphNetwork::randomArchitectures_data() {
    QTest::addColumn<QString>("space");
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("size");
    QTest::newRow("nb201") << "nb201" << 1 << 28;
    QTest::newRow("mobilenet") << "mobilenet" << 1 << 28;
    QTest::newRow("nb201 cifar") << "nb201" << 3 << 32;
    QTest::newRow("dag") << "dag" << 1 << 28;
}

void TestGraphNetwork::randomArchitectures() {
    QFETCH(QString, space);
    QFETCH(int, channels);
    QFETCH(int, size);
    edgenas::spaces::SpaceOptions options;
    options.input = {channels, size, size};
    const auto searchSpace = edgenas::spaces::makeSearchSpace(space.toStdString(), options);
    edgenas::spaces::Rng rng(42);
    const int count = size == 28 ? 100 : 20;
    torch::NoGradGuard noGrad;
    for (int i = 0; i < count; ++i) {
        const Architecture arch = searchSpace->decode(searchSpace->sample(rng));
        const std::string which = "architecture " + std::to_string(i) + ": " + arch.metadata.at("genome");
        GraphNetwork net(arch);
        QVERIFY2(net->parameterCount() == edgenas::cost::analyseCost(arch).params, which.c_str());
        const auto logits = net->forward(torch::randn({2, channels, size, size}));
        QVERIFY2(logits.sizes().vec() == (std::vector<int64_t>{2, arch.numClasses}), which.c_str());
        QVERIFY2(allFinite(logits), which.c_str());
    }
}

void TestGraphNetwork::invalidArchitectureNamesNode_data() {
    QTest::addColumn<Architecture>("arch");
    QTest::addColumn<int>("node");

    Architecture sum = smallConvNet();  // 8x14x14 + 1x28x28
    sum.nodes[3].inputs = {2, 0};
    QTest::newRow("sum of different shapes") << sum << 3;

    Architecture groups = singleOp(Node{.op = OpType::Conv, .outChannels = 6, .kernel = 3, .groups = 3});
    QTest::newRow("groups do not divide") << groups << 1;

    Architecture head = smallConvNet();
    head.nodes[3].outChannels = 7;
    QTest::newRow("head is not one logit per class") << head << 3;

    Architecture spatial = smallConvNet();
    spatial.nodes.pop_back();
    QTest::newRow("output is a feature map") << spatial << 2;

    Architecture kernel = singleOp(Node{.op = OpType::Conv, .outChannels = 4, .kernel = 11});
    QTest::newRow("kernel larger than input") << kernel << 1;

    Architecture order = smallConvNet();
    order.nodes[1].inputs = {2};
    QTest::newRow("not topological") << order << 1;
}

void TestGraphNetwork::invalidArchitectureNamesNode() {
    QFETCH(Architecture, arch);
    QFETCH(int, node);
    try {
        GraphNetwork net(arch);
        QFAIL("no ArchitectureError");
    } catch (const ArchitectureError& e) {
        QCOMPARE(e.nodeId(), node);
        QVERIFY2(std::string(e.what()).find("node " + std::to_string(node)) != std::string::npos, e.what());
    }
}

void TestGraphNetwork::wrongInputShapeIsRejected() {
    GraphNetwork net(smallConvNet());
    QVERIFY_THROWS_EXCEPTION(InputError, net->forward(torch::randn({2, 3, 28, 28})));
    QVERIFY_THROWS_EXCEPTION(InputError, net->forward(torch::randn({1, 28, 28})));
}

void TestGraphNetwork::earlyExitsAndFeatures() {
    const Architecture arch = everyOp();
    GraphNetwork net(arch);
    net->eval();
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({2, 1, 28, 28});
    QCOMPARE(net->earlyExitIds(), std::vector<int>{10});

    const std::vector<int> ids{0, 9, 10, 12, 17};
    const auto out = net->forwardWithFeatures(x, ids);
    QCOMPARE(out.features.size(), ids.size());
    QVERIFY(out.features[0].equal(x));
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const TensorShape s = net->shapes()[static_cast<std::size_t>(ids[i])];
        QCOMPARE(out.features[i].sizes().vec(), (std::vector<int64_t>{2, s.channels, s.height, s.width}));
    }
    // The exit logits are the exit node's output, and all paths agree on the main logits.
    QVERIFY(out.exitLogits.at(0).equal(out.features[2].flatten(1)));
    QVERIFY(torch::allclose(out.logits, net->forward(x)));
    QVERIFY(torch::allclose(net->forwardAll(x).logits, net->forward(x)));
    QVERIFY_THROWS_EXCEPTION(ArchitectureError, net->forwardWithFeatures(x, {99}));
}

void TestGraphNetwork::stableSubmoduleNames() {
    GraphNetwork net(everyOp());
    const auto params = net->named_parameters();
    for (const char* name : {"n1_conv.conv.weight", "n2_batch_norm.bn.weight", "n4_depthwise_conv.conv.weight",
                             "n5_pointwise_conv.conv.bias", "n10_early_exit.fc.weight", "n11_mbconv.expand.weight",
                             "n11_mbconv.se_reduce.bias", "n11_mbconv.project_bn.bias", "n18_linear.fc.weight"})
        QVERIFY2(params.contains(name), name);
    // Bias only where the node asks for it (depthwise never has one).
    QVERIFY(!params.contains("n18_linear.fc.bias"));
    QVERIFY(!params.contains("n4_depthwise_conv.conv.bias"));
    QVERIFY(net->nodeModule(0) == nullptr);
    QVERIFY(net->nodeModule(3) != nullptr);
    QCOMPARE(net->named_children().size(), net->architecture().nodes.size() - 1);

    // A narrow exit head holds "conv" (no bias), "bn" and "fc"; a plain one only "fc".
    GraphNetwork exits(narrowExitNet());
    const auto exitParams = exits->named_parameters();
    for (const char* name : {"n2_early_exit.conv.weight", "n2_early_exit.bn.weight", "n2_early_exit.fc.weight",
                             "n2_early_exit.fc.bias", "n4_early_exit.fc.weight", "n5_early_exit.conv.weight"})
        QVERIFY2(exitParams.contains(name), name);
    QVERIFY(!exitParams.contains("n2_early_exit.conv.bias"));
    QVERIFY(!exitParams.contains("n4_early_exit.conv.weight"));
    QVERIFY(exits->named_buffers().contains("n5_early_exit.bn.running_var"));
    QCOMPARE(exitParams["n2_early_exit.conv.weight"].sizes().vec(), (std::vector<int64_t>{6, 8, 1, 1}));
    QCOMPARE(exitParams["n5_early_exit.fc.weight"].sizes().vec(), (std::vector<int64_t>{7, 4}));
}

void TestGraphNetwork::initialisation() {
    torch::manual_seed(11);
    const Architecture arch = singleOp(Node{.op = OpType::MBConv, .outChannels = 64, .kernel = 3, .expansion = 4,
                                            .squeezeExcite = true},
                                       {32, 8, 8});
    GraphNetwork net(arch);
    const auto expand = param(*net, "n1_mbconv.expand.weight");  // 128 x 32 x 1 x 1, fan_out 128
    QVERIFY(std::abs(expand.std().item<double>() - std::sqrt(2.0 / 128)) < 0.01);
    // torch's fan_out ignores groups: 128 * 9 for the 128 x 1 x 3 x 3 depthwise weight.
    const auto depthwise = param(*net, "n1_mbconv.depthwise.weight");
    QVERIFY(std::abs(depthwise.std().item<double>() - std::sqrt(2.0 / (128 * 9))) < 0.005);
    QVERIFY(param(*net, "n1_mbconv.se_reduce.bias").eq(0).all().item<bool>());
    QVERIFY(param(*net, "n1_mbconv.depthwise_bn.weight").eq(1).all().item<bool>());
    QVERIFY(param(*net, "n1_mbconv.project_bn.bias").eq(0).all().item<bool>());
    const auto fc = param(*net, "n3_linear.fc.weight");
    QVERIFY(std::abs(fc.std().item<double>() - 0.01) < 0.002);
    QVERIFY(param(*net, "n3_linear.fc.bias").eq(0).all().item<bool>());
}

void TestGraphNetwork::deterministicUnderSeed() {
    torch::manual_seed(5);
    GraphNetwork a(everyOp());
    torch::manual_seed(5);
    GraphNetwork b(everyOp());
    const auto pa = a->parameters(), pb = b->parameters();
    QCOMPARE(pa.size(), pb.size());
    for (std::size_t i = 0; i < pa.size(); ++i)
        QVERIFY(pa[i].equal(pb[i]));
    torch::manual_seed(6);
    GraphNetwork c(everyOp());
    QVERIFY(!pa[0].equal(c->parameters()[0]));

    // With a private generator the weights depend on its seed only, not on the global state.
    torch::manual_seed(9);
    GraphNetwork d(everyOp(), at::make_generator<at::CPUGeneratorImpl>(5));
    torch::manual_seed(10);
    GraphNetwork e(everyOp(), at::make_generator<at::CPUGeneratorImpl>(5));
    const auto pd = d->parameters(), pe = e->parameters();
    for (std::size_t i = 0; i < pd.size(); ++i)
        QVERIFY(pd[i].equal(pe[i]));
}

void TestGraphNetwork::backwardReachesEveryParameter() {
    // Every parameter the main output depends on must get a gradient; only the exit head may not.
    GraphNetwork net(everyOp());
    const auto out = net->forwardAll(torch::randn({3, 1, 28, 28}));
    (out.logits.sum() + out.exitLogits.at(0).sum()).backward();
    for (const auto& p : net->named_parameters())
        QVERIFY2(p.value().grad().defined(), p.key().c_str());
}

QTEST_APPLESS_MAIN(TestGraphNetwork)
#include "test_graph_network.moc"
