#include "cost/latency_table.h"

#include "core/errors.h"

#include <QtTest>

#include <sstream>

using namespace edgenas;
using cost::LatencyTable;

class TestLatencyTable : public QObject {
    Q_OBJECT
private slots:
    void roundTripInMemory();
    void roundTripThroughFile();
    void malformed_data();
    void malformed();
    void rejectsBadEntries();
    void missingFile();
};

namespace {

LatencyTable sample() {
    LatencyTable::Conditions c;
    c.device = "raspberry-pi-4";
    c.threads = 4;
    c.batchSize = 1;
    c.warmup = 10;
    c.repeats = 50;
    c.statistic = "min";
    c.operatingPoint = "cpu-1200";
    c.networkOverheadMs = 0.0123456789;
    c.loadPerCore = 0.25;
    c.machine = "BCM2711 rev 1.4";
    c.runtime = "LibTorch 1.13.1";
    c.created = "2024-01-01 00:00 UTC";
    LatencyTable t(c);
    t.set("conv|in=16x32x32|out=16x32x32|k=3|s=1|p=1|d=1|g=1|bias=0", 0.1 + 0.2);  // not exactly 0.3
    t.set("identity|in=8x16x16*3|merge=sum|out=8x16x16", 1e-4);
    t.set("linear|in=64x1x1|out=10x1x1|bias=1", 12.5);
    return t;
}

const char* kGood = "# edgenas-latency-table 1\n"
                    "# device=host\n"
                    "# threads=2\n"
                    "signature,latency_ms\n"
                    "conv|in=1x8x8|out=4x8x8|k=3|s=1|p=1|d=1|g=1|bias=0,0.05\n";

} // namespace

void TestLatencyTable::roundTripInMemory() {
    const LatencyTable t = sample();
    std::stringstream text;
    t.write(text);
    const LatencyTable back = LatencyTable::read(text, "mem.csv");
    QCOMPARE(back.conditions(), t.conditions());
    QCOMPARE(back.entries(), t.entries());  // exact doubles, not rounded
    QCOMPARE(*back.find("linear|in=64x1x1|out=10x1x1|bias=1"), 12.5);
    QVERIFY(!back.find("nope"));
}

void TestLatencyTable::roundTripThroughFile() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("t.csv").toStdString();
    sample().save(path);
    QCOMPARE(LatencyTable::load(path), sample());
    std::stringstream good(kGood);
    const LatencyTable minimal = LatencyTable::read(good, "good.csv");
    QCOMPARE(minimal.conditions().device, std::string("host"));
    QCOMPARE(minimal.conditions().threads, 2);
    QCOMPARE(minimal.conditions().batchSize, 1);
    QCOMPARE(minimal.size(), std::size_t(1));
}

void TestLatencyTable::malformed_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const QString head = "# edgenas-latency-table 1\n# device=host\nsignature,latency_ms\n";
    QTest::newRow("bad number") << head + "a|b,0.1\nc|d,fast\n" << "bad.csv:5: latency_ms 'fast' is not a number";
    QTest::newRow("missing column") << head + "a|b,0.1\nc|d\n" << "bad.csv:5: expected 2 columns";
    QTest::newRow("extra column") << head + "a|b,0.1,7\n" << "bad.csv:4: expected 2 columns";
    QTest::newRow("negative") << head + "a|b,-0.1\n" << "bad.csv:4: latency_ms -0.1 must be a finite number >= 0";
    QTest::newRow("not finite") << head + "a|b,inf\n" << "bad.csv:4: latency_ms inf must be a finite number >= 0";
    QTest::newRow("empty signature") << head + ",0.1\n" << "bad.csv:4: empty signature";
    QTest::newRow("duplicate") << head + "a|b,0.1\na|b,0.2\n" << "bad.csv:5: signature 'a|b' appears twice";
    QTest::newRow("wrong header") << "# edgenas-latency-table 1\n# device=host\nsignature,ms\na|b,1\n"
                                  << "bad.csv:3: expected the column header 'signature,latency_ms'";
    QTest::newRow("missing header") << "# edgenas-latency-table 1\n# device=host\n"
                                    << "missing the column header";
    QTest::newRow("no magic") << "signature,latency_ms\na|b,1\n" << "bad.csv:1: expected '# edgenas-latency-table 1'";
    QTest::newRow("empty file") << "" << "bad.csv:1: empty file";
    QTest::newRow("no device") << "# edgenas-latency-table 1\n# threads=2\nsignature,latency_ms\n"
                               << "bad.csv:3: the conditions before the header must name the device";
    QTest::newRow("bad threads") << "# edgenas-latency-table 1\n# device=host\n# threads=two\n"
                                 << "bad.csv:3: threads 'two' is not a whole number >= 1";
    QTest::newRow("bad statistic") << "# edgenas-latency-table 1\n# device=host\n# statistic=mean\n"
                                   << "bad.csv:3: statistic 'mean' is not median or min";
    // Found by fuzz/fuzz_latency_table: written back, the carriage return became a space.
    QTest::newRow("carriage return in a value") << "# edgenas-latency-table 1\n# device=host\n# machine=A72\r(rev 3)\n"
                                                << "bad.csv:3: machine has a carriage return inside its value";
    // Found by fuzz/fuzz_latency_table: a negative load was read, then left out when written.
    QTest::newRow("negative load") << "# edgenas-latency-table 1\n# device=host\n# load_per_core=-0.25\n"
                                   << "bad.csv:3: load_per_core '-0.25' is not a number >= 0";
    QTest::newRow("unknown condition") << "# edgenas-latency-table 1\n# devise=host\n"
                                       << "bad.csv:2: unknown condition 'devise'";
}

void TestLatencyTable::malformed() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    std::stringstream in(text.toStdString());
    try {
        LatencyTable::read(in, "bad.csv");
        QFAIL("no error");
    } catch (const core::InputError& e) {
        QVERIFY2(QString(e.what()).contains(expected), e.what());
    }
}

void TestLatencyTable::rejectsBadEntries() {
    LatencyTable t;
    QVERIFY_THROWS_EXCEPTION(core::InputError, t.set("a,b", 1.0));
    QVERIFY_THROWS_EXCEPTION(core::InputError, t.set("a", -1.0));
    QVERIFY_THROWS_EXCEPTION(core::InputError, t.set("a", std::nan("")));
    QVERIFY_THROWS_EXCEPTION(core::InputError, t.set("", 1.0));
    t.set("a", 0.0);
    QCOMPARE(t.size(), std::size_t(1));
}

void TestLatencyTable::missingFile() {
    try {
        LatencyTable::load("/nonexistent/t.csv");
        QFAIL("no error");
    } catch (const core::InputError& e) {
        QVERIFY(QString(e.what()).startsWith("/nonexistent/t.csv: "));
    }
}

QTEST_APPLESS_MAIN(TestLatencyTable)
#include "test_latency_table.moc"
