#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "core/errors.h"

#include <QTemporaryDir>
#include <nlohmann/json.hpp>

#include <QtTest>

using namespace edgenas::core;

namespace {

// A small graph that touches every op type and both merge modes.
Architecture everyOp() {
    Architecture arch;
    arch.input = {3, 32, 32};
    arch.numClasses = 10;
    arch.metadata["space"] = "hand";
    arch.add(Node{.op = OpType::Input});
    arch.add(Node{.op = OpType::Conv, .inputs = {0}, .outChannels = 16, .kernel = 3, .stride = 1, .padding = 1,
                  .label = "stem"});
    arch.add(Node{.op = OpType::BatchNorm, .inputs = {1}});
    arch.add(Node{.op = OpType::Activation, .inputs = {2}, .activation = ActivationType::ReLU6});
    arch.add(Node{.op = OpType::DepthwiseConv, .inputs = {3}, .outChannels = 16, .kernel = 3, .padding = 1});
    arch.add(Node{.op = OpType::PointwiseConv, .inputs = {4}, .outChannels = 16, .groups = 2, .bias = true});
    arch.add(Node{.op = OpType::MBConv, .inputs = {5}, .outChannels = 16, .kernel = 5, .expansion = 3,
                  .squeezeExcite = true, .activation = ActivationType::HSwish});
    arch.add(Node{.op = OpType::Zero, .inputs = {6}});
    arch.add(Node{.op = OpType::AvgPool, .inputs = {6}, .kernel = 3, .padding = 1});
    arch.add(Node{.op = OpType::MaxPool, .inputs = {6}, .kernel = 3, .padding = 1});
    arch.add(Node{.op = OpType::Identity, .inputs = {7, 8, 9}});
    arch.add(Node{.op = OpType::Identity, .inputs = {6, 10}, .merge = MergeMode::Concat});
    arch.add(Node{.op = OpType::EarlyExit, .inputs = {11}});
    arch.add(Node{.op = OpType::EarlyExit, .inputs = {6}, .outChannels = 12, .activation = ActivationType::HSwish});
    arch.add(Node{.op = OpType::Activation, .inputs = {11}, .activation = ActivationType::Swish});
    arch.add(Node{.op = OpType::GlobalAvgPool, .inputs = {14}});
    arch.add(Node{.op = OpType::Linear, .inputs = {15}, .outChannels = 10, .bias = true});
    return arch;
}

} // namespace

class TestArchitectureJson : public QObject {
    Q_OBJECT
private slots:
    void roundTripKeepsEverything();
    void outputIsStable();
    void fileRoundTrip();
    void malformedInputNamesTheProblem_data();
    void malformedInputNamesTheProblem();
};

void TestArchitectureJson::roundTripKeepsEverything() {
    const Architecture arch = everyOp();
    const Architecture back = architectureFromJson(toJson(arch));
    QVERIFY(back == arch);
    QCOMPARE(canonicalHash(back), canonicalHash(arch));
}

void TestArchitectureJson::outputIsStable() {
    const std::string once = toJson(everyOp());
    const std::string twice = toJson(architectureFromJson(once));
    QCOMPARE(QString::fromStdString(twice), QString::fromStdString(once));
    QVERIFY(once.find("\"op\": \"mbconv\"") != std::string::npos);
    // The plain exit head is written as before narrow heads existed (stored hashes unchanged).
    const nlohmann::json nodes = nlohmann::json::parse(once).at("nodes");
    QCOMPARE(nodes.at(12).size(), std::size_t(3));  // id, op, inputs
    QCOMPARE(nodes.at(13).at("out_channels").get<int>(), 12);
    QCOMPARE(nodes.at(13).at("activation").get<std::string>(), std::string("hswish"));
}

void TestArchitectureJson::fileRoundTrip() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("arch.json").toStdString();
    saveArchitectureFile(everyOp(), path);
    QVERIFY(loadArchitectureFile(path) == everyOp());
    try {
        loadArchitectureFile(dir.filePath("missing.json").toStdString());
        QFAIL("expected InputError");
    } catch (const InputError& e) {
        QVERIFY(QString(e.what()).contains("missing.json"));
    }
}

void TestArchitectureJson::malformedInputNamesTheProblem_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("problem");
    const QString head = R"({"input":{"channels":1,"height":8,"width":8},"classes":10,"nodes":)";
    QTest::newRow("not json") << "{nodes: [" << "malformed";
    QTest::newRow("missing nodes") << R"({"input":{"channels":1,"height":8,"width":8},"classes":10})"
                                   << "missing key 'nodes'";
    QTest::newRow("unknown top key") << head + R"([], "colour": 1})" << "unknown key 'colour'";
    QTest::newRow("unknown op") << head + R"([{"id":0,"op":"input"},{"id":1,"op":"warp","inputs":[0]}]})"
                                << "node 1: unknown op 'warp'";
    QTest::newRow("misspelt key")
        << head + R"([{"id":0,"op":"input"},{"id":1,"op":"conv","inputs":[0],"out_channels":4,"kernal":3}]})"
        << "node 1: unknown key 'kernal'";
    QTest::newRow("wrong type") << head + R"([{"id":0,"op":"input"},{"id":1,"op":"conv","inputs":[0],"out_channels":"4"}]})"
                                << "'out_channels' must be an integer";
    QTest::newRow("invalid graph")
        << head + R"([{"id":0,"op":"input"},{"id":1,"op":"conv","inputs":[0],"out_channels":4,"kernel":9}]})"
        << "node 1: kernel 9 does not fit";
    QTest::newRow("node not an object") << head + R"([{"id":0,"op":"input"}, 5]})"
                                        << "node at position 1: must be an object";
    QTest::newRow("node without id") << head + R"([{"id":0,"op":"input"},{"op":"identity","inputs":[0]}]})"
                                     << "node at position 1: missing key 'id'";
    QTest::newRow("unknown input key")
        << R"({"input":{"channels":1,"height":8,"width":8,"depth":2},"classes":10,"nodes":[]})"
        << "architecture input: unknown key 'depth'";
    QTest::newRow("zero classes") << R"({"input":{"channels":1,"height":8,"width":8},"classes":0,"nodes":[]})"
                                  << "'classes' must be at least 1";
    QTest::newRow("number too large") << head + R"([{"id":0,"op":"input"},{"id":1,"op":"conv","inputs":[0],"out_channels":1e400}]})"
                                      << "key 'nodes[1].out_channels': a number is too large";
    QTest::newRow("key given twice") << R"({"classes":10,"input":{"channels":1,"height":8,"width":8},"classes":3})"
                                     << "key 'classes' appears twice";
    QTest::newRow("absurd input") << R"({"input":{"channels":1,"height":1073741824,"width":1073741824},"classes":10,)"
                                     R"("nodes":[{"id":0,"op":"input"}]})"
                                  << "node 0: output 1x1073741824x1073741824 is too large";
    QTest::newRow("absurd weights")
        << head + R"([{"id":0,"op":"input"},{"id":1,"op":"linear","inputs":[0],"out_channels":1073741824}]})"
        << "node 1: 6.87e+10 weights are too many";
    QTest::newRow("absurd dilation")
        << head + R"([{"id":0,"op":"input"},{"id":1,"op":"conv","inputs":[0],"out_channels":4,"kernel":1073741824,)"
                  R"("dilation":1073741824}]})"
        << "node 1: kernel 1073741824 does not fit";
    QTest::newRow("negative exit width")
        << head + R"([{"id":0,"op":"input"},{"id":1,"op":"early_exit","inputs":[0],"out_channels":-2},)"
                  R"({"id":2,"op":"global_avg_pool","inputs":[0]}]})"
        << "node 1: early exit head width (out_channels) must not be negative";
    QTest::newRow("empty") << " \n" << "architecture JSON is empty";
    // Found by fuzz/fuzz_architecture_json: sizes up to 2^30 each overflowed int in shape inference.
    const QString huge = R"({"input":{"channels":1,"height":1073741824,"width":1073741824},"classes":10,"nodes":)";
    QTest::newRow("input too large") << huge + R"([{"id":0,"op":"input"}]})" << "node 0: output 1x1073741824x1073741824 is too large";
    QTest::newRow("dilated kernel too large")
        << head + R"([{"id":0,"op":"input"},{"id":1,"op":"conv","inputs":[0],"out_channels":1,"kernel":1073741824,"dilation":1073741824,"padding":1073741824}]})"
        << "node 1: kernel 1073741824 does not fit input 1x8x8";
    QTest::newRow("padding too large")
        << head + R"([{"id":0,"op":"input"},{"id":1,"op":"max_pool","inputs":[0],"kernel":3,"padding":1073741824}]})"
        << "node 1: padding 1073741824 is too large";
    QTest::newRow("padded output too large")
        << head + R"([{"id":0,"op":"input"},{"id":1,"op":"conv","inputs":[0],"out_channels":1,"kernel":1,"padding":1073741824}]})"
        << "node 1: padding 1073741824 is too large";
    QTest::newRow("concat too wide")
        << R"({"input":{"channels":1,"height":1,"width":1},"classes":10,"nodes":[{"id":0,"op":"input"},)"
           R"({"id":1,"op":"conv","inputs":[0],"out_channels":1073741824,"kernel":1},)"
           R"({"id":2,"op":"identity","inputs":[1,1,1],"merge":"concat"}]})"
        << "node 2: concat of 1073741824x1x1 and 1073741824x1x1 has too many channels";
    QTest::newRow("expansion too large")
        << head + R"([{"id":0,"op":"input"},{"id":1,"op":"mbconv","inputs":[0],"out_channels":1,"kernel":3,"expansion":1073741824}]})"
        << "node 1: expansion 1073741824 of input 1x8x8 is too large";
    QTest::newRow("mbconv kernel too large")
        << head + R"([{"id":0,"op":"input"},{"id":1,"op":"mbconv","inputs":[0],"out_channels":1,"kernel":1073741823,"dilation":1073741824}]})"
        << "node 1: MBConv kernel 1073741823 with dilation 1073741824 is too large to pad";
    QTest::newRow("unsigned beyond 2^63")
        << head + R"([{"id":0,"op":"input"},{"id":1,"op":"conv","inputs":[0],"out_channels":4,"stride":18446744073709551615}]})"
        << "node 1: key 'stride' is out of range";
    QTest::newRow("newer version") << R"({"version":99,"input":{"channels":1,"height":8,"width":8},"classes":1,"nodes":[]})"
                                   << "newer";
}

void TestArchitectureJson::malformedInputNamesTheProblem() {
    QFETCH(QString, json);
    QFETCH(QString, problem);
    try {
        architectureFromJson(json.toStdString());
        QFAIL("expected InputError");
    } catch (const InputError& e) {
        QVERIFY2(QString(e.what()).contains(problem), e.what());
    }
}

QTEST_APPLESS_MAIN(TestArchitectureJson)
#include "test_architecture_json.moc"
