#include "search/evrsnas/evrsnas_presets.h"
#include "search/evrsnas/evrsnas_settings.h"
#include "search/evrsnas/reference_for_run.h"
#include "search/evrsnas/penalised_fitness.h"
#include "search/method_registry.h"

#include "core/errors.h"

#include <QtTest>

using namespace edgenas;

class TestEvrsnasSettings : public QObject {
    Q_OBJECT

private slots:
    void defaultsFollowTheNotes() {
        const search::EvrsnasSettings s = search::evrsnasSettingsFromJson("{}");
        QCOMPARE(s.tournament, 5);
        QCOMPARE(s.elites, 1);
        QCOMPARE(s.mutationRate, 0.1);
        QCOMPARE(s.rmi.beta, 0.8);
        QCOMPARE(s.rmi.pairs, 3);
        QCOMPARE(s.rmi.learningRate, 0.1);
        QCOMPARE(s.lambda, 1.0);
        QCOMPARE(s.penalty, std::string("one-sided"));
        QCOMPARE(s.cost, std::string("latency"));
        QCOMPARE(search::costMetric(s), std::string("latency_ms"));
        QCOMPARE(s.survival, std::string("feasible-first"));
        QCOMPARE(s.mutation, std::string("per-gene"));  // notes 1.6: a child may equal its parent
        // The default reference is a real teacher: ResNet-20, all training images, 5 epochs at
        // batch 128 with a cosine schedule (bench_reference checks >= 90 % test accuracy).
        QCOMPARE(s.referenceWidth, 16);
        QCOMPARE(s.referenceBlocks, 3);
        QCOMPARE(s.referenceEpochs, 5);
        QCOMPARE(s.referenceSubset, 0);
        QCOMPARE(s.referenceBatch, 128);
        QVERIFY(search::referenceTrainConfig(s).cosineSchedule);
        QCOMPARE(search::referenceTrainConfig(s).batchSize, 128);
        QCOMPARE(search::referenceTrainConfig(s).trainSubset, std::size_t(0));
    }

    // Point 9 of issue 13: the paper preset carries the notes' budget, quick is below it and says
    // so in the report, with the run's cost source.
    void presetsAndTheBudgetFlag() {
        search::RunConfig config;
        config.method = "evrsnas";
        config.device = "raspberry-pi-4";
        search::applyEvrsnasPreset(config, "paper");
        QCOMPARE(config.population, 20);
        QCOMPARE(config.evaluations, 1000);
        const search::EvrsnasSettings paper = search::evrsnasSettingsFromJson(config.methodSettingsJson);
        QCOMPARE(paper.generations, 50);
        QCOMPARE(paper.preset, std::string("paper"));
        QVERIFY(!search::belowPaperBudget(config));

        search::EvrsnasOutcome outcome;
        outcome.costSource = "table";
        outcome.referenceTestAccuracy = 0.912;
        auto joined = [](const std::vector<std::string>& lines) {
            std::string all;
            for (const auto& l : lines)
                all += l + "\n";
            return all;
        };
        const std::string paperLines = joined(search::evrsnasReportLines(config, outcome));
        QVERIFY2(paperLines.find("BELOW") == std::string::npos, paperLines.c_str());
        QVERIFY2(paperLines.find("latency_ms on raspberry-pi-4 table") != std::string::npos, paperLines.c_str());
        QVERIFY2(paperLines.find("test accuracy 91.20 %") != std::string::npos, paperLines.c_str());

        search::applyEvrsnasPreset(config, "quick");
        QCOMPARE(config.population, 10);
        QCOMPARE(config.evaluations, 100);
        QVERIFY(search::belowPaperBudget(config));
        const std::string quickLines = joined(search::evrsnasReportLines(config, outcome));
        QVERIFY2(quickLines.find("BELOW THE PAPER BUDGET: 100 evaluations, population 10, 10 generations") !=
                     std::string::npos,
                 quickLines.c_str());
        // Any one part of the budget below the paper's is enough to flag it.
        search::applyEvrsnasPreset(config, "paper");
        config.evaluations = 999;
        QVERIFY(search::belowPaperBudget(config));
        // From the stored texts, as the workbench's report reads them; other methods get nothing.
        QVERIFY(!search::evrsnasReportLines("evrsnas", search::toJson(config), "").empty());
        QVERIFY(search::evrsnasReportLines("nsga2", search::toJson(config), "").empty());
        QVERIFY_THROWS_EXCEPTION(core::InputError, search::evrsnasPreset("slow"));
        QVERIFY_THROWS_EXCEPTION(core::InputError, search::evrsnasSettingsFromJson(R"({"mutation": "forced"})"));
    }

    void parsesAndRoundTrips() {
        const search::EvrsnasSettings s = search::evrsnasSettingsFromJson(
            R"({"steps": 0, "beta": 0.5, "batch": 64, "penalty": "symmetric", "cost": "energy", "lambda": 2,
                "final_top_k": 2, "parallel": 1})");
        QCOMPARE(s.rmi.steps, 0);
        QCOMPARE(s.rmi.beta, 0.5);
        QCOMPARE(s.batch, 64);
        QCOMPARE(s.penalty, std::string("symmetric"));
        QCOMPARE(search::costMetric(s), std::string("energy_mj"));
        const search::EvrsnasSettings again = search::evrsnasSettingsFromJson(search::toJson(s));
        QCOMPARE(search::toJson(again), search::toJson(s));
    }

    void badSettingsNameTheKey_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown key") << R"({"stepz": 3})" << "settings.stepz";
        QTest::newRow("wrong type") << R"({"steps": "many"})" << "settings.steps";
        QTest::newRow("out of range") << R"({"beta": 1.5})" << "settings.beta";
        QTest::newRow("bad penalty") << R"({"penalty": "both"})" << "settings.penalty";
        QTest::newRow("bad survival") << R"({"survival": "best"})" << "settings.survival";
        QTest::newRow("bad cost") << R"({"cost": "macs"})" << "settings.cost";
        QTest::newRow("weights without architecture") << R"({"reference_weights": "w.pt"})" << "reference_architecture";
        QTest::newRow("not an object") << "[1]" << "settings";
        QTest::newRow("not JSON") << "{steps" << "settings";
    }
    void badSettingsNameTheKey() {
        QFETCH(QString, json);
        QFETCH(QString, mentions);
        try {
            search::evrsnasSettingsFromJson(json.toStdString());
            QFAIL("accepted bad settings");
        } catch (const core::InputError& e) {
            QVERIFY2(QString(e.what()).contains(mentions), e.what());
        }
    }

    void registeredByName() {
        QVERIFY(search::makeSearchMethod("evrsnas", "{}") != nullptr);
        QCOMPARE(search::makeSearchMethod("evrsnas", "{}")->name(), std::string("evrsnas"));
        const auto names = search::knownMethodNames();
        QVERIFY(std::find(names.begin(), names.end(), "evrsnas") != names.end());
        QVERIFY_THROWS_EXCEPTION(core::InputError, search::makeSearchMethod("evrsnas", R"({"nope": 1})"));
    }

    void penaltyFallsLinearlyBeyondTheThreshold() {
        const double threshold = 4.0;
        const search::PenalisedFitness f(threshold, 1.0, false);
        const double phi = 0.7;
        // Feasible: no penalty at all.
        QCOMPARE(f(phi, 1.0), phi);
        QCOMPARE(f(phi, threshold), phi);
        QVERIFY(f.feasible(threshold) && !f.feasible(threshold * 1.0001));
        // Beyond T: F = phi - (Psi - T) / T, a straight line in the relative excess.
        for (double excess : {0.05, 0.1, 0.5, 1.0, 3.0})
            QVERIFY(std::abs(f(phi, threshold * (1 + excess)) - (phi - excess)) < 1e-12);
        const search::PenalisedFitness heavy(threshold, 2.5, false);
        QVERIFY(std::abs(heavy(phi, threshold * 1.2) - (phi - 2.5 * 0.2)) < 1e-12);
        // Symmetric: under-using the budget costs too.
        const search::PenalisedFitness symmetric(threshold, 1.0, true);
        QVERIFY(std::abs(symmetric(phi, threshold * 0.5) - (phi - 0.5)) < 1e-12);
        QVERIFY(std::abs(symmetric(phi, threshold * 1.5) - (phi - 0.5)) < 1e-12);
        // No threshold: no penalty.
        const search::PenalisedFitness none(std::numeric_limits<double>::infinity());
        QCOMPARE(none(phi, 1e9), phi);
    }
};

QTEST_APPLESS_MAIN(TestEvrsnasSettings)
#include "test_evrsnas_settings.moc"
