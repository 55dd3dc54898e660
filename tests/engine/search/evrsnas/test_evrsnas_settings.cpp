#include "search/evrsnas/evrsnas_settings.h"
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
