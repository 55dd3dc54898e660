#include "draw_only_method.h"
#include "fake_evaluators.h"

#include "core/errors.h"
#include "core/metric_catalog.h"
#include "search/method_help.h"
#include "search/method_registry.h"
#include "search/run_config.h"
#include "search/search_context.h"
#include "search/search_runner.h"
#include "search/settings_schema.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

using namespace edgenas;


class TestMethodRegistry : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { search::MethodRegistry::global().add(search::test::drawOnlyDescriptor()); }

    void builtInMethodsAreRegisteredWithTwoPresets() {
        for (const char* name : {"nsga2", "evrsnas", "random"}) {
            const search::MethodDescriptor* m = search::MethodRegistry::global().find(name);
            QVERIFY2(m, name);
            QVERIFY2(m->preset("quick") && m->preset("paper"), name);
            QCOMPARE(m->presets.front().name, std::string("quick"));  // quick is the default
            // Every default in the schema is a value the schema accepts.
            for (const search::SettingDescriptor& s : m->settings)
                search::checkSetting(s, nlohmann::json::parse(s.defaultJson), s.key);
        }
    }

    void testMethodAppearsInHelp() {
        const QString help = QString::fromStdString(search::describeRegisteredMethods());
        QVERIFY(help.contains("draw-only  Draw only (test)"));
        QVERIFY(help.contains("preset quick (default): 3 draws"));
        QVERIFY(help.contains("draws = 3  [whole number 1..50]"));
        QVERIFY(help.contains("flavour = \"plain\"  [plain|salted]"));
    }

    void testMethodSettingsAreValidatedByItsSchema_data() {
        QTest::addColumn<QString>("settings");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown key") << R"({"drawz": 3})" << "'settings.drawz' (draw-only knows draws, flavour)";
        QTest::newRow("out of range") << R"({"draws": 51})" << "'settings.draws' must be a whole number from 1 to 50";
        QTest::newRow("wrong type") << R"({"draws": 2.5})" << "'settings.draws'";
        QTest::newRow("bad choice") << R"({"flavour": "sour"})" << R"(must be "plain" or "salted")";
        QTest::newRow("not an object") << "[]" << "'settings' must be an object";
    }
    void testMethodSettingsAreValidatedByItsSchema() {
        QFETCH(QString, settings);
        QFETCH(QString, mentions);
        try {
            search::makeSearchMethod("draw-only", settings.toStdString());
            QFAIL("bad settings accepted");
        } catch (const core::InputError& e) {
            QVERIFY2(QString(e.what()).contains(mentions), e.what());
        }
    }

    void presetsAndAssignmentsFollowTheSchema() {
        search::RunConfig c;
        c.method = "draw-only";
        search::applyMethodPreset(c, "paper");
        QCOMPARE(c.evaluations, 20);
        QCOMPARE(c.preset, std::string("paper"));
        QCOMPARE(nlohmann::json::parse(c.methodSettingsJson).at("draws").get<int>(), 5);
        search::applySettingAssignment(c, "flavour=salted");
        search::applySettingAssignment(c, "draws=7");
        QCOMPARE(nlohmann::json::parse(c.methodSettingsJson).at("flavour").get<std::string>(), std::string("salted"));
        QCOMPARE(nlohmann::json::parse(c.methodSettingsJson).at("draws").get<int>(), 7);
        QVERIFY_THROWS_EXCEPTION(core::InputError, search::applySettingAssignment(c, "draws=many"));
        QVERIFY_THROWS_EXCEPTION(core::InputError, search::applySettingAssignment(c, "colour=red"));
        QVERIFY_THROWS_EXCEPTION(core::InputError, search::applyMethodPreset(c, "thorough"));
        // The preset travels with the config and back.
        QCOMPARE(search::runConfigFromJson(search::toJson(c)).preset, std::string("paper"));
    }

    void unknownMethodListsTheRegisteredOnes() {
        try {
            search::makeSearchMethod("annealing");
            QFAIL("unknown method accepted");
        } catch (const core::InputError& e) {
            QVERIFY2(QString(e.what()).contains("draw-only") && QString(e.what()).contains("random"), e.what());
        }
    }

    void testMetricIsDeclaredOnce() {
        const core::MetricDescriptor* luck = core::MetricCatalog::global().find("test_luck");
        QVERIFY(luck);
        QVERIFY(core::MetricCatalog::global().isMaximised("test_luck"));
        QCOMPARE(core::MetricCatalog::global().metricForObjective("latency"), std::string("latency_ms"));
        QVERIFY(core::MetricCatalog::global().isMaximised("accuracy_seed2"));  // a family member
        QVERIFY(!core::MetricCatalog::global().isMaximised("unheard_of"));
    }

    // The runner runs the test method end to end, and its report lines come through the registry.
    void testMethodRunsThroughTheRunner() {
        QTemporaryDir dir;
        const std::string db = dir.filePath("draw.db").toStdString();
        search::RunConfig c;
        c.method = "draw-only";
        c.spaceChannels = 4;
        c.objectives = {"accuracy", "params"};
        search::applyMethodPreset(c, "quick");
        search::SearchControl control;
        search::SearchObserver quiet;
        search::SearchRunner runner(db, control, quiet);
        runner.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        const search::RunResult result = runner.start(c);
        QCOMPARE(result.status, std::string("finished"));
        QCOMPARE(result.evaluations, 6);
        const search::MethodDescriptor& m = search::MethodRegistry::global().require("draw-only");
        QCOMPARE(m.reportLines(search::toJson(c), R"({"seen": ["a", "b"]})").front(), std::string("draw-only saw 2 networks"));
    }
};

QTEST_GUILESS_MAIN(TestMethodRegistry)
#include "test_method_registry.moc"
