#include "core/errors.h"
#include "search/method_registry.h"
#include "search/objective_scorer.h"
#include "search/run_config.h"
#include "search/run_space.h"
#include "spaces/space_factory.h"

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
        QTest::newRow("ceiling on accuracy as a number") << R"({"constraints": {"accuracy": 0.9}})" << "constraints.accuracy";
        QTest::newRow("negative bound") << R"({"constraints": {"latency": -1}})" << "constraints.latency";
        QTest::newRow("ceiling on accuracy") << R"({"constraints": {"accuracy": {"max": 0.9}}})" << "constraints.accuracy.max";
        QTest::newRow("negative floor") << R"({"constraints": {"accuracy": {"min": -0.5}}})" << "constraints.accuracy.min";
        QTest::newRow("empty bound") << R"({"constraints": {"latency": {}}})" << "constraints.latency";
        QTest::newRow("unknown bound key") << R"({"constraints": {"latency": {"below": 3}}})" << "constraints.latency.below";
        QTest::newRow("floor above ceiling") << R"({"constraints": {"latency": {"min": 5, "max": 3}}})" << "constraints.latency";
        QTest::newRow("space channels") << R"({"space": {"channels": 0}})" << "space.channels";
        QTest::newRow("space nodes too few") << R"({"space": {"nodes": 1}})" << "space.nodes";
        QTest::newRow("space nodes too many") << R"({"space": {"nodes": 17}})" << "space.nodes";
        QTest::newRow("space nodes type") << R"({"space": {"nodes": 8.5}})" << "space.nodes";
        QTest::newRow("space stages") << R"({"space": {"stages": 5}})" << "space.stages";
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

    // The DAG space's nodes and stages travel with the config and reach the space; other spaces'
    // configs are written without them, exactly as before.
    void dagSpaceKeys() {
        const search::RunConfig c =
            search::runConfigFromJson(R"({"space": {"name": "dag", "channels": 4, "nodes": 6, "stages": 2}})");
        QCOMPARE(c.spaceNodes, 6);
        QCOMPARE(c.spaceStages, 2);
        const search::RunConfig back = search::runConfigFromJson(search::toJson(c));
        QCOMPARE(back.spaceNodes, 6);
        QCOMPARE(back.spaceStages, 2);
        QCOMPARE(search::toJson(back), search::toJson(c));
        const spaces::SpaceOptions options = search::spaceOptionsFor(c);
        QCOMPARE(options.dagNodes, 6);
        QCOMPARE(options.dagStages, 2);
        QCOMPARE(options.dagChannels, 4);
        const auto space = search::makeRunSpace(c);
        QCOMPARE(space->name(), std::string("dag"));
        QCOMPARE(space->geneCount(), 15 + 5);

        const search::RunConfig dagDefaults = search::runConfigFromJson(R"({"space": {"name": "dag"}})");
        QVERIFY(search::toJson(dagDefaults, -1).find(R"("nodes":8,"stages":3)") != std::string::npos);
        const search::RunConfig nb201;
        QVERIFY(search::toJson(nb201, -1).find(R"("nodes")") == std::string::npos);
        QVERIFY(search::toJson(nb201, -1).find(R"("space":{"name":"nb201","channels":8,"cells":1,"width":1.0})") !=
                std::string::npos);
    }

    // Each space's extra keys (spaces::spaceConfigKeys) are written for it, and for other spaces
    // only where they differ from the default: stored configs keep their exact text, and every
    // one reads back as it was written.
    void spaceKeysFollowTheSpace_data() {
        QTest::addColumn<QString>("stored");
        QTest::addColumn<QString>("written");
        QTest::newRow("nb201") << R"({"name":"nb201","channels":4,"cells":2})"
                               << R"({"name":"nb201","channels":4,"cells":2,"width":1.0})";
        QTest::newRow("mobilenet") << R"({"name":"mobilenet","width":0.5})"
                                   << R"({"name":"mobilenet","channels":8,"cells":1,"width":0.5})";
        QTest::newRow("dag") << R"({"name":"dag"})"
                             << R"({"name":"dag","channels":8,"cells":1,"width":1.0,"nodes":8,"stages":3})";
        QTest::newRow("swiftnet alias") << R"({"name":"swiftnet","nodes":5})"
                                        << R"({"name":"swiftnet","channels":8,"cells":1,"width":1.0,"nodes":5,"stages":3})";
        QTest::newRow("attentive") << R"({"name":"attentive"})"
                                   << R"({"name":"attentive","channels":8,"cells":1,"width":1.0,"layout":"reduced"})";
        QTest::newRow("hadas alias, full") << R"({"name":"hadas","layout":"full"})"
                                           << R"({"name":"hadas","channels":8,"cells":1,"width":1.0,"layout":"full"})";
        QTest::newRow("nb201, another space's key changed")
            << R"({"name":"nb201","layout":"full","stages":2})"
            << R"({"name":"nb201","channels":8,"cells":1,"width":1.0,"stages":2,"layout":"full"})";
        QTest::newRow("nb201, another space's key at its default")
            << R"({"name":"nb201","layout":"reduced","nodes":8})"
            << R"({"name":"nb201","channels":8,"cells":1,"width":1.0})";
    }

    void spaceKeysFollowTheSpace() {
        QFETCH(QString, stored);
        QFETCH(QString, written);
        const search::RunConfig c = search::runConfigFromJson(R"({"space": )" + stored.toStdString() + "}");
        const std::string text = search::toJson(c, -1);
        const std::string space = text.substr(text.find(R"("space":)") + 8);
        QCOMPARE(QString::fromStdString(space.substr(0, space.find('}') + 1)), written);
        const search::RunConfig back = search::runConfigFromJson(text);
        QCOMPARE(back.space, c.space);
        QCOMPARE(back.spaceNodes, c.spaceNodes);
        QCOMPARE(back.spaceStages, c.spaceStages);
        QCOMPARE(back.spaceLayout, c.spaceLayout);
        QCOMPARE(search::toJson(back, -1), text);
    }

    // Every key a space declares is one the config writes: a key declared but unknown here would
    // be dropped from its stored configs.
    void everyDeclaredSpaceKeyIsWritten() {
        for (const std::string& name : spaces::knownSpaceNames()) {
            search::RunConfig c;
            c.space = name;
            const std::string text = search::toJson(c, -1);
            for (const std::string& key : spaces::spaceConfigKeys(name))
                QVERIFY2(text.find("\"" + key + "\":") != std::string::npos, qPrintable(QString::fromStdString(name + ": " + key)));
        }
    }

    // The optimiser's violation counts floors like ceilings: the relative shortfall.
    void scorerCountsFloorsAndCeilings() {
        search::ObjectiveScorer scorer({"accuracy", "latency"}, {{"latency", 5.0}}, {{"accuracy", 0.8}});
        core::Candidate c;
        c.metrics = {{"accuracy", 0.6, "", core::Provenance::Trained}, {"latency_ms", 6.0, "ms", core::Provenance::Table}};
        QCOMPARE(scorer.violation(c), (0.8 - 0.6) / 0.8 + (6.0 - 5.0) / 5.0);
        c.metrics[0].value = 0.9;
        c.metrics[1].value = 4.0;
        QCOMPARE(scorer.violation(c), 0.0);
        QVERIFY_THROWS_EXCEPTION(core::InputError, scorer.setLowerBound("accuracy", 0.0));
        QVERIFY_THROWS_EXCEPTION(core::InputError, scorer.setLowerBound("speed", 1.0));
        scorer.clearLowerBound("accuracy");
        c.metrics[0].value = 0.1;
        QCOMPARE(scorer.violation(c), 0.0);
    }

    // A constraint may have a floor, a ceiling or both; a plain number stays a ceiling.
    void lowerAndUpperBounds() {
        const search::RunConfig c = search::runConfigFromJson(
            R"({"constraints": {"latency": 5, "accuracy": {"min": 0.8}, "energy": {"min": 0.5, "max": 3}}})");
        QCOMPARE(c.constraints, (std::map<std::string, double>{{"latency", 5.0}, {"energy", 3.0}}));
        QCOMPARE(c.lowerBounds, (std::map<std::string, double>{{"accuracy", 0.8}, {"energy", 0.5}}));
        const search::RunConfig back = search::runConfigFromJson(search::toJson(c));
        QCOMPARE(back.constraints, c.constraints);
        QCOMPARE(back.lowerBounds, c.lowerBounds);
        // Configs without floors are written exactly as before.
        search::RunConfig plain;
        plain.constraints["latency"] = 5;
        QVERIFY(search::toJson(plain, -1).find(R"("constraints":{"latency":5.0})") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestRunConfig)
#include "test_run_config.moc"
