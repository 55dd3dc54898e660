#include "search/hadas/hadas_records.h"

#include "core/errors.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

using namespace edgenas;
using search::HadasBackboneRecord;
using search::HadasDynamicRecord;

namespace {

HadasBackboneRecord backbone() {
    HadasBackboneRecord r;
    r.blocks = {{0, 16, 3, 1, 1, false, 1.5e5}, {1, 24, 5, 4, 2, false, 2.25e5}, {2, 40, 3, 6, 2, true, 3.0e5}};
    r.stemMacs = 1.1e4;
    r.finalHeadMacs = 7.5e4;
    r.supernetAccuracy = 0.8125;
    r.searchedInner = true;
    r.exits = {{1, 0.5, -1.0, 1.25, 2.0e3}, {2, 0.71, 0.7, 0.9, 4.0e3}};
    r.finalTestAccuracy = 0.83;
    r.supernetKey = "supernet/attentive-reduced/fashion-mnist/3f2a";
    return r;
}

HadasDynamicRecord dynamic() {
    HadasDynamicRecord r;
    r.rule = "threshold";
    r.threshold = 0.9;
    r.strictThreshold = true;
    r.exitBlocks = {2, 5};
    r.exitRates = {0.25, 0.5, 0.25};
    r.exitAccuracy = {0.6, 0.75, 0.85};
    r.domains = {{"gpu", {114.75, 1377}, 1}, {"emc", {204, 2133}, 0}};
    r.operatingPoint = "gpu=1377,emc=204,cpu=2265.6";
    r.staticMaxClock = {0.85, 2.5, 40.0};
    r.exitsMaxClock = {0.84, 1.5, 25.0};
    r.exitsDvfs = {0.84, 2.0, 20.0};
    r.testAccuracy = 0.83;
    r.sweepDomain = "gpu";
    r.sweepMhz = {114.75, 1377};
    r.sweepEnergyMj = {30.0, 20.0};
    r.sweepLatencyMs = {9.0, 2.0};
    return r;
}

// Replaces one key (a JSON pointer) of a record's JSON.
std::string damaged(const std::string& json, const std::string& pointer, const nlohmann::json& value) {
    nlohmann::json j = nlohmann::json::parse(json);
    const nlohmann::json::json_pointer at(pointer);
    if (value.is_discarded())
        j[at.parent_pointer()].erase(at.back());
    else
        j[at] = value;
    return j.dump();
}

template <typename Read>
QString errorOf(Read&& read) {
    try {
        read();
    } catch (const core::InputError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestHadasRecords : public QObject {
    Q_OBJECT

private slots:
    void backboneRoundTrip() {
        const HadasBackboneRecord r = backbone();
        const std::string json = search::toJson(r);
        const HadasBackboneRecord back = search::hadasBackboneRecordFromJson(json);
        QVERIFY(back == r);
        QCOMPARE(search::toJson(back), json);
        // A backbone the outer selection dropped: no exits.
        HadasBackboneRecord dropped = r;
        dropped.searchedInner = false;
        dropped.exits.clear();
        QVERIFY(search::hadasBackboneRecordFromJson(search::toJson(dropped)) == dropped);
        // Equality sees every field of every block and head.
        HadasBackboneRecord changedBlock = r;
        changedBlock.blocks.back().squeezeExcite = !changedBlock.blocks.back().squeezeExcite;
        QVERIFY(!(changedBlock == r));
        HadasBackboneRecord changedHead = r;
        changedHead.exits.front().temperature += 0.5;
        QVERIFY(!(changedHead == r));
    }

    void dynamicRoundTrip() {
        for (const char* rule : {"threshold", "oracle", "mean"}) {
            HadasDynamicRecord r = dynamic();
            r.rule = rule;
            r.deployable = r.rule != "oracle";
            const std::string json = search::toJson(r);
            const HadasDynamicRecord back = search::hadasDynamicRecordFromJson(json);
            QCOMPARE(back.rule, r.rule);
            QCOMPARE(back.deployable, r.deployable);
            QCOMPARE(back.threshold, r.threshold);
            QCOMPARE(back.strictThreshold, r.strictThreshold);
            QCOMPARE(back.exitBlocks, r.exitBlocks);
            QCOMPARE(back.exitRates, r.exitRates);
            QCOMPARE(back.exitAccuracy, r.exitAccuracy);
            QCOMPARE(back.domains.size(), r.domains.size());
            QCOMPARE(back.domains[1].name, std::string("emc"));
            QCOMPARE(back.domains[0].levelsMhz, r.domains[0].levelsMhz);
            QCOMPARE(back.domains[0].chosen, 1);
            QCOMPARE(back.operatingPoint, r.operatingPoint);
            QCOMPARE(back.exitsDvfs.energyMj, 20.0);
            QCOMPARE(back.staticMaxClock.latencyMs, 2.5);
            QCOMPARE(back.exitsMaxClock.accuracy, 0.84);
            QCOMPARE(back.testAccuracy, r.testAccuracy);
            QCOMPARE(back.sweepDomain, r.sweepDomain);
            QCOMPARE(back.sweepEnergyMj, r.sweepEnergyMj);
            QCOMPARE(back.sweepLatencyMs, r.sweepLatencyMs);
            QCOMPARE(back.costProvenance, std::string("modelled"));
            QCOMPARE(search::toJson(back), json);
        }
    }

    void damagedRecordsNameTheKey_data() {
        QTest::addColumn<bool>("dynamicKind");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("value");  // JSON text; "discard" removes the key
        QTest::addColumn<QString>("message");
        QTest::newRow("missing width") << false << "/blocks/1/width" << "discard" << "blocks[1].width is missing";
        QTest::newRow("huge width") << false << "/blocks/0/width" << "1e300" << "blocks[0].width must be an integer";
        QTest::newRow("width out of int") << false << "/blocks/0/width" << "5000000000" << "blocks[0].width is out of range";
        QTest::newRow("text macs") << false << "/stem_macs" << "\"many\"" << "stem_macs must be a number";
        QTest::newRow("exit past the blocks") << false << "/exits/1/block" << "3" << "exits[1].block is not one of";
        QTest::newRow("flag as number") << false << "/searched_inner" << "1" << "searched_inner must be true or false";
        QTest::newRow("blocks not a list") << false << "/blocks" << "{}" << "blocks must be an array";
        QTest::newRow("unknown rule") << true << "/rule" << "\"first\"" << "rule is 'first'";
        QTest::newRow("deployable oracle") << true << "/rule" << "\"oracle\"" << "deployable is true for the oracle";
        QTest::newRow("rates of another length") << true << "/exit_rates" << "[0.5, 0.5]" << "exit_rates has 2 values";
        QTest::newRow("rate as text") << true << "/exit_rates/1" << "\"half\"" << "exit_rates[1] must be a number";
        QTest::newRow("blocks out of order") << true << "/exit_blocks" << "[5, 2]" << "exit_blocks[1] must be";
        QTest::newRow("chosen level out of range") << true << "/domains/1/chosen" << "2" << "domains[1].chosen is not an index";
        QTest::newRow("missing figures") << true << "/exits_dvfs/energy_mj" << "discard" << "exits_dvfs.energy_mj is missing";
        QTest::newRow("sweep lengths") << true << "/sweep_latency_ms" << "[1.0]" << "one value per sweep_mhz level";
        QTest::newRow("missing provenance") << true << "/cost_provenance" << "discard" << "cost_provenance is missing";
    }

    void damagedRecordsNameTheKey() {
        QFETCH(bool, dynamicKind);
        QFETCH(QString, pointer);
        QFETCH(QString, value);
        QFETCH(QString, message);
        const nlohmann::json replacement =
            value == "discard" ? nlohmann::json(nlohmann::json::value_t::discarded) : nlohmann::json::parse(value.toStdString());
        const std::string original = dynamicKind ? search::toJson(dynamic()) : search::toJson(backbone());
        const std::string text = damaged(original, pointer.toStdString(), replacement);
        const QString error = dynamicKind ? errorOf([&] { search::hadasDynamicRecordFromJson(text); })
                                          : errorOf([&] { search::hadasBackboneRecordFromJson(text); });
        QVERIFY2(error.startsWith(dynamicKind ? "hadas.dynamic/1 record" : "hadas.backbone/1 record"), qPrintable(error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void brokenTextIsAnInputError() {
        for (const char* text : {"", "{", "[1, 2]", "null", "{\"blocks\": [}"}) {
            QVERIFY_THROWS_EXCEPTION(core::InputError, search::hadasBackboneRecordFromJson(text));
            QVERIFY_THROWS_EXCEPTION(core::InputError, search::hadasDynamicRecordFromJson(text));
        }
    }
};

QTEST_APPLESS_MAIN(TestHadasRecords)
#include "test_hadas_records.moc"
