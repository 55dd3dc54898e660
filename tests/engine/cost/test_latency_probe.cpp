#include "core/errors.h"
#include "core/shape_inference.h"
#include "cost/device_catalog.h"
#include "cost/device_prediction.h"
#include "cost/latency_probe.h"
#include "models/torch_runtime.h"
#include "spaces/space_factory.h"

#include <QtTest>

#include <set>

using namespace edgenas;
using namespace edgenas::core;

class TestLatencyProbe : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void probeNetworksAreValid();
    void smallProbeCoversEverySignature_data();
    void smallProbeCoversEverySignature();
    void rawModeKeepsOverhead();
    void cancelStops();
};

namespace {

spaces::SpaceOptions tiny() {
    spaces::SpaceOptions o;
    o.input = {1, 16, 16};
    o.nb201Channels = 4;
    o.nb201CellsPerStage = 1;
    o.widthMultiplier = 0.25;
    return o;
}

cost::ProbeConfig quick() {
    cost::ProbeConfig c;
    c.warmup = 1;
    c.repeats = 3;
    return c;
}

} // namespace

void TestLatencyProbe::initTestCase() { models::setThreadCount(1); }

void TestLatencyProbe::probeNetworksAreValid() {
    // Every signature of both spaces (and an early exit and a concat) gets networks that end in
    // numClasses x 1 x 1, as the LibTorch builder requires.
    std::vector<Architecture> archs;
    for (const char* name : {"nb201", "mobilenet"}) {
        const auto space = spaces::makeSearchSpace(name, tiny());
        for (const Architecture& a : cost::sampleArchitectures(*space, 3, 7))
            archs.push_back(a);
    }
    Architecture extra;
    extra.input = {4, 8, 8};
    extra.add(Node{.op = OpType::Input});
    extra.add(Node{.op = OpType::Conv, .inputs = {0}, .outChannels = 6, .kernel = 3, .padding = 1});
    extra.add(Node{.op = OpType::EarlyExit, .inputs = {1}});
    extra.add(Node{.op = OpType::Identity, .inputs = {0, 1}, .merge = MergeMode::Concat});
    extra.add(Node{.op = OpType::GlobalAvgPool, .inputs = {3}});
    extra.add(Node{.op = OpType::Linear, .inputs = {4}, .outChannels = 10, .bias = true});
    archs.push_back(extra);
    const auto signatures = cost::distinctSignatures(archs);
    QVERIFY(signatures.size() > 20);
    for (const cost::OperatorSignature& sig : signatures) {
        const cost::ProbeNetworks nets = cost::probeNetworks(sig);
        for (const Architecture* a : {&nets.withOperator, &nets.baseline}) {
            const auto shapes = inferShapes(*a);
            QVERIFY2(shapes.back() == (TensorShape{a->numClasses, 1, 1}), sig.key().c_str());
        }
    }
}

void TestLatencyProbe::smallProbeCoversEverySignature_data() {
    QTest::addColumn<QString>("space");
    QTest::addColumn<int>("samples");
    QTest::newRow("nb201 C=4 N=1") << "nb201" << 3;
    QTest::newRow("mobilenet x0.25") << "mobilenet" << 1;
}

void TestLatencyProbe::smallProbeCoversEverySignature() {
    QFETCH(QString, space);
    QFETCH(int, samples);
    const auto s = spaces::makeSearchSpace(space.toStdString(), tiny());
    int calls = 0;
    int lastTotal = 0;
    const cost::LatencyTable table = cost::probeLatencyTable(*s, samples, quick(), [&](int done, int total, const std::string&) {
        QVERIFY(done <= total);
        lastTotal = total;
        ++calls;
    });
    QVERIFY(calls > lastTotal);  // one per measurement plus the final "done"

    const auto archs = cost::sampleArchitectures(*s, samples, quick().seed);
    std::set<std::string> keys;
    for (const cost::OperatorSignature& sig : cost::distinctSignatures(archs))
        keys.insert(sig.key());
    QCOMPARE(table.size(), keys.size());
    for (const std::string& key : keys) {
        const auto ms = table.find(key);
        QVERIFY2(ms && *ms > 0.0, key.c_str());  // positive; the figures themselves are the machine's
    }
    QCOMPARE(table.conditions().device, std::string("host"));
    QCOMPARE(table.conditions().threads, 1);
    QCOMPARE(table.conditions().repeats, 3);
    QCOMPARE(table.conditions().statistic, std::string("median"));
    QVERIFY(table.conditions().networkOverheadMs > 0.0);

    // The table predicts every node of the probed architectures on the host: all from the table.
    const cost::DeviceProfile& host = cost::DeviceCatalog::builtIn().find("host");
    for (const Architecture& a : archs) {
        const cost::DevicePrediction r = cost::predictOnDevice(a, host, "", &table);
        QCOMPARE(int(r.latencyProvenance), int(Provenance::Table));
        QCOMPARE(r.tableMisses, 0);
        QVERIFY(r.latencyMs > 0);
    }
}

void TestLatencyProbe::rawModeKeepsOverhead() {
    const auto s = spaces::makeSearchSpace("nb201", tiny());
    cost::ProbeConfig raw = quick();
    raw.subtractOverhead = false;
    raw.useMinimum = true;
    const cost::LatencyTable table = cost::probeLatencyTable(*s, 1, raw);
    QCOMPARE(table.conditions().networkOverheadMs, 0.0);
    QCOMPARE(table.conditions().statistic, std::string("min"));
    for (const auto& [key, ms] : table.entries())
        QVERIFY2(ms > 0.0, key.c_str());
}

void TestLatencyProbe::cancelStops() {
    const auto s = spaces::makeSearchSpace("nb201", tiny());
    QVERIFY_THROWS_EXCEPTION(Cancelled, cost::probeLatencyTable(*s, 1, quick(), {}, [] { return true; }));
}

QTEST_APPLESS_MAIN(TestLatencyProbe)
#include "test_latency_probe.moc"
