#include "cost_fixtures.h"

#include "core/shape_inference.h"
#include "cost/device_catalog.h"
#include "cost/device_prediction.h"
#include "cost/operator_signature.h"
#include "cost/roofline_model.h"

#include <QtTest>

#include <algorithm>

using namespace edgenas;
using namespace edgenas::core;
using cost::DevicePrediction;
using cost::LatencyTable;
using testing::provenanceName;

class TestDevicePrediction : public QObject {
    Q_OBJECT
private slots:
    void rooflineWithoutTable();
    void tableEntriesWherePresent_data();
    void tableEntriesWherePresent();
    void mixedTableAndRoofline();
    void tableAtAnotherPointIsScaled();
    void tableOfAnotherDevice();
    void energyIsPowerTimesTime();
    void lowerFrequencyHigherLatencyLowerDynamicPower_data();
    void lowerFrequencyHigherLatencyLowerDynamicPower();
    void interiorEnergyMinimumWithStaticPower();
    void noStaticPowerNoInteriorMinimum();
    void measuredPowerGivesTableEnergy();
    void fusingProfileFoldsNodes();
    void exitsAreOutsideTheTotals();
};

namespace {

cost::DeviceProfile fixture() { return cost::parseDeviceProfile(testing::kTestProfileJson, "test-gpu.json"); }

// Compute-bound on every device: 64-wide 3x3 convolutions at 112x112 (~1.4 GMAC).
Architecture heavy() { return testing::convStack({3, 112, 112}, 64, 3); }

LatencyTable tableFor(const Architecture& arch, const std::string& device, double ms,
                      bool (*keep)(const cost::OperatorSignature&) = nullptr) {
    LatencyTable::Conditions c;
    c.device = device;
    c.networkOverheadMs = 0.05;
    LatencyTable t(c);
    for (const auto& sig : cost::OperatorSignature::ofArchitecture(arch))
        if (!keep || keep(sig))
            t.set(sig.key(), ms);
    return t;
}

std::vector<double> energiesOverComputeLevels(const cost::DeviceProfile& p, const Architecture& arch) {
    std::vector<double> energies;
    const cost::DvfsDomain& compute = p.domain(p.computeDomain);
    for (double mhz : compute.levelsMhz)
        energies.push_back(cost::predictOnDevice(arch, p, p.operatingPointAt({{compute.name, mhz}})).energyMj);
    return energies;
}

} // namespace

void TestDevicePrediction::rooflineWithoutTable() {
    const cost::DeviceProfile p = fixture();
    const Architecture arch = testing::convStack({3, 16, 16}, 8, 2);
    const DevicePrediction r = cost::predictOnDevice(arch, p, "gpu-500");
    QCOMPARE(provenanceName(r.latencyProvenance), provenanceName(Provenance::Modelled));
    QCOMPARE(provenanceName(r.energyProvenance), provenanceName(Provenance::Modelled));
    QCOMPARE(r.tableShare, 0.0);
    QCOMPARE(r.tableHits, 0);
    QCOMPARE(r.tableMisses, int(arch.nodes.size()) - 1);  // every node but the input costs something
    QCOMPARE(r.operatingPoint, std::string("gpu-500"));
    QCOMPARE(r.mhz.at("gpu"), 500.0);
    // Total = sum of the roofline per node + the profile's network overhead.
    const cost::RooflineModel roofline(p, p.operatingPoint("gpu-500"));
    double sum = 0.1;
    for (const auto& sig : cost::OperatorSignature::ofArchitecture(arch))
        sum += roofline.estimate(sig).latencyMs;
    QVERIFY(qFuzzyCompare(r.latencyMs, sum));
    QCOMPARE(r.overheadMs, 0.1);
    QCOMPARE(r.nodes.size(), arch.nodes.size());
    // conv 3->8 at 16x16 needs 0.0044 ms of compute at 500 MHz, less than its 0.01 ms launch.
    QCOMPARE(QString::fromStdString(r.nodes[1].source), QString("overhead"));
}

void TestDevicePrediction::tableEntriesWherePresent_data() {
    QTest::addColumn<QString>("device");
    QTest::addColumn<int>("provenance");
    // Operators timed one by one and summed: a table figure on the host too, never "measured".
    QTest::newRow("host table") << "host" << int(Provenance::Table);
    QTest::newRow("device table") << "test-gpu" << int(Provenance::Table);
}

void TestDevicePrediction::tableEntriesWherePresent() {
    QFETCH(QString, device);
    QFETCH(int, provenance);
    const cost::DeviceProfile p = device == "host" ? cost::DeviceCatalog::builtIn().find("host") : fixture();
    const Architecture arch = testing::convStack({3, 16, 16}, 8, 2);
    const LatencyTable table = tableFor(arch, device.toStdString(), 0.5);
    const DevicePrediction r = cost::predictOnDevice(arch, p, "", &table);
    const int operators = int(arch.nodes.size()) - 1;
    QCOMPARE(provenanceName(r.latencyProvenance), provenanceName(Provenance(provenance)));
    QCOMPARE(r.tableHits, operators);
    QCOMPARE(r.tableMisses, 0);
    QVERIFY(qFuzzyCompare(r.latencyMs, operators * 0.5 + 0.05));  // entries + the table's overhead
    QVERIFY(qFuzzyCompare(r.tableShare, 1.0));
    for (std::size_t i = 1; i < r.nodes.size(); ++i) {
        QCOMPARE(QString::fromStdString(r.nodes[i].source), QString("table"));
        QCOMPARE(provenanceName(r.nodes[i].provenance), provenanceName(Provenance(provenance)));
    }
}

void TestDevicePrediction::mixedTableAndRoofline() {
    const cost::DeviceProfile p = fixture();
    const Architecture arch = testing::convStack({3, 16, 16}, 8, 2);
    const LatencyTable table = tableFor(arch, "test-gpu", 0.5,
                                        [](const cost::OperatorSignature& s) { return s.node.op == OpType::Conv; });
    const DevicePrediction r = cost::predictOnDevice(arch, p, "", &table);
    QCOMPARE(r.tableHits, 2);
    QCOMPARE(r.tableMisses, int(arch.nodes.size()) - 3);
    QCOMPARE(provenanceName(r.latencyProvenance), provenanceName(Provenance::Modelled));  // the weakest part decides
    QVERIFY(r.tableShare > 0.0 && r.tableShare < 1.0);
    QVERIFY(qFuzzyCompare(r.tableShare, (2 * 0.5 + 0.05) / r.latencyMs));
    QCOMPARE(provenanceName(r.nodes[1].provenance), provenanceName(Provenance::Table));
    QCOMPARE(provenanceName(r.nodes[2].provenance), provenanceName(Provenance::Modelled));
}

void TestDevicePrediction::tableAtAnotherPointIsScaled() {
    const cost::DeviceProfile p = fixture();
    const Architecture arch = testing::convStack({3, 16, 16}, 8, 1);
    const LatencyTable table = tableFor(arch, "test-gpu", 0.5);  // measured at the default ("max")
    const DevicePrediction r = cost::predictOnDevice(arch, p, "gpu-250", &table);
    QCOMPARE(provenanceName(r.latencyProvenance), provenanceName(Provenance::Modelled));
    QCOMPARE(QString::fromStdString(r.nodes[1].source), QString("table-scaled"));
    const auto sig = cost::OperatorSignature::ofArchitecture(arch).front();
    const double ratio = cost::RooflineModel(p, p.operatingPoint("gpu-250")).estimate(sig).latencyMs /
                         cost::RooflineModel(p, p.operatingPoint("max")).estimate(sig).latencyMs;
    QVERIFY(ratio > 1.0);
    QVERIFY(qFuzzyCompare(r.nodes[1].latencyMs, 0.5 * ratio));
}

void TestDevicePrediction::tableOfAnotherDevice() {
    const Architecture arch = testing::convStack({3, 16, 16}, 8, 1);
    const LatencyTable table = tableFor(arch, "jetson-nano", 0.5);
    const std::string message = testing::inputErrorOf([&] { cost::predictOnDevice(arch, fixture(), "", &table); });
    QVERIFY2(QString::fromStdString(message).contains("measured on 'jetson-nano'"), message.c_str());
}

void TestDevicePrediction::energyIsPowerTimesTime() {
    const cost::DeviceProfile p = fixture();
    const DevicePrediction r = cost::predictOnDevice(testing::convStack({3, 32, 32}, 16, 2), p, "gpu-500");
    double energy = 3.0 * r.overheadMs;  // during the call overhead only static + host CPU draw
    for (const cost::NodePrediction& n : r.nodes) {
        QVERIFY(qFuzzyCompare(n.energyMj + 1, n.powerW * n.latencyMs + 1));
        energy += n.energyMj;
    }
    QVERIFY(qFuzzyCompare(r.energyMj, energy));
    QVERIFY(qFuzzyCompare(r.averagePowerW, r.energyMj / r.latencyMs));
    QVERIFY(r.averagePowerW >= r.staticPowerW && r.averagePowerW <= r.fullLoadPowerW);
    const auto metrics = r.metrics();
    QCOMPARE(metrics.size(), std::size_t(3));
    QCOMPARE(metrics[0].name, std::string("latency_ms"));
    QCOMPARE(metrics[1].name, std::string("energy_mj"));
    QCOMPARE(metrics[1].value, r.energyMj);
    QCOMPARE(provenanceName(metrics[1].provenance), provenanceName(Provenance::Modelled));
}

void TestDevicePrediction::lowerFrequencyHigherLatencyLowerDynamicPower_data() {
    QTest::addColumn<QString>("device");
    for (const cost::DeviceProfile& p : cost::DeviceCatalog::builtIn().profiles())
        if (p.domain(p.computeDomain).levelsMhz.size() > 1)
            QTest::newRow(p.name.c_str()) << QString::fromStdString(p.name);
}

void TestDevicePrediction::lowerFrequencyHigherLatencyLowerDynamicPower() {
    QFETCH(QString, device);
    const cost::DeviceProfile& p = cost::DeviceCatalog::builtIn().find(device.toStdString());
    const cost::DvfsDomain& compute = p.domain(p.computeDomain);
    const Architecture arch = heavy();
    std::vector<DevicePrediction> byLevel;
    for (double mhz : compute.levelsMhz)
        byLevel.push_back(cost::predictOnDevice(arch, p, p.operatingPointAt({{compute.name, mhz}})));
    for (std::size_t i = 1; i < byLevel.size(); ++i) {
        const DevicePrediction& lower = byLevel[i - 1];
        const DevicePrediction& higher = byLevel[i];
        QVERIFY2(lower.latencyMs > higher.latencyMs, lower.operatingPoint.c_str());
        QVERIFY2(lower.dynamicPowerW < higher.dynamicPowerW, lower.operatingPoint.c_str());
        QCOMPARE(lower.staticPowerW, higher.staticPowerW);
    }
}

void TestDevicePrediction::interiorEnergyMinimumWithStaticPower() {
    // Static power is paid for longer at low clocks, dynamic power grows with f V^2 at high
    // clocks: the energy-optimal GPU level of the AGX Xavier (P0 = 6 W) lies strictly inside.
    const cost::DeviceProfile& xavier = cost::DeviceCatalog::builtIn().find("jetson-agx-xavier");
    const std::vector<double> energies = energiesOverComputeLevels(xavier, heavy());
    const auto best = std::min_element(energies.begin(), energies.end()) - energies.begin();
    QVERIFY2(best > 0 && best < std::ptrdiff_t(energies.size()) - 1, qPrintable(QString("argmin %1").arg(best)));
    QVERIFY(energies.front() > energies[std::size_t(best)] * 1.2);
    QVERIFY(energies.back() > energies[std::size_t(best)]);
}

void TestDevicePrediction::noStaticPowerNoInteriorMinimum() {
    // Without static (and other fixed) power, E ~ V(f)^2 falls all the way to the lowest level.
    cost::DeviceProfile xavier = cost::DeviceCatalog::builtIn().find("jetson-agx-xavier");
    xavier.staticWatts = 0;
    for (cost::DvfsDomain& d : xavier.domains)
        if (d.name != "gpu")
            d.dynamicWattsAtMax = 0;
    const std::vector<double> energies = energiesOverComputeLevels(xavier, heavy());
    QCOMPARE(std::min_element(energies.begin(), energies.end()) - energies.begin(), std::ptrdiff_t(0));
}

void TestDevicePrediction::measuredPowerGivesTableEnergy() {
    const cost::DeviceProfile p = fixture();
    const Architecture arch = testing::convStack({3, 16, 16}, 8, 1);
    const LatencyTable table = tableFor(arch, "test-gpu", 0.5);
    // "max" carries the measured 9 W: energy from a table latency and a measured power is Table.
    const QString table_ = provenanceName(Provenance::Table);
    const QString modelled = provenanceName(Provenance::Modelled);
    QCOMPARE(provenanceName(cost::predictOnDevice(arch, p, "max", &table).energyProvenance), table_);
    // ... but never better than its latency.
    QCOMPARE(provenanceName(cost::predictOnDevice(arch, p, "max").energyProvenance), modelled);
    QCOMPARE(provenanceName(cost::predictOnDevice(arch, p, "gpu-500", &table).energyProvenance), modelled);
}

void TestDevicePrediction::fusingProfileFoldsNodes() {
    cost::DeviceProfile p = fixture();
    p.fusesElementwise = true;
    Architecture arch = testing::convStack({3, 16, 16}, 8, 1);  // input, conv, bn, relu, gap, linear
    const DevicePrediction r = cost::predictOnDevice(arch, p);
    QCOMPARE(QString::fromStdString(r.nodes[2].source), QString("folded"));
    QCOMPARE(QString::fromStdString(r.nodes[3].source), QString("folded"));
    QCOMPARE(r.nodes[2].latencyMs, 0.0);
    QVERIFY(r.nodes[1].latencyMs > 0);
    // A BN whose convolution output is also read elsewhere cannot be folded.
    arch.nodes[4].inputs = {1, 3};  // the pool now reads the conv output too (sum)
    const DevicePrediction shared = cost::predictOnDevice(arch, p);
    QVERIFY(shared.nodes[2].latencyMs > 0);
}

void TestDevicePrediction::exitsAreOutsideTheTotals() {
    Architecture arch = testing::convStack({3, 16, 16}, 8, 2);
    // An exit head reading the first block: not run by a plain forward.
    Node exit{.op = OpType::EarlyExit, .inputs = {3}};
    exit.id = 0;
    arch.nodes.insert(arch.nodes.begin() + 4, exit);
    for (std::size_t i = 0; i < arch.nodes.size(); ++i) {
        arch.nodes[i].id = int(i);
        if (i > 4)
            for (int& input : arch.nodes[i].inputs)
                input += input >= 4 ? 1 : 0;
    }
    inferShapes(arch);
    const DevicePrediction r = cost::predictOnDevice(arch, fixture());
    QVERIFY(!r.nodes[4].onMainPath);
    QVERIFY(r.nodes[4].latencyMs > 0);
    double mainSum = r.overheadMs;
    for (const auto& n : r.nodes)
        mainSum += n.onMainPath ? n.latencyMs : 0.0;
    QVERIFY(qFuzzyCompare(r.latencyMs, mainSum));
}

QTEST_APPLESS_MAIN(TestDevicePrediction)
#include "test_device_prediction.moc"
