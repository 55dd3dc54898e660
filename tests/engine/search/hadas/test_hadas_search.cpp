#include "../fake_evaluators.h"
#include "../stop_at_generation.h"
#include "fake_hadas_judge.h"

#include "search/hadas/hadas_experiment.h"
#include "search/hadas/hadas_records.h"
#include "search/hadas/hadas_search.h"
#include "search/hadas/hadas_settings.h"

#include "core/errors.h"
#include "cost/device_catalog.h"
#include "search/device_evaluator.h"
#include "search/method_registry.h"
#include "search/run_database.h"
#include "search/search_context.h"
#include "search/search_runner.h"
#include "store/run_reader.h"

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <map>
#include <set>

using namespace edgenas;

namespace {

// HADAS with the fake judge in place of the supernet: whole nested searches in seconds.
search::MethodDescriptor fakeHadas() {
    search::MethodDescriptor m = search::MethodRegistry::global().require("hadas");
    m.name = "hadas-fake";
    m.create = [](const std::string& settings) -> std::unique_ptr<search::SearchMethod> {
        return std::make_unique<search::HadasSearch>(
            search::hadasSettingsFromJson(settings),
            [](search::SearchContext& context, const search::HadasSettings&) -> std::unique_ptr<search::HadasJudge> {
                const auto* space = dynamic_cast<const spaces::AttentiveSpace*>(&context.space());
                return std::make_unique<search::test::FakeHadasJudge>(*space);
            });
    };
    return m;
}

search::RunConfig hadasConfig(const std::string& settings, const std::string& rule = "threshold") {
    search::RunConfig c;
    c.method = "hadas-fake";
    c.space = "attentive";
    c.device = "jetson-agx-xavier";
    c.objectives = {"accuracy", "latency", "energy"};
    c.evaluations = 2000;
    c.seed = 11;
    c.threads = 1;
    nlohmann::json s = nlohmann::json::parse(settings);
    s["exit_rule"] = rule;
    c.methodSettingsJson = s.dump();
    return c;
}

constexpr const char* kSmall = R"({"outer_population": 6, "outer_generations": 2, "outer_survivors": 2,
                                   "outer_parents": 2, "inner_population": 6, "inner_generations": 3})";

// The runner checks the objectives' evaluators before a run; HADAS prices networks itself, but
// steering could ask the run's evaluators, so latency and energy come from the device model.
class HadasTestEvaluators : public search::EvaluatorProvider {
public:
    search::CandidateEvaluator& evaluatorFor(const std::string& metric) override {
        if (metric == "latency_ms" || metric == "energy_mj" || metric == "power_w")
            return device;
        return fake.evaluatorFor(metric);
    }
    search::test::FakeEvaluators fake;
    search::DeviceEvaluator device{cost::DeviceCatalog::builtIn().find("jetson-agx-xavier"), ""};
};

search::RunResult runHadas(const std::string& db, const search::RunConfig& config) {
    search::SearchControl control;
    search::SearchObserver quiet;
    search::SearchRunner runner(db, control, quiet);
    runner.setEvaluatorProvider(std::make_shared<HadasTestEvaluators>());
    return runner.start(config);
}

const core::Metric& metricOf(const core::Candidate& c, const char* name) {
    const core::Metric* m = c.metric(name);
    if (!m)
        throw std::runtime_error(std::string("candidate lacks ") + name);
    return *m;
}

} // namespace

class TestHadasSearch : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (!search::MethodRegistry::global().find("hadas-fake"))
            search::MethodRegistry::global().add(fakeHadas());
    }

    // Backbones and their dynamic models land in one run: inner candidates carry their settings,
    // a level link to their backbone, modelled costs and the dynamic record; the front mixes both.
    void nestedRunStoresBothLevels() {
        const std::string db = m_dir.filePath("nested.db").toStdString();
        const search::RunResult r = runHadas(db, hadasConfig(kSmall));
        QCOMPARE(r.status, std::string("finished"));
        const auto reader = search::openRunReader(db);
        const std::vector<core::Candidate> all = reader.candidates(r.runId);
        std::map<std::int64_t, const core::Candidate*> backbones;
        int inner = 0;
        for (const core::Candidate& c : all)
            if (c.settingsJson.empty())
                backbones[c.id] = &c;
        QVERIFY(backbones.size() >= 6 && backbones.size() <= 12);
        std::set<std::int64_t> searched;
        for (const core::Candidate& c : all) {
            if (c.settingsJson.empty())
                continue;
            ++inner;
            QVERIFY(c.levelParent.has_value());
            QVERIFY2(backbones.count(*c.levelParent), "an inner candidate's level link names no backbone");
            searched.insert(*c.levelParent);
            QCOMPARE(c.genome, backbones.at(*c.levelParent)->genome);
            QVERIFY(metricOf(c, "latency_ms").provenance == core::Provenance::Modelled);
            QVERIFY(metricOf(c, "energy_mj").provenance == core::Provenance::Modelled);
            QVERIFY(metricOf(c, "accuracy").provenance == core::Provenance::Trained);
            const nlohmann::json settings = nlohmann::json::parse(c.settingsJson);
            QVERIFY(!settings.at("exits").empty());
            QCOMPARE(settings.at("dvfs").size(), std::size_t(3));
            QCOMPARE(c.records.size(), std::size_t(1));
            const search::HadasDynamicRecord record = search::hadasDynamicRecordFromJson(c.records[0].json);
            QCOMPARE(record.exitBlocks, settings.at("exits").get<std::vector<int>>());
            QCOMPARE(record.exitsDvfs.energyMj, metricOf(c, "energy_mj").value);
            QVERIFY(record.deployable);
        }
        // Two generations of two survivors each.
        QCOMPARE(searched.size(), std::size_t(4));
        QVERIFY(inner >= 4 * 6);
        QCOMPARE(reader.runRecords(r.runId, "hadas.inner/1").size(), std::size_t(4));

        // The archive: some dynamic model is on the front, and everything on it has a test figure.
        const auto last = reader.lastGeneration(r.runId);
        QVERIFY(last.has_value());
        bool dynamicOnFront = false;
        for (std::int64_t id : last->frontCandidateIds)
            for (const core::Candidate& c : all)
                if (c.id == id) {
                    dynamicOnFront = dynamicOnFront || !c.settingsJson.empty();
                    QVERIFY2(c.metric("test_accuracy"), "a reported network lacks its test accuracy");
                }
        QVERIFY(dynamicOnFront);

        // The CLI's closing lines: where the nested search stands and what the figures are.
        const auto run = reader.run(r.runId);
        const std::vector<std::string> lines =
            search::MethodRegistry::global().require("hadas-fake").reportLines(run->configJson, last->stateJson);
        QCOMPARE(lines.size(), std::size_t(2));
        QVERIFY2(lines[0].find("outer generation 2 of 2; 4 backbones") != std::string::npos, lines[0].c_str());
        QVERIFY2(lines[1].find("modelled") != std::string::npos, lines[1].c_str());
    }

    // The oracle rule's accuracies are marked as not deployable in every record.
    void oracleRuleIsLabelled() {
        const std::string db = m_dir.filePath("oracle.db").toStdString();
        const search::RunResult r = runHadas(db, hadasConfig(kSmall, "oracle"));
        QCOMPARE(r.status, std::string("finished"));
        int checked = 0;
        for (const core::Candidate& c : search::openRunReader(db).candidates(r.runId)) {
            if (c.settingsJson.empty())
                continue;
            const search::HadasDynamicRecord record = search::hadasDynamicRecordFromJson(c.records.at(0).json);
            QCOMPARE(record.rule, std::string("oracle"));
            QVERIFY(!record.deployable);
            ++checked;
        }
        QVERIFY(checked > 0);
    }

    // Stopped after the first inner search and resumed, the run equals an uninterrupted one.
    void resumedRunEqualsUninterrupted() {
        const search::RunConfig c = hadasConfig(kSmall);
        const std::string whole = m_dir.filePath("whole.db").toStdString();
        const search::RunResult uninterrupted = runHadas(whole, c);
        QCOMPARE(uninterrupted.status, std::string("finished"));

        const std::string split = m_dir.filePath("split.db").toStdString();
        search::SearchControl stopping;
        search::test::StopAtGeneration stopAtOne(stopping, 1);
        search::SearchRunner first(split, stopping, stopAtOne);
        first.setEvaluatorProvider(std::make_shared<HadasTestEvaluators>());
        const search::RunResult stopped = first.start(c);
        QCOMPARE(stopped.status, std::string("interrupted"));
        search::SearchControl fresh;
        search::SearchObserver quiet;
        search::SearchRunner again(split, fresh, quiet);
        again.setEvaluatorProvider(std::make_shared<HadasTestEvaluators>());
        const search::RunResult resumed = again.resume(stopped.runId);
        QCOMPARE(resumed.status, std::string("finished"));

        const auto a = search::openRunReader(whole).candidates(uninterrupted.runId);
        const auto b = search::openRunReader(split).candidates(resumed.runId);
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].hash, b[i].hash);
            QCOMPARE(a[i].settingsJson, b[i].settingsJson);
            QVERIFY(a[i].levelParent == b[i].levelParent);
            QVERIFY2(a[i].metrics == b[i].metrics, a[i].hash.c_str());
        }
        QCOMPARE(search::openRunReader(whole).runRecords(uninterrupted.runId, "hadas.inner/1").size(),
                 search::openRunReader(split).runRecords(resumed.runId, "hadas.inner/1").size());
    }

    // The experiment runs HADAS, random search and the oracle per seed, scores each archive on one
    // fixed reference, compares energies at matched accuracy over the static-power sweep, and a
    // second invocation reuses the finished runs and prints the same figures.
    void experimentScoresAndResumes() {
        const std::string db = m_dir.filePath("experiment.db").toStdString();
        search::HadasExperimentOptions options;
        options.seeds = 2;
        options.method = "hadas-fake";
        options.evaluators = std::make_shared<HadasTestEvaluators>();
        search::RunConfig base = hadasConfig(kSmall);
        search::SearchControl control;
        search::SearchObserver quiet;
        const search::HadasExperimentReport first = search::HadasExperiment(db, base, options, control, quiet).run();
        QVERIFY(first.complete);
        QCOMPARE(first.runs.size(), std::size_t(6));
        QVERIFY(first.referenceLatencyMs > 0.0 && first.referenceEnergyMj > 0.0);
        for (const search::HadasExperimentRun& r : first.runs) {
            QCOMPARE(r.status, std::string("finished"));
            QVERIFY2(r.hypervolume > 0.0 && r.hypervolume < 4.0, r.strategy.c_str());
            QVERIFY(r.archiveSize > 0);
        }
        // HADAS and random spend the same evaluations budget shape: equal numbers of backbones searched.
        const auto reader = search::openRunReader(db);
        QCOMPARE(reader.runRecords(first.runs[0].runId, "hadas.inner/1").size(),
                 reader.runRecords(first.runs[1].runId, "hadas.inner/1").size());
        // Energy rows: HADAS's runs only, four static powers per searched backbone; a higher static
        // power costs the static network more, and the exit and DVFS figures never exceed static
        // when they match (the static setting is always among the candidates' own figures).
        QVERIFY(!first.energy.empty());
        QCOMPARE(first.energy.size() % 4, std::size_t(0));
        for (std::size_t i = 0; i + 1 < first.energy.size(); ++i)
            if (first.energy[i].backboneId == first.energy[i + 1].backboneId &&
                first.energy[i].rule == first.energy[i + 1].rule)
                QVERIFY(first.energy[i + 1].staticEnergyMj > first.energy[i].staticEnergyMj);
        bool dvfsSaves = false;
        for (const search::HadasEnergyComparison& e : first.energy)
            dvfsSaves = dvfsSaves || (e.dvfsEnergyMj >= 0.0 && e.dvfsEnergyMj < e.staticEnergyMj);
        QVERIFY(dvfsSaves);

        options.reportOnly = true;
        const search::HadasExperimentReport again = search::HadasExperiment(db, base, options, control, quiet).run();
        QCOMPARE(again.runs.size(), first.runs.size());
        for (std::size_t i = 0; i < again.runs.size(); ++i) {
            QCOMPARE(again.runs[i].runId, first.runs[i].runId);
            QCOMPARE(again.runs[i].hypervolume, first.runs[i].hypervolume);
        }
        QCOMPARE(search::openRunReader(db).listRuns().size(), std::size_t(6));
    }

    void badSettingsAndSpacesAreNamed() {
        try {
            search::hadasSettingsFromJson(R"({"outer_population": 4, "outer_survivors": 6})");
            QFAIL("more survivors than backbones was accepted");
        } catch (const core::InputError& e) {
            QVERIFY2(QString(e.what()).contains("outer_survivors"), e.what());
        }
        try {
            search::hadasSettingsFromJson(R"({"thresholds": "0.5,1.5"})");
            QFAIL("a threshold above 1 was accepted");
        } catch (const core::InputError& e) {
            QVERIFY2(QString(e.what()).contains("1.5"), e.what());
        }
        search::RunConfig c = hadasConfig(kSmall);
        c.space = "nb201";
        try {
            runHadas(m_dir.filePath("nb201.db").toStdString(), c);
            QFAIL("HADAS ran on the NB201 space");
        } catch (const core::InputError& e) {
            QVERIFY2(QString(e.what()).contains("attentive"), e.what());
        }
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestHadasSearch)
#include "test_hadas_search.moc"
