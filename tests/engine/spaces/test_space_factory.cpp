#include "core/errors.h"
#include "core/shape_inference.h"
#include "spaces/space_factory.h"

#include <QtTest>

#include <functional>

using namespace edgenas;

namespace {

QString errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const core::InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestSpaceFactory : public QObject {
    Q_OBJECT

private slots:
    void knownNames();
    void configKeysBySpace();
    void createsByName_data();
    void createsByName();
    void unknownNameListsTheKnownOnes();
    void optionsReachTheSpace();
    void layoutFileFromOptions();
};

void TestSpaceFactory::knownNames() {
    QCOMPARE(spaces::knownSpaceNames(), (std::vector<std::string>{"nb201", "mobilenet", "dag", "attentive"}));
    for (const std::string& name : spaces::knownSpaceNames())
        QCOMPARE(spaces::makeSearchSpace(name)->name(), name);
}

// The run-config keys each space reads beyond the common ones; aliases share their space's.
void TestSpaceFactory::configKeysBySpace() {
    using Keys = std::vector<std::string>;
    QCOMPARE(spaces::spaceConfigKeys("nb201"), Keys{});
    QCOMPARE(spaces::spaceConfigKeys("mobilenet"), Keys{});
    QCOMPARE(spaces::spaceConfigKeys("dag"), (Keys{"nodes", "stages"}));
    QCOMPARE(spaces::spaceConfigKeys("swiftnet"), (Keys{"nodes", "stages"}));
    QCOMPARE(spaces::spaceConfigKeys("attentive"), Keys{"layout"});
    QCOMPARE(spaces::spaceConfigKeys("hadas"), Keys{"layout"});
    QCOMPARE(spaces::spaceConfigKeys("darts"), Keys{});
}

void TestSpaceFactory::createsByName_data() {
    QTest::addColumn<QString>("requested");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("genes");
    QTest::newRow("nb201") << "nb201" << "nb201" << 6;
    QTest::newRow("nasbench201 alias") << "nasbench201" << "nb201" << 6;
    QTest::newRow("mobilenet") << "mobilenet" << "mobilenet" << 22;
    QTest::newRow("fbnet alias") << "fbnet" << "mobilenet" << 22;
    // 8 nodes: 28 edge genes and 7 operator genes
    QTest::newRow("dag") << "dag" << "dag" << 35;
    QTest::newRow("swiftnet alias") << "swiftnet" << "dag" << 35;
    // reduced layout: stem, 4 genes for each of 5 stages, feature width, resolution
    QTest::newRow("attentive") << "attentive" << "attentive" << 23;
    QTest::newRow("hadas alias") << "hadas" << "attentive" << 23;
}

void TestSpaceFactory::createsByName() {
    QFETCH(QString, requested);
    QFETCH(QString, name);
    QFETCH(int, genes);
    const auto space = spaces::makeSearchSpace(requested.toStdString());
    QVERIFY(space);
    QCOMPARE(QString::fromStdString(space->name()), name);
    QCOMPARE(space->geneCount(), genes);
    QVERIFY(!space->description().empty());
}

void TestSpaceFactory::unknownNameListsTheKnownOnes() {
    const QString message = errorOf([] { spaces::makeSearchSpace("darts"); });
    QVERIFY2(message.contains("'darts'") && message.contains("nb201") && message.contains("mobilenet"),
             qPrintable(message));
}

void TestSpaceFactory::optionsReachTheSpace() {
    spaces::SpaceOptions options;
    options.input = {3, 32, 32};
    options.numClasses = 100;
    options.nb201Channels = 8;
    options.nb201CellsPerStage = 2;
    const auto nb201 = spaces::makeSearchSpace("nb201", options);
    const core::Architecture arch = nb201->decode({3, 3, 3, 3, 3, 3});
    QCOMPARE(arch.input, (core::TensorShape{3, 32, 32}));
    QCOMPARE(core::inferShapes(arch).back(), (core::TensorShape{100, 1, 1}));
    QCOMPARE(arch.nodes[1].outChannels, 8);
    QVERIFY(QString::fromStdString(nb201->description()).contains("N=2"));
    // options the space cannot use are reported, not ignored
    options.nb201Channels = 0;
    QVERIFY(!errorOf([&] { spaces::makeSearchSpace("nb201", options); }).isEmpty());
}

void TestSpaceFactory::layoutFileFromOptions() {
    spaces::SpaceOptions options;
    options.mobilenetLayoutPath = EDGENAS_SPACES_RESOURCE_DIR "/mobilenet_default.json";
    QCOMPARE(spaces::makeSearchSpace("mobilenet", options)->geneCardinalities(),
             spaces::makeSearchSpace("mobilenet")->geneCardinalities());
    options.mobilenetLayoutPath = "/nonexistent/layout.json";
    QVERIFY(errorOf([&] { spaces::makeSearchSpace("mobilenet", options); }).contains("/nonexistent/layout.json"));
}

QTEST_APPLESS_MAIN(TestSpaceFactory)
#include "test_space_factory.moc"
