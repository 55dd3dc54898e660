// core::toJson writes its text directly; these tests hold it to the nlohmann tree writer it
// replaced, byte for byte, over networks of the real spaces, hand-built awkward ones, and every
// short byte string the escaper can meet.

#include "core/architecture_json.h"
#include "core/json_text_writer.h"
#include "spaces/space_factory.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <climits>
#include <optional>
#include <string>
#include <vector>

using namespace edgenas;
using core::ActivationType;
using core::Architecture;
using core::MergeMode;
using core::Node;
using core::OpType;

namespace {

using nlohmann::ordered_json;

// The writer core::toJson used before it wrote text directly: an ordered_json tree, dumped.
// Kept here as the reference the new writer must match.
bool usesKernel(OpType op) {
    return op == OpType::Conv || op == OpType::DepthwiseConv || op == OpType::MBConv || op == OpType::AvgPool ||
           op == OpType::MaxPool;
}
bool usesStride(OpType op) { return usesKernel(op) || op == OpType::PointwiseConv || op == OpType::Zero; }
bool usesPadding(OpType op) {
    return op == OpType::Conv || op == OpType::DepthwiseConv || op == OpType::AvgPool || op == OpType::MaxPool;
}
bool usesDilation(OpType op) { return op == OpType::Conv || op == OpType::DepthwiseConv || op == OpType::MBConv; }
bool usesGroups(OpType op) { return op == OpType::Conv || op == OpType::PointwiseConv || op == OpType::MBConv; }
bool usesOutChannels(OpType op) {
    return op == OpType::Conv || op == OpType::DepthwiseConv || op == OpType::PointwiseConv ||
           op == OpType::MBConv || op == OpType::Linear || op == OpType::Zero;
}
bool usesBias(OpType op) { return op == OpType::Conv || op == OpType::PointwiseConv || op == OpType::Linear; }
bool usesActivation(OpType op) { return op == OpType::Activation || op == OpType::MBConv; }

ordered_json referenceNode(const Node& node) {
    ordered_json j;
    j["id"] = node.id;
    j["op"] = std::string(toString(node.op));
    if (!node.label.empty())
        j["label"] = node.label;
    if (!node.inputs.empty())
        j["inputs"] = node.inputs;
    if (node.inputs.size() > 1)
        j["merge"] = std::string(toString(node.merge));
    // A narrow exit head (width > 0) writes its width and activation; a plain one neither.
    const bool narrowExit = node.op == OpType::EarlyExit && node.outChannels != 0;
    if (usesOutChannels(node.op) || narrowExit)
        j["out_channels"] = node.outChannels;
    if (usesKernel(node.op))
        j["kernel"] = node.kernel;
    if (usesStride(node.op))
        j["stride"] = node.stride;
    if (usesPadding(node.op))
        j["padding"] = node.padding;
    if (usesDilation(node.op))
        j["dilation"] = node.dilation;
    if (usesGroups(node.op))
        j["groups"] = node.groups;
    if (node.op == OpType::MBConv) {
        j["expansion"] = node.expansion;
        j["squeeze_excite"] = node.squeezeExcite;
    }
    if (usesBias(node.op))
        j["bias"] = node.bias;
    if (usesActivation(node.op) || narrowExit)
        j["activation"] = std::string(toString(node.activation));
    return j;
}

std::string referenceToJson(const Architecture& arch, int indent) {
    ordered_json j;
    j["format"] = "edgenas-architecture";
    j["version"] = 1;
    j["input"] = {{"channels", arch.input.channels}, {"height", arch.input.height}, {"width", arch.input.width}};
    j["classes"] = arch.numClasses;
    if (!arch.metadata.empty()) {
        ordered_json meta = ordered_json::object();
        for (const auto& [key, value] : arch.metadata)
            meta[key] = value;
        j["metadata"] = meta;
    }
    ordered_json nodes = ordered_json::array();
    for (const Node& node : arch.nodes)
        nodes.push_back(referenceNode(node));
    j["nodes"] = std::move(nodes);
    return j.dump(indent);
}

// What a writer produced: its text, or the message of the exception it threw.
struct Outcome {
    std::optional<std::string> text;
    std::string error;
    bool operator==(const Outcome&) const = default;
};

template <typename Write>
Outcome outcomeOf(Write&& write) {
    try {
        return {write(), {}};
    } catch (const nlohmann::json::type_error& e) {
        return {std::nullopt, e.what()};
    }
}

QByteArray shown(const Outcome& outcome) {
    return outcome.text ? QByteArray::fromStdString(*outcome.text)
                        : "threw: " + QByteArray::fromStdString(outcome.error);
}

// The indents the store and the search use (-1), the files use (the default, 2), and two more
// to catch a hard-wired width.
constexpr int kIndents[] = {-1, 0, 2, 4};

// Fails the test at the first indent where the two writers differ, showing both texts; the
// caller checks QTest::currentTestFailed() to stop a loop.
void requireSameTextAsReference(const Architecture& arch) {
    for (int indent : kIndents) {
        const Outcome expected = outcomeOf([&] { return referenceToJson(arch, indent); });
        const Outcome actual = outcomeOf([&] { return core::toJson(arch, indent); });
        if (actual != expected)
            QFAIL(qPrintable(QStringLiteral("indent %1 differs\n   actual: %2\n expected: %3")
                                 .arg(indent)
                                 .arg(QString::fromUtf8(shown(actual)))
                                 .arg(QString::fromUtf8(shown(expected)))));
    }
    QCOMPARE(QByteArray::fromStdString(core::toJson(arch)),
             QByteArray::fromStdString(referenceToJson(arch, 2)));
}

// A valid graph touching every op and both merge modes, with labels and metadata set by the caller.
Architecture everyOp(const std::string& label, const std::map<std::string, std::string>& metadata) {
    Architecture arch;
    arch.input = {3, 32, 32};
    arch.numClasses = 10;
    arch.metadata = metadata;
    arch.add(Node{.op = OpType::Input, .label = label});
    arch.add(Node{.op = OpType::Conv, .inputs = {0}, .outChannels = 16, .kernel = 3, .padding = 1, .label = label});
    arch.add(Node{.op = OpType::BatchNorm, .inputs = {1}});
    arch.add(Node{.op = OpType::Activation, .inputs = {2}, .activation = ActivationType::ReLU6, .label = label});
    arch.add(Node{.op = OpType::DepthwiseConv, .inputs = {3}, .outChannels = 16, .kernel = 3, .padding = 1});
    arch.add(Node{.op = OpType::PointwiseConv, .inputs = {4}, .outChannels = 16, .groups = 2, .bias = true});
    arch.add(Node{.op = OpType::MBConv, .inputs = {5}, .outChannels = 16, .kernel = 5, .expansion = 3,
                  .squeezeExcite = true, .activation = ActivationType::HSwish, .label = label + label});
    arch.add(Node{.op = OpType::Zero, .inputs = {6}});
    arch.add(Node{.op = OpType::AvgPool, .inputs = {6}, .kernel = 3, .padding = 1});
    arch.add(Node{.op = OpType::MaxPool, .inputs = {6}, .kernel = 3, .padding = 1});
    arch.add(Node{.op = OpType::Identity, .inputs = {7, 8, 9}});
    arch.add(Node{.op = OpType::Identity, .inputs = {6, 10}, .merge = MergeMode::Concat});
    arch.add(Node{.op = OpType::EarlyExit, .inputs = {11}});
    arch.add(Node{.op = OpType::EarlyExit, .inputs = {6}, .outChannels = 12, .activation = ActivationType::HSwish});
    arch.add(Node{.op = OpType::Activation, .inputs = {11}, .activation = ActivationType::Swish});
    arch.add(Node{.op = OpType::GlobalAvgPool, .inputs = {14}});
    arch.add(Node{.op = OpType::Linear, .inputs = {15}, .outChannels = 10, .bias = true, .label = label});
    return arch;
}

// Every control character, in one string.
std::string allControlCharacters() {
    std::string text;
    for (int c = 0; c < 0x20; ++c)
        text += static_cast<char>(c);
    return text + '\x7f';
}

// Bytes where UTF-8 and JSON escaping change their minds: controls and their neighbours, the
// quote, the backslash, ASCII's end, and the edges of every lead and continuation range.
const std::vector<unsigned char> kBoundaryBytes = {0x00, 0x08, 0x0a, 0x1f, 0x20, 0x22, 0x2f, 0x5c, 0x7e,
                                                   0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1,
                                                   0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0,
                                                   0xf1, 0xf3, 0xf4, 0xf5, 0xff};

} // namespace

class TestArchitectureJsonText : public QObject {
    Q_OBJECT
private slots:
    void sampledNetworksMatchReference_data();
    void sampledNetworksMatchReference();
    void awkwardStringsMatchReference_data();
    void awkwardStringsMatchReference();
    void awkwardNumbersMatchReference();
    void invalidUtf8ThrowsAsReferenceDoes();
    void shortByteStringsEscapeAsReference();
};

void TestArchitectureJsonText::sampledNetworksMatchReference_data() {
    QTest::addColumn<QString>("space");
    QTest::addColumn<spaces::SpaceOptions>("options");
    QTest::addColumn<int>("networks");
    const core::TensorShape cifar{3, 32, 32};
    QTest::newRow("nb201 C16 N5 cifar")
        << "nb201" << spaces::SpaceOptions{.input = cifar, .nb201Channels = 16, .nb201CellsPerStage = 5} << 60;
    QTest::newRow("nb201 C4 N1") << "nb201" << spaces::SpaceOptions{.nb201Channels = 4, .nb201CellsPerStage = 1}
                                 << 100;
    QTest::newRow("nb201 C8 N2 100 classes")
        << "nb201"
        << spaces::SpaceOptions{.input = cifar, .numClasses = 100, .nb201Channels = 8, .nb201CellsPerStage = 2}
        << 100;
    QTest::newRow("mobilenet width 1") << "mobilenet" << spaces::SpaceOptions{} << 100;
    QTest::newRow("mobilenet width 0.5 cifar")
        << "mobilenet" << spaces::SpaceOptions{.input = cifar, .widthMultiplier = 0.5} << 100;
    QTest::newRow("mobilenet width 1.4") << "mobilenet" << spaces::SpaceOptions{.widthMultiplier = 1.4} << 100;
}

void TestArchitectureJsonText::sampledNetworksMatchReference() {
    QFETCH(QString, space);
    QFETCH(spaces::SpaceOptions, options);
    QFETCH(int, networks);
    const auto searchSpace = spaces::makeSearchSpace(space.toStdString(), options);
    spaces::Rng rng(0x7e57'0000 + static_cast<std::uint64_t>(networks) + space.size());
    for (int i = 0; i < networks; ++i) {
        const Architecture arch = searchSpace->decode(searchSpace->sample(rng));
        requireSameTextAsReference(arch);
        if (QTest::currentTestFailed())
            return;  // one network's difference is enough to read
        QVERIFY(core::architectureFromJson(core::toJson(arch, -1)) == arch);
        QVERIFY(core::architectureFromJson(core::toJson(arch)) == arch);
    }
}

void TestArchitectureJsonText::awkwardStringsMatchReference_data() {
    QTest::addColumn<QByteArray>("label");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("value");
    const QByteArray controls = QByteArray::fromStdString(allControlCharacters());
    QTest::newRow("plain") << QByteArray("stage1/cell0") << QByteArray("space") << QByteArray("nb201");
    QTest::newRow("empty metadata") << QByteArray("x") << QByteArray() << QByteArray();
    QTest::newRow("empty label, empty key and value") << QByteArray() << QByteArray("") << QByteArray("");
    QTest::newRow("quotes") << QByteArray(R"("quoted" "")") << QByteArray(R"(k"ey)") << QByteArray(R"("")");
    QTest::newRow("backslashes") << QByteArray(R"(a\b\\c\)") << QByteArray(R"(\)") << QByteArray(R"(C:\runs\n)");
    QTest::newRow("named escapes") << QByteArray("\b\t\n\f\r") << QByteArray("tab\tkey") << QByteArray("line\r\n");
    QTest::newRow("every control character") << controls << controls << QByteArray("a" + controls + "z");
    QTest::newRow("slash and DEL") << QByteArray("a/b</script>") << QByteArray("\x7f") << QByteArray("~\x7f~");
    QTest::newRow("two-byte UTF-8") << QByteArray("caf\xc3\xa9 \xc2\xa0 \xdf\xbf") << QByteArray("\xc3\xbc")
                                    << QByteArray("na\xc3\xafve");
    QTest::newRow("three-byte UTF-8") << QByteArray("cell \xe2\x86\x92 edge \xe0\xa0\x80 \xef\xbf\xbf")
                                      << QByteArray("\xe6\xb7\xb1\xe5\xba\xa6")
                                      << QByteArray("\xed\x9f\xbf\xee\x80\x80");
    QTest::newRow("four-byte UTF-8") << QByteArray("\xf0\x9f\x98\x80 \xf0\x90\x80\x80 \xf4\x8f\xbf\xbf")
                                     << QByteArray("\xf0\x9f\xa7\xa0") << QByteArray("\xf3\xa0\x80\x81");
    QTest::newRow("everything at once") << QByteArray("\"\\\x01\xc3\xa9\n\xf0\x9f\x98\x80\x1f")
                                        << QByteArray("\x1f\xe2\x82\xac\"") << QByteArray("\\u0000\x00 after NUL", 13);
}

void TestArchitectureJsonText::awkwardStringsMatchReference() {
    QFETCH(QByteArray, label);
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, value);
    std::map<std::string, std::string> metadata;
    if (!key.isNull())
        metadata = {{key.toStdString(), value.toStdString()}, {"space", "hand"}, {"~last", ""}};
    const Architecture arch = everyOp(label.toStdString(), metadata);
    requireSameTextAsReference(arch);
    QVERIFY(core::architectureFromJson(core::toJson(arch, -1)) == arch);
    QVERIFY(core::architectureFromJson(core::toJson(arch)) == arch);
}

// The IR holds only ints and bools; toJson writes whatever they hold, valid or not.
void TestArchitectureJsonText::awkwardNumbersMatchReference() {
    Architecture arch;
    arch.input = {INT_MIN, INT_MAX, -1};
    arch.numClasses = 0;
    requireSameTextAsReference(arch); // no nodes, no metadata: empty containers
    if (QTest::currentTestFailed())
        return;

    const std::vector<int> numbers = {0, -1, 1, 9, 10, -10, 99, 100, 12345, -98765, 1 << 30, INT_MAX, INT_MIN};
    for (std::size_t i = 0; i < numbers.size(); ++i) {
        const int n = numbers[i];
        const int m = numbers[(i + 5) % numbers.size()];
        arch.nodes.push_back(Node{.id = n, .op = OpType::MBConv, .inputs = {n, m, INT_MIN}, .outChannels = m,
                                  .kernel = n, .stride = -n == n ? 0 : -n, .padding = m, .dilation = n,
                                  .groups = m, .expansion = n, .squeezeExcite = (i % 2) == 0});
        arch.nodes.push_back(Node{.id = m, .op = OpType::Conv, .inputs = {}, .outChannels = n, .kernel = m,
                                  .stride = n, .padding = n, .dilation = m, .groups = n, .bias = (i % 3) == 0});
    }
    arch.nodes.push_back(Node{.id = 7, .op = OpType::Zero, .inputs = {1}, .outChannels = -3, .stride = -2});
    requireSameTextAsReference(arch);
}

void TestArchitectureJsonText::invalidUtf8ThrowsAsReferenceDoes() {
    const std::vector<std::string> broken = {"\x80", "ok\xff", "\xc0\xaf", "\xc3", "\xc3(", "\xe0\x80\xaf",
                                             "\xed\xa0\x80", "\xe2\x82", "\xf4\x90\x80\x80", "\xf0\x9f\x98",
                                             "\xf8\x88\x80\x80\x80", "fine \xc3\xa9 then \xa9"};
    for (const std::string& text : broken) {
        for (int where = 0; where < 3; ++where) {
            std::map<std::string, std::string> metadata{{"space", "hand"}};
            if (where == 1)
                metadata[text] = "value";
            if (where == 2)
                metadata["key"] = text;
            const Architecture arch = everyOp(where == 0 ? text : "label", metadata);
            for (int indent : kIndents) {
                const Outcome expected = outcomeOf([&] { return referenceToJson(arch, indent); });
                const Outcome actual = outcomeOf([&] { return core::toJson(arch, indent); });
                QVERIFY2(!expected.text, "the reference accepts invalid UTF-8 after all");
                QCOMPARE(QByteArray::fromStdString(actual.error), QByteArray::fromStdString(expected.error));
                QVERIFY(actual == expected);
            }
        }
    }
}

// Every string of up to two bytes, of three drawn from the boundary bytes, and of four starting
// with a four-byte lead: the escaper's output, or its exception's message, equals nlohmann's.
void TestArchitectureJsonText::shortByteStringsEscapeAsReference() {
    std::vector<std::string> cases{""};
    for (int a = 0; a < 256; ++a) {
        cases.push_back(std::string(1, static_cast<char>(a)));
        for (int b = 0; b < 256; ++b)
            cases.push_back({static_cast<char>(a), static_cast<char>(b)});
    }
    for (unsigned char a : kBoundaryBytes)
        for (unsigned char b : kBoundaryBytes)
            for (unsigned char c : kBoundaryBytes) {
                cases.push_back({char(a), char(b), char(c)});
                // Four bytes only after a four-byte lead (or a byte just past them): the shorter
                // characters are settled by the strings above.
                for (unsigned char lead : {0xf0, 0xf1, 0xf3, 0xf4, 0xf5})
                    cases.push_back({char(lead), char(a), char(b), char(c)});
            }
    // Well-formed characters of every length with ASCII on both sides.
    for (const char* middle : {"\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xef\xbf\xbf",
                               "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf"})
        cases.push_back(std::string("a") + middle + "\"z");

    std::size_t mismatches = 0;
    QByteArray firstMismatch;
    for (const std::string& text : cases) {
        const Outcome expected = outcomeOf([&] { return nlohmann::json(text).dump(); });
        const Outcome actual = outcomeOf([&] {
            std::string out = "prefix ";  // appends, never overwrites
            core::appendJsonString(out, text);
            return out.substr(7);
        });
        if (actual != expected && mismatches++ == 0)
            firstMismatch = "input " + QByteArray::fromStdString(text).toHex() + "\n   actual: " + shown(actual) +
                            "\n expected: " + shown(expected);
    }
    QVERIFY2(mismatches == 0, firstMismatch.constData());
    QVERIFY(cases.size() > 200'000);
}

QTEST_APPLESS_MAIN(TestArchitectureJsonText)
#include "test_architecture_json_text.moc"
