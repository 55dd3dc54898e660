#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "core/errors.h"
#include "core/shape_inference.h"
#include "cost/architecture_cost.h"
#include "spaces/nb201_space.h"

#include <QtTest>

#include <functional>
#include <future>
#include <set>

using namespace edgenas;
using spaces::Genome;
using spaces::Nb201Space;

Q_DECLARE_METATYPE(edgenas::core::TensorShape)

namespace {

// Enums compared by name, so failures print something readable.
template <typename Enum>
QString name(Enum value) {
    return QString::fromUtf8(core::toString(value).data(), qsizetype(core::toString(value).size()));
}

QString errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const core::InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

spaces::SpaceOptions options(core::TensorShape input, int classes, int channels, int cells) {
    spaces::SpaceOptions o;
    o.input = input;
    o.numClasses = classes;
    o.nb201Channels = channels;
    o.nb201CellsPerStage = cells;
    return o;
}

// Sanitizer builds run the JSON round trip ~25x slower; there every 7th genome (still every
// operation on every edge) is enough to look for memory errors, and release builds check all.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kRoundTripStride = 7;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr int kRoundTripStride = 7;
#else
constexpr int kRoundTripStride = 1;
#endif
#else
constexpr int kRoundTripStride = 1;
#endif

Genome genomeOfIndex(int index) {
    Genome g(Nb201Space::kEdgeCount);
    for (int k = Nb201Space::kEdgeCount - 1; k >= 0; --k) {
        g[static_cast<std::size_t>(k)] = index % 5;
        index /= 5;
    }
    return g;
}

struct Cost {
    qint64 macs = 0;
    qint64 params = 0;
};

// Hand-derived cost of an NB201 network, following the benchmark's counting (conv and FC
// multiply-accumulates only; BN has 2 parameters per channel; only the classifier has a bias).
//   A kxk convolution Cin -> Cout with an HxW output: MACs = H*W*Cin*Cout*k*k, params = Cin*Cout*k*k.
//   stem:        conv3x3 Cin -> C at the input size S, BN(C)
//   cell, width c at size s, per edge (all edges are c -> c, stride 1):
//     none / skip_connect / avg_pool_3x3: nothing
//     nor_conv_1x1: MACs s*s*c*c,   params c*c + 2c
//     nor_conv_3x3: MACs s*s*c*c*9, params 9*c*c + 2c
//   reduction c -> 2c, output size t = s/2:
//     conv_a 3x3 stride 2: MACs t*t*c*2c*9,  params 9*c*2c + 2*(2c)
//     conv_b 3x3:          MACs t*t*2c*2c*9, params 9*2c*2c + 2*(2c)
//     shortcut pool+1x1:   MACs t*t*c*2c,    params c*2c
//   lastact BN(4C): 2*4C params; classifier 4C -> classes: MACs 4C*classes, params 4C*classes + classes.
// The network has stages at sizes S, S/2, S/4 with widths C, 2C, 4C, N cells each.
Cost nb201Cost(core::TensorShape input, int classes, int C, int N, int conv3x3PerCell, int conv1x1PerCell) {
    Cost cost;
    const auto conv = [&](qint64 size, qint64 cin, qint64 cout, qint64 k) {
        cost.macs += size * size * cin * cout * k * k;
        cost.params += cin * cout * k * k;
    };
    const auto bn = [&](qint64 channels) { cost.params += 2 * channels; };
    qint64 s = input.height;
    conv(s, input.channels, C, 3);
    bn(C);
    qint64 c = C;
    for (int stage = 0; stage < 3; ++stage) {
        if (stage > 0) {
            const qint64 t = s / 2;
            conv(t, c, 2 * c, 3);
            bn(2 * c);
            conv(t, 2 * c, 2 * c, 3);
            bn(2 * c);
            conv(t, c, 2 * c, 1);
            s = t;
            c *= 2;
        }
        for (int cell = 0; cell < N; ++cell) {
            for (int e = 0; e < conv3x3PerCell; ++e) {
                conv(s, c, c, 3);
                bn(c);
            }
            for (int e = 0; e < conv1x1PerCell; ++e) {
                conv(s, c, c, 1);
                bn(c);
            }
        }
    }
    bn(c);
    cost.macs += c * classes;
    cost.params += c * classes + classes;
    return cost;
}

} // namespace

class TestNb201Space : public QObject {
    Q_OBJECT

private slots:
    void everyGenomeRoundTripsThroughTheArchString();
    void everyGenomeRoundTripsThroughJson_data();
    void everyGenomeRoundTripsThroughJson();
    void deadEdgesDoNotChangeTheHash();
    void knownArchStrings_data();
    void knownArchStrings();
    void badArchStringsNameTheToken_data();
    void badArchStringsNameTheToken();
    void costMatchesHandCount_data();
    void costMatchesHandCount();
    void officialLargestNetwork();
    void stageSizes_data();
    void stageSizes();
    void cellWiring();
    void labelsAreReadableAndUnique();
    void genes();
    void badOptions_data();
    void badOptions();
};

void TestNb201Space::everyGenomeRoundTripsThroughTheArchString() {
    const Nb201Space space;
    std::set<std::string> strings;
    for (int index = 0; index < 15625; ++index) {
        const Genome g = genomeOfIndex(index);
        const std::string arch = space.genomeToString(g);
        QCOMPARE(space.genomeFromString(arch), g);
        strings.insert(arch);
    }
    QCOMPARE(int(strings.size()), 15625);
}

void TestNb201Space::everyGenomeRoundTripsThroughJson_data() {
    // Rows of 625 genomes keep each row far below QTest's per-function watchdog even in
    // sanitizer builds, and say where a failure is.
    QTest::addColumn<int>("begin");
    QTest::addColumn<int>("end");
    for (int begin = 0; begin < 15625; begin += 625)
        QTest::addRow("genomes %d-%d", begin, begin + 624) << begin << begin + 625;
}

void TestNb201Space::everyGenomeRoundTripsThroughJson() {
    QFETCH(int, begin);
    QFETCH(int, end);
    // N = 1 keeps this quick; every cell genome is covered and the macro structure does not
    // depend on the genome (the N = 5 network is checked on samples elsewhere). JSON parsing
    // dominates, so the genomes are split over two threads; QTest macros stay on this thread.
    const Nb201Space space(options({3, 32, 32}, 10, 16, 1));
    const auto roundTrip = [&space](int from, int to) {
        std::vector<std::string> failures;
        for (int index = from; index < to; ++index) {
            if (index % kRoundTripStride != 0)
                continue;
            const Genome g = genomeOfIndex(index);
            try {
                const core::Architecture arch = space.decode(g);
                const core::Architecture back = core::architectureFromJson(core::toJson(arch, -1));
                if (core::canonicalHash(back) != core::canonicalHash(arch))
                    failures.push_back(space.genomeToString(g) + ": canonical hash changed");
                else if (!(back == arch)) // nothing is lost, not even labels or metadata
                    failures.push_back(space.genomeToString(g) + ": architecture changed");
            } catch (const std::exception& e) {
                failures.push_back(space.genomeToString(g) + ": " + e.what());
            }
        }
        return failures;
    };
    const int middle = (begin + end) / 2;
    auto secondHalf = std::async(std::launch::async, roundTrip, middle, end);
    std::vector<std::string> failures = roundTrip(begin, middle);
    for (const std::string& failure : secondHalf.get())
        failures.push_back(failure);
    for (const std::string& failure : failures)
        qWarning("%s", failure.c_str());
    QCOMPARE(failures.size(), std::size_t(0));
}

void TestNb201Space::deadEdgesDoNotChangeTheHash() {
    // Node 1 feeds nothing (edges 2<-1 and 3<-1 are none) and node 2 only adds zeros to node 3,
    // so the canonical network is input -> skip -> node 3 whatever edge 1<-0 is.
    const Nb201Space space;
    const auto hashOf = [&](const char* arch) { return core::canonicalHash(space.decode(space.genomeFromString(arch))); };
    const std::string base = hashOf("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|");
    QCOMPARE(hashOf("|avg_pool_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|"), base);
    QCOMPARE(hashOf("|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|"), base);
    QVERIFY(hashOf("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|nor_conv_1x1~1|none~2|") != base);
    QVERIFY(hashOf("|nor_conv_3x3~0|+|none~0|none~1|+|avg_pool_3x3~0|none~1|none~2|") != base);
}

void TestNb201Space::knownArchStrings_data() {
    QTest::addColumn<QString>("genome");
    QTest::addColumn<QString>("arch");
    QTest::newRow("sample") << "3,0,4,1,2,3"
                            << "|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|";
    QTest::newRow("all none") << "0,0,0,0,0,0" << "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
    QTest::newRow("all conv3x3")
        << "3,3,3,3,3,3"
        << "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|";
    QTest::newRow("ResNet-like")
        << "3,1,3,0,0,1" << "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|+|none~0|none~1|skip_connect~2|";
    QTest::newRow("edge order") << "0,1,2,3,4,0"
                                << "|none~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|none~2|";
}

void TestNb201Space::knownArchStrings() {
    QFETCH(QString, genome);
    QFETCH(QString, arch);
    const Nb201Space space;
    const Genome g = spaces::genomeFromIntList(genome.toStdString());
    QCOMPARE(QString::fromStdString(space.genomeToString(g)), arch);
    QCOMPARE(space.genomeFromString(arch.toStdString()), g);
    QCOMPARE(space.genomeFromString("  " + arch.toStdString() + "\n"), g);
    QCOMPARE(QString::fromStdString(space.decode(g).metadata.at("arch")), arch);
}

void TestNb201Space::badArchStringsNameTheToken_data() {
    QTest::addColumn<QString>("arch");
    QTest::addColumn<QString>("named");
    QTest::newRow("unknown op") << "|conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|"
                                << "'conv_3x3~0'";
    QTest::newRow("unknown op later") << "|none~0|+|none~0|none~1|+|none~0|max_pool_3x3~1|none~2|"
                                      << "'max_pool_3x3~1'";
    QTest::newRow("wrong input index") << "|none~0|+|none~0|none~2|+|none~0|none~1|none~2|"
                                       << "'none~2'";
    QTest::newRow("missing tilde") << "|none~0|+|none~0|none|+|none~0|none~1|none~2|"
                                   << "'none'";
    QTest::newRow("empty token") << "|none~0|+|none~0||+|none~0|none~1|none~2|"
                                 << "''";
    QTest::newRow("too few edges") << "|none~0|+|none~0|+|none~0|none~1|none~2|"
                                   << "'|none~0|'";
    QTest::newRow("too many edges") << "|none~0|none~1|+|none~0|none~1|+|none~0|none~1|none~2|"
                                    << "'|none~0|none~1|'";
    QTest::newRow("two groups") << "|none~0|+|none~0|none~1|"
                                << "got 2";
    QTest::newRow("missing bars") << "none~0+|none~0|none~1|+|none~0|none~1|none~2|"
                                  << "'none~0'";
    QTest::newRow("empty") << ""
                           << "got 1";
    QTest::newRow("genome list") << "3,0,4,1,2,3"
                                 << "got 1";
}

void TestNb201Space::badArchStringsNameTheToken() {
    QFETCH(QString, arch);
    QFETCH(QString, named);
    const Nb201Space space;
    const QString message = errorOf([&] { space.genomeFromString(arch.toStdString()); });
    QVERIFY2(message.contains(named), qPrintable(message));
}

void TestNb201Space::costMatchesHandCount_data() {
    QTest::addColumn<QString>("arch");
    QTest::addColumn<core::TensorShape>("input");
    QTest::addColumn<int>("classes");
    QTest::addColumn<int>("C");
    QTest::addColumn<int>("N");
    QTest::addColumn<int>("conv3x3PerCell");
    QTest::addColumn<int>("conv1x1PerCell");
    const QString allConv = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|";
    const QString allNone = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
    const QString all1x1 = "|nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_1x1~1|+|nor_conv_1x1~0|nor_conv_1x1~1|nor_conv_1x1~2|";
    const QString sample = "|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|";
    const QString poolsAndSkips = "|avg_pool_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|skip_connect~0|none~1|avg_pool_3x3~2|";
    const core::TensorShape cifar{3, 32, 32};
    const core::TensorShape fmnist{1, 28, 28};
    QTest::newRow("all conv3x3, CIFAR-10") << allConv << cifar << 10 << 16 << 5 << 6 << 0;
    QTest::newRow("all none, CIFAR-10") << allNone << cifar << 10 << 16 << 5 << 0 << 0;
    QTest::newRow("all conv1x1, CIFAR-10") << all1x1 << cifar << 10 << 16 << 5 << 0 << 6;
    QTest::newRow("sample, CIFAR-10") << sample << cifar << 10 << 16 << 5 << 2 << 1;
    QTest::newRow("pools and skips, CIFAR-100") << poolsAndSkips << cifar << 100 << 16 << 5 << 0 << 0;
    QTest::newRow("sample, Fashion-MNIST") << sample << fmnist << 10 << 16 << 5 << 2 << 1;
    QTest::newRow("all conv3x3, Fashion-MNIST") << allConv << fmnist << 10 << 16 << 5 << 6 << 0;
    QTest::newRow("sample, C=8 N=2") << sample << fmnist << 10 << 8 << 2 << 2 << 1;
}

void TestNb201Space::costMatchesHandCount() {
    QFETCH(QString, arch);
    QFETCH(core::TensorShape, input);
    QFETCH(int, classes);
    QFETCH(int, C);
    QFETCH(int, N);
    QFETCH(int, conv3x3PerCell);
    QFETCH(int, conv1x1PerCell);
    const Nb201Space space(options(input, classes, C, N));
    const cost::ArchitectureCost cost = cost::analyseCost(space.decode(space.genomeFromString(arch.toStdString())));
    const Cost expected = nb201Cost(input, classes, C, N, conv3x3PerCell, conv1x1PerCell);
    QCOMPARE(qint64(cost.macs), expected.macs);
    QCOMPARE(qint64(cost.params), expected.params);
}

void TestNb201Space::officialLargestNetwork() {
    // All nor_conv_3x3, C = 16, N = 5, CIFAR-10 (32x32x3, 10 classes), by hand:
    //   stem       conv 3*16*9 = 432 + BN 32                      = 464 params,   32*32*432 = 442,368 MACs
    //   stage 1    30 convs (9*16*16 = 2,304 + BN 32 = 2,336)     = 70,080,       30 * 1024*2,304 = 70,778,880
    //   reduction1 conv_a 4,608+64, conv_b 9,216+64, 1x1 512      = 14,464,       256*(4,608+9,216+512) = 3,670,016
    //   stage 2    30 convs (9,216 + 64 = 9,280)                  = 278,400,      30 * 256*9,216 = 70,778,880
    //   reduction2 conv_a 18,432+128, conv_b 36,864+128, 1x1 2,048 = 57,600,      64*(18,432+36,864+2,048) = 3,670,016
    //   stage 3    30 convs (36,864 + 128 = 36,992)               = 1,109,760,    30 * 64*36,864 = 70,778,880
    //   lastact BN 128; classifier 640 + 10 = 650                 = 778,          640
    //   total                                                     = 1,531,546,    220,119,680
    // The benchmark lists 1.531546 M parameters and 220.11 M FLOPs for this network.
    spaces::SpaceOptions cifar10;
    cifar10.input = {3, 32, 32};
    const Nb201Space space(cifar10);
    const auto cost = cost::analyseCost(space.decode(Genome(6, Nb201Space::NorConv3x3)));
    QCOMPARE(cost.params, std::int64_t(1'531'546));
    QCOMPARE(cost.macs, std::int64_t(220'119'680));
}

void TestNb201Space::stageSizes_data() {
    QTest::addColumn<core::TensorShape>("input");
    QTest::addColumn<int>("size1");
    QTest::addColumn<int>("size2");
    QTest::addColumn<int>("size3");
    QTest::newRow("Fashion-MNIST 28x28x1") << core::TensorShape{1, 28, 28} << 28 << 14 << 7;
    QTest::newRow("CIFAR 32x32x3") << core::TensorShape{3, 32, 32} << 32 << 16 << 8;
    QTest::newRow("ImageNet16 16x16x3") << core::TensorShape{3, 16, 16} << 16 << 8 << 4;
}

void TestNb201Space::stageSizes() {
    QFETCH(core::TensorShape, input);
    QFETCH(int, size1);
    QFETCH(int, size2);
    QFETCH(int, size3);
    const Nb201Space space(options(input, 10, 16, 5));
    const core::Architecture arch = space.decode({3, 0, 4, 1, 2, 3});
    const auto shapes = core::inferShapes(arch);
    const auto shapeOf = [&](const std::string& label) {
        for (const core::Node& node : arch.nodes)
            if (node.label == label)
                return shapes[static_cast<std::size_t>(node.id)];
        return core::TensorShape{};
    };
    QCOMPARE(shapeOf("stage1/cell4/node3"), (core::TensorShape{16, size1, size1}));
    QCOMPARE(shapeOf("stage2/cell0/node3"), (core::TensorShape{32, size2, size2}));
    QCOMPARE(shapeOf("reduction2/sum"), (core::TensorShape{64, size3, size3}));
    QCOMPARE(shapeOf("stage3/cell4/node3"), (core::TensorShape{64, size3, size3}));
    QCOMPARE(shapes.back(), (core::TensorShape{10, 1, 1}));
}

void TestNb201Space::cellWiring() {
    // |nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|
    const Nb201Space space(options({1, 28, 28}, 10, 16, 1));
    const core::Architecture arch = space.decode({3, 0, 4, 1, 2, 3});
    std::map<std::string, const core::Node*> byLabel;
    for (const core::Node& node : arch.nodes)
        byLabel[node.label] = &node;
    const auto op = [&](const std::string& label) { return byLabel.at(label)->op; };
    const auto inputsOf = [&](const std::string& label) {
        std::vector<std::string> labels;
        for (int input : byLabel.at(label)->inputs)
            labels.push_back(arch.node(input).label);
        return labels;
    };
    const std::string cell = "stage1/cell0/";
    QCOMPARE(inputsOf(cell + "node1"), std::vector<std::string>{cell + "node1<-0 nor_conv_3x3/bn"});
    QCOMPARE(inputsOf(cell + "node1<-0 nor_conv_3x3/relu"), std::vector<std::string>{"stem/bn"});
    QCOMPARE(inputsOf(cell + "node2"),
             (std::vector<std::string>{cell + "node2<-0 none", cell + "node2<-1 avg_pool_3x3"}));
    QCOMPARE(name(op(cell + "node2<-0 none")), name(core::OpType::Zero));
    QCOMPARE(inputsOf(cell + "node2<-1 avg_pool_3x3"), std::vector<std::string>{cell + "node1"});
    QCOMPARE(byLabel.at(cell + "node2<-1 avg_pool_3x3")->kernel, 3);
    QCOMPARE(byLabel.at(cell + "node2<-1 avg_pool_3x3")->padding, 1);
    QCOMPARE(inputsOf(cell + "node3"), (std::vector<std::string>{cell + "node3<-0 skip_connect",
                                                                  cell + "node3<-1 nor_conv_1x1/bn",
                                                                  cell + "node3<-2 nor_conv_3x3/bn"}));
    QCOMPARE(name(op(cell + "node3<-0 skip_connect")), name(core::OpType::Identity));
    QCOMPARE(inputsOf(cell + "node3<-2 nor_conv_3x3/relu"), std::vector<std::string>{cell + "node2"});
    QCOMPARE(name(op(cell + "node3<-1 nor_conv_1x1/conv")), name(core::OpType::PointwiseConv));
    QCOMPARE(byLabel.at(cell + "node3<-2 nor_conv_3x3/conv")->padding, 1);
    QVERIFY(!byLabel.at(cell + "node3<-2 nor_conv_3x3/conv")->bias);
    // the reduction: two ReLU-conv-BN and a pooled 1x1 shortcut, summed
    QCOMPARE(inputsOf("reduction1/conv_a/relu"), std::vector<std::string>{cell + "node3"});
    QCOMPARE(byLabel.at("reduction1/conv_a/conv")->stride, 2);
    QCOMPARE(inputsOf("reduction1/shortcut/pool"), std::vector<std::string>{cell + "node3"});
    QCOMPARE(inputsOf("reduction1/sum"),
             (std::vector<std::string>{"reduction1/shortcut/conv", "reduction1/conv_b/bn"}));
    QCOMPARE(inputsOf("head/classifier"), std::vector<std::string>{"head/gap"});
    QVERIFY(byLabel.at("head/classifier")->bias);
}

void TestNb201Space::labelsAreReadableAndUnique() {
    const Nb201Space space;
    const core::Architecture arch = space.decode({3, 3, 3, 3, 3, 3});
    std::set<std::string> labels;
    for (const core::Node& node : arch.nodes) {
        QVERIFY(!node.label.empty());
        labels.insert(node.label);
    }
    QCOMPARE(labels.size(), arch.nodes.size());
    QCOMPARE(arch.metadata.at("space"), std::string("nb201"));
    QCOMPARE(arch.metadata.at("genome"), std::string("3,3,3,3,3,3"));
}

void TestNb201Space::genes() {
    const Nb201Space space;
    QCOMPARE(space.geneCardinalities(), std::vector<int>(6, 5));
    QCOMPARE(space.geneChoiceNames(0), (std::vector<std::string>{"none", "skip_connect", "nor_conv_1x1",
                                                                  "nor_conv_3x3", "avg_pool_3x3"}));
    const char* labels[] = {"edge 1<-0", "edge 2<-0", "edge 2<-1", "edge 3<-0", "edge 3<-1", "edge 3<-2"};
    for (int gene = 0; gene < 6; ++gene)
        QCOMPARE(space.geneLabel(gene), std::string(labels[gene]));
    QVERIFY(!errorOf([&] { space.geneChoiceNames(6); }).isEmpty());
    QCOMPARE(space.size(), 15625.0);
    QCOMPARE(space.name(), std::string("nb201"));
}

void TestNb201Space::badOptions_data() {
    QTest::addColumn<core::TensorShape>("input");
    QTest::addColumn<int>("C");
    QTest::addColumn<int>("N");
    QTest::addColumn<int>("classes");
    QTest::addColumn<QString>("named");
    QTest::newRow("C = 0") << core::TensorShape{3, 32, 32} << 0 << 5 << 10 << "channels";
    QTest::newRow("N = 0") << core::TensorShape{3, 32, 32} << 16 << 0 << 10 << "cells";
    QTest::newRow("no classes") << core::TensorShape{3, 32, 32} << 16 << 5 << 0 << "classes";
    QTest::newRow("empty input") << core::TensorShape{0, 32, 32} << 16 << 5 << 10 << "input";
    QTest::newRow("odd size at reduction 2") << core::TensorShape{3, 30, 30} << 16 << 5 << 10 << "3x30x30";
    QTest::newRow("odd size at reduction 1") << core::TensorShape{3, 27, 27} << 16 << 5 << 10 << "3x27x27";
}

void TestNb201Space::badOptions() {
    QFETCH(core::TensorShape, input);
    QFETCH(int, C);
    QFETCH(int, N);
    QFETCH(int, classes);
    QFETCH(QString, named);
    const QString message = errorOf([&] { Nb201Space space(options(input, classes, C, N)); });
    QVERIFY2(message.contains(named), qPrintable(message));
}

QTEST_APPLESS_MAIN(TestNb201Space)
#include "test_nb201_space.moc"
