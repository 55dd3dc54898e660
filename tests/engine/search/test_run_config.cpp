#include "core/errors.h"
#include "search/method_registry.h"
#include "search/run_config.h"

#include <QtTest/QtTest>

using namespace edgenas;

// Every malformed config must be rejected with a message that names the offending key.
class TestRunConfig : public QObject {
    Q_OBJECT
private slots:
    void errorsNameTheKey_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("key");
        QTest::newRow("unknown top-level") << R"({"budgte": {}})" << "budgte";
        QTest::newRow("unknown nested") << R"({"budget": {"evals": 3}})" << "budget.evals";
        QTest::newRow("budget too small") << R"({"budget": {"evaluations": 0}})" << "budget.evaluations";
        QTest::newRow("population type") << R"({"budget": {"population": "four"}})" << "budget.population";
        QTest::newRow("objective unknown") << R"({"objectives": ["accuracy", "speed"]})" << "objectives";
        QTest::newRow("bound on accuracy") << R"({"constraints": {"accuracy": 0.9}})" << "constraints.accuracy";
        QTest::newRow("negative bound") << R"({"constraints": {"latency": -1}})" << "constraints.latency";
        QTest::newRow("space channels") << R"({"space": {"channels": 0}})" << "space.channels";
        QTest::newRow("training lr") << R"({"training": {"lr": "fast"}})" << "training.lr";
        QTest::newRow("seed") << R"({"seed": -3})" << "seed";
        QTest::newRow("seed overflows a double") << R"({"seed": 1e400})" << "seed";
        QTest::newRow("settings overflow") << R"({"settings": {"steps": -1e999}})" << "settings.steps";
        QTest::newRow("nested overflow") << R"({"training": {"epochs": 1, "lr": 1e400}})" << "training.lr";
        QTest::newRow("key given twice") << R"({"seed": 1, "budget": {}, "seed": 2})" << "seed";
    }
    void errorsNameTheKey() {
        QFETCH(QString, json);
        QFETCH(QString, key);
        try {
            search::runConfigFromJson(json.toStdString());
            QFAIL("no error");
        } catch (const core::InputError& e) {
            QVERIFY2(QString(e.what()).contains("'" + key + "'"), e.what());
        }
    }

    void methodSettingsNameTheKey() {
        const search::RunConfig c = search::runConfigFromJson(R"({"settings": {"crossover": 2}})");
        try {
            search::makeSearchMethod(c.method, c.methodSettingsJson);
            QFAIL("no error");
        } catch (const core::InputError& e) {
            QVERIFY2(QString(e.what()).contains("'settings.crossover'"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(core::InputError, search::makeSearchMethod("nsga3"));
    }

    void roundTrips() {
        search::RunConfig c;
        c.objectives = {"accuracy", "params"};
        c.constraints["params"] = 5000;
        c.seed = 42;
        c.methodSettingsJson = R"({"crossover":0.5})";
        const search::RunConfig back = search::runConfigFromJson(search::toJson(c));
        QCOMPARE(back.objectives, c.objectives);
        QCOMPARE(back.constraints, c.constraints);
        QCOMPARE(back.seed, c.seed);
        QCOMPARE(search::toJson(back), search::toJson(c));
    }
};

QTEST_GUILESS_MAIN(TestRunConfig)
#include "test_run_config.moc"
