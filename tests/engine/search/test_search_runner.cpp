#include "fake_evaluators.h"

#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "search/run_database.h"
#include "search/search_context.h"
#include "search/search_runner.h"
#include "spaces/space_factory.h"
#include "store/run_reader.h"
#include "store/run_writer_lock.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <thread>

using namespace edgenas;

namespace {

search::RunConfig tinyConfig() {
    search::RunConfig c;
    c.space = "nb201";
    c.spaceChannels = 4;
    c.spaceCells = 1;
    c.objectives = {"accuracy", "params"};
    c.evaluations = 24;
    c.population = 6;
    c.seed = 7;
    c.threads = 1;
    return c;
}

// Records everything the runner reports, and can steer at a chosen generation.
class RecordingObserver : public search::SearchObserver {
public:
    void candidateEvaluated(const core::Candidate& c) override { evaluated.push_back(c); }
    void generationFinished(const search::GenerationSummary& s) override {
        summaries.push_back(s);
        if (onGeneration)
            onGeneration(s);
    }
    void runFinished(std::int64_t, const std::string& s) override { status = s; }

    std::vector<core::Candidate> evaluated;
    std::vector<search::GenerationSummary> summaries;
    std::string status;
    std::function<void(const search::GenerationSummary&)> onGeneration;
};

} // namespace

// The runner with fake (instant, deterministic) evaluators: store contents, steering, cache.
class TestSearchRunner : public QObject {
    Q_OBJECT
private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void storeMatchesObserver() {
        const std::string db = m_dir.filePath("observer.db").toStdString();
        search::SearchControl control;
        RecordingObserver observer;
        search::SearchRunner runner(db, control, observer);
        auto evaluators = std::make_shared<search::test::FakeEvaluators>();
        runner.setEvaluatorProvider(evaluators);
        const search::RunResult result = runner.start(tinyConfig());

        QCOMPARE(result.status, std::string("finished"));
        QCOMPARE(observer.status, std::string("finished"));
        QCOMPARE(result.evaluations, 24);
        QCOMPARE(evaluators->accuracy.calls, 24);

        const auto reader = search::openRunReader(db);
        QCOMPARE(reader.run(result.runId)->status, std::string("finished"));
        const auto stored = reader.candidates(result.runId);
        QCOMPARE(stored.size(), observer.evaluated.size());
        for (std::size_t i = 0; i < stored.size(); ++i) {
            QCOMPARE(stored[i].hash, observer.evaluated[i].hash);
            QCOMPARE(stored[i].genome, observer.evaluated[i].genome);
            QCOMPARE(stored[i].generation, observer.evaluated[i].generation);
            QCOMPARE(stored[i].metric("accuracy")->value, observer.evaluated[i].metric("accuracy")->value);
            QCOMPARE(stored[i].metric("params")->value, observer.evaluated[i].metric("params")->value);
            // Nothing was trained: the stand-in's figure is stored as a proxy, never as trained.
            QCOMPARE(int(stored[i].metric("accuracy")->provenance), int(core::Provenance::Proxy));
        }
        // No network twice.
        std::set<std::string> hashes;
        for (const auto& c : stored)
            hashes.insert(c.hash);
        QCOMPARE(hashes.size(), stored.size());

        const auto generations = reader.generations(result.runId);
        QCOMPARE(generations.size(), observer.summaries.size());
        QCOMPARE(int(generations.size()), result.generations);
        for (std::size_t g = 0; g < generations.size(); ++g) {
            QCOMPARE(generations[g].generation, observer.summaries[g].generation);
            QCOMPARE(int(generations[g].evaluations), observer.summaries[g].evaluations);
            QCOMPARE(generations[g].frontCandidateIds, observer.summaries[g].frontIds);
            QCOMPARE(generations[g].hypervolume, observer.summaries[g].hypervolume);
        }
        std::vector<std::int64_t> frontIds;
        for (const auto& c : result.front)
            frontIds.push_back(c.id);
        QCOMPARE(frontIds, generations.back().frontCandidateIds);
        QVERIFY(!result.front.empty());
        // Every parent id points at an earlier candidate of the run.
        for (const auto& c : stored)
            for (std::int64_t p : c.parents)
                QVERIFY(p > 0 && p < c.id);
    }

    void constraintChangeAppliesAtNextGeneration() {
        const std::string db = m_dir.filePath("steer.db").toStdString();
        search::SearchControl control;
        RecordingObserver observer;
        search::SearchRunner runner(db, control, observer);
        runner.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());

        double bound = 0;
        observer.onGeneration = [&](const search::GenerationSummary& s) {
            if (s.generation != 1)
                return;
            // A bound below the largest front member, so the steer must change the front.
            std::vector<double> params;
            for (const auto& c : observer.evaluated)
                params.push_back(c.metric("params")->value);
            std::sort(params.begin(), params.end());
            bound = params[params.size() / 2];
            control.setConstraint("params", bound);
        };
        const search::RunResult result = runner.start(tinyConfig());
        QCOMPARE(result.status, std::string("finished"));
        QVERIFY(bound > 0);

        const auto reader = search::openRunReader(db);
        const auto events = reader.events(result.runId);
        auto steer = std::find_if(events.begin(), events.end(), [](const auto& e) { return e.kind == "steer"; });
        QVERIFY(steer != events.end());
        const auto payload = nlohmann::json::parse(steer->payloadJson);
        QCOMPARE(payload["generation"].get<int>(), 2);
        QCOMPARE(payload["metric"].get<std::string>(), std::string("params"));
        QCOMPARE(payload["bound"].get<double>(), bound);

        const auto all = reader.candidates(result.runId);
        auto paramsOf = [&](std::int64_t id) {
            return std::find_if(all.begin(), all.end(), [id](const auto& c) { return c.id == id; })
                ->metric("params")->value;
        };
        const auto generations = reader.generations(result.runId, true);
        QVERIFY(generations.size() >= 3);
        bool someAboveBefore = false;
        for (std::int64_t id : generations[1].frontCandidateIds)
            someAboveBefore |= paramsOf(id) > bound;
        QVERIFY2(someAboveBefore, "the bound should cut the front of generation 1");
        for (std::size_t g = 2; g < generations.size(); ++g) {
            for (std::int64_t id : generations[g].frontCandidateIds)
                QVERIFY(paramsOf(id) <= bound);
            const auto state = nlohmann::json::parse(generations[g].stateJson);
            QCOMPARE(state["run"]["constraints"]["params"].get<double>(), bound);
        }
        QVERIFY(!generations[1].stateJson.empty());
        QVERIFY(!nlohmann::json::parse(generations[1].stateJson)["run"]["constraints"].contains("params"));
    }

    // A floor steered mid-run (accuracy at least the median seen) binds from the next generation
    // and is kept in the generation state, so a resume keeps it too.
    void floorChangeAppliesAtNextGeneration() {
        const std::string db = m_dir.filePath("floor.db").toStdString();
        search::SearchControl control;
        RecordingObserver observer;
        search::SearchRunner runner(db, control, observer);
        runner.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());

        double floor = 0;
        observer.onGeneration = [&](const search::GenerationSummary& s) {
            if (s.generation != 1)
                return;
            std::vector<double> accuracies;
            for (const auto& c : observer.evaluated)
                accuracies.push_back(c.metric("accuracy")->value);
            std::sort(accuracies.begin(), accuracies.end());
            floor = accuracies[accuracies.size() / 2];
            control.setLowerBound("accuracy", floor);
        };
        const search::RunResult result = runner.start(tinyConfig());
        QCOMPARE(result.status, std::string("finished"));
        QVERIFY(floor > 0);

        const auto reader = search::openRunReader(db);
        const auto events = reader.events(result.runId);
        auto steer = std::find_if(events.begin(), events.end(), [](const auto& e) { return e.kind == "steer"; });
        QVERIFY(steer != events.end());
        QCOMPARE(steer->message, "bound accuracy >= " + nlohmann::json(floor).dump());
        const auto payload = nlohmann::json::parse(steer->payloadJson);
        QCOMPARE(payload["action"].get<std::string>(), std::string("set_lower_bound"));
        QCOMPARE(payload["bound"].get<double>(), floor);

        const auto all = reader.candidates(result.runId);
        auto accuracyOf = [&](std::int64_t id) {
            return std::find_if(all.begin(), all.end(), [id](const auto& c) { return c.id == id; })
                ->metric("accuracy")->value;
        };
        const auto generations = reader.generations(result.runId, true);
        QVERIFY(generations.size() >= 3);
        bool someBelowBefore = false;
        for (std::int64_t id : generations[1].frontCandidateIds)
            someBelowBefore |= accuracyOf(id) < floor;
        QVERIFY2(someBelowBefore, "the floor should cut the front of generation 1");
        for (std::size_t g = 2; g < generations.size(); ++g) {
            for (std::int64_t id : generations[g].frontCandidateIds)
                QVERIFY(accuracyOf(id) >= floor);
            const auto state = nlohmann::json::parse(generations[g].stateJson);
            QCOMPARE(state["run"]["lower_bounds"]["accuracy"].get<double>(), floor);
        }
    }

    // A user-chosen network arrives mid-run: evaluated, stored as "injected", logged as a steer,
    // and competing in the next selection like any offspring.
    void injectedCandidateJoinsThePopulation() {
        const std::string db = m_dir.filePath("inject.db").toStdString();
        search::SearchControl control;
        RecordingObserver observer;
        search::SearchRunner runner(db, control, observer);
        runner.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        const auto space = spaces::makeSearchSpace("nb201", {.nb201Channels = 4, .nb201CellsPerStage = 1});

        // The injected network: no edge with weights (fewest params of the space) and, among
        // those, the best fake accuracy, so nothing can dominate it and it must survive.
        search::test::HashAccuracy accuracy;
        std::string injectedHash;
        double best = -1;
        for (int code = 0; code < 64; ++code) {
            spaces::Genome genome;
            for (int gene = 0; gene < 6; ++gene)
                genome.push_back((code >> gene) & 1);  // 0 none, 1 skip_connect
            const core::Architecture arch = space->decode(genome);
            const double a = accuracy.evaluate(arch, {}).front().value;
            if (a > best) {
                best = a;
                injectedHash = core::canonicalHash(arch);
                m_injectedJson = core::toJson(arch);
            }
        }
        observer.onGeneration = [&](const search::GenerationSummary& s) {
            if (s.generation == 0) {
                for (const auto& c : observer.evaluated)
                    QVERIFY2(c.hash != injectedHash, "the random start found the injected network itself");
                control.injectCandidate(m_injectedJson);
            }
        };
        const search::RunResult result = runner.start(tinyConfig());
        QCOMPARE(result.status, std::string("finished"));

        const auto reader = search::openRunReader(db);
        const auto stored = reader.findCandidateByHash(result.runId, injectedHash);
        QVERIFY(stored);
        QCOMPARE(stored->status, std::string("injected"));
        QCOMPARE(stored->generation, 1);
        QVERIFY(stored->metric("accuracy") && stored->metric("params"));
        QCOMPARE(core::canonicalHash(core::architectureFromJson(stored->architectureJson)), injectedHash);

        const auto events = reader.events(result.runId);
        auto steer = std::find_if(events.begin(), events.end(), [](const auto& e) { return e.kind == "steer"; });
        QVERIFY(steer != events.end());
        const auto payload = nlohmann::json::parse(steer->payloadJson);
        QCOMPARE(payload["action"].get<std::string>(), std::string("inject"));
        QCOMPARE(payload["generation"].get<int>(), 1);

        // Generation 1's population (saved for resume) holds it; so does the final front.
        const auto generations = reader.generations(result.runId, true);
        const auto population = nlohmann::json::parse(generations[1].stateJson)["method"]["population"];
        QVERIFY(std::find(population.begin(), population.end(), injectedHash) != population.end());
        QVERIFY(std::any_of(result.front.begin(), result.front.end(),
                            [&](const core::Candidate& c) { return c.hash == injectedHash; }));
    }

    // Paused between generations: readers see "paused", the pause and the resume are logged,
    // and the run then carries on to the end of its budget.
    void pauseIsVisibleAndTheRunCarriesOn() {
        const std::string db = m_dir.filePath("pause.db").toStdString();
        search::SearchControl control;
        RecordingObserver observer;
        search::SearchRunner runner(db, control, observer);
        runner.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());

        std::atomic<bool> sawPaused{false};
        std::atomic<int> generationsWhilePaused{-1};
        std::thread gui;
        observer.onGeneration = [&](const search::GenerationSummary& s) {
            if (s.generation != 1)
                return;
            control.pause();
            const std::int64_t runId = s.runId;
            // The GUI: watch the database until the pause shows, then resume.
            gui = std::thread([&, runId] {
                for (int i = 0; i < 3000 && !sawPaused; ++i) {
                    sawPaused = search::openRunReader(db).run(runId)->status == "paused";
                    if (!sawPaused)
                        std::this_thread::sleep_for(std::chrono::milliseconds(10));
                }
                generationsWhilePaused = int(search::openRunReader(db).generations(runId).size());
                control.resume();
            });
        };
        const search::RunResult result = runner.start(tinyConfig());
        gui.join();
        QVERIFY(sawPaused);
        QCOMPARE(generationsWhilePaused.load(), 2);  // nothing advanced while paused
        QCOMPARE(result.status, std::string("finished"));
        QCOMPARE(result.evaluations, 24);

        const auto reader = search::openRunReader(db);
        QCOMPARE(reader.run(result.runId)->status, std::string("finished"));
        QVERIFY(int(reader.generations(result.runId).size()) > 2);
        std::vector<std::string> statusLines;
        for (const auto& e : reader.events(result.runId))
            if (e.kind == "status")
                statusLines.push_back(e.message);
        QVERIFY(statusLines.size() >= 3);
        QCOMPARE(statusLines[0], std::string("paused in generation 1"));
        QCOMPARE(statusLines[1], std::string("resumed in generation 1"));
        QCOMPARE(statusLines.back(), std::string("run finished"));
    }

    void cacheHitsCostNoBudget() {
        const search::RunConfig config = tinyConfig();
        const auto space = spaces::makeSearchSpace("nb201", {.nb201Channels = 4, .nb201CellsPerStage = 1});
        search::test::FakeEvaluators evaluators;
        search::SearchControl control;
        search::SearchObserver observer;
        search::SearchContext context(config, *space, evaluators, control, observer);
        spaces::Rng rng(3);
        const spaces::Genome genome = space->sample(rng);
        bool cached = true;
        const std::string hash = context.evaluate(genome, {}, &cached).hash;
        QVERIFY(!cached);
        QCOMPARE(context.evaluationsUsed(), 1);
        const std::string again = context.evaluate(genome, {}, &cached).hash;
        QVERIFY(cached);
        QCOMPARE(again, hash);
        QCOMPARE(context.evaluationsUsed(), 1);
        QCOMPARE(evaluators.accuracy.calls, 1);
        QCOMPARE(context.takeNew(), std::vector<std::string>{hash});
    }

    void stopBeforeStartInterrupts() {
        const std::string db = m_dir.filePath("stop.db").toStdString();
        search::SearchControl control;
        control.requestStop();
        RecordingObserver observer;
        search::SearchRunner runner(db, control, observer);
        runner.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        const search::RunResult result = runner.start(tinyConfig());
        QCOMPARE(result.status, std::string("interrupted"));
        QCOMPARE(search::openRunReader(db).run(result.runId)->status, std::string("interrupted"));
        // And it can be resumed to the end.
        search::SearchControl fresh;
        search::SearchRunner again(db, fresh, observer);
        again.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        const search::RunResult resumed = again.resume(result.runId);
        QCOMPARE(resumed.status, std::string("finished"));
        QCOMPARE(resumed.evaluations, 24);
    }

    // While a run is being written, resuming it elsewhere is refused before any evaluation, and
    // the refusal names the live writer; once the writer is gone the resume goes through.
    void secondWriterIsRefusedAtOnce() {
        const std::string db = m_dir.filePath("writers.db").toStdString();
        search::SearchControl control;
        RecordingObserver observer;
        search::SearchRunner runner(db, control, observer);
        runner.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        auto intruderEvaluators = std::make_shared<search::test::FakeEvaluators>();
        std::string refusal;
        observer.onGeneration = [&](const search::GenerationSummary& s) {
            if (s.generation != 1)
                return;
            search::SearchControl otherControl;
            search::SearchObserver otherObserver;
            search::SearchRunner intruder(db, otherControl, otherObserver);
            intruder.setEvaluatorProvider(intruderEvaluators);
            try {
                intruder.resume(s.runId);
            } catch (const store::RunInUseError& e) {
                refusal = e.what();
            }
            control.requestStop();
        };
        const search::RunResult result = runner.start(tinyConfig());
        QVERIFY2(refusal.find("process " + std::to_string(getpid())) != std::string::npos, refusal.c_str());
        QCOMPARE(intruderEvaluators->accuracy.calls, 0);
        QCOMPARE(result.status, std::string("interrupted"));
        // The first writer has ended: the run is free, and no takeover is logged after a clean end.
        search::SearchControl fresh;
        search::SearchRunner again(db, fresh, observer);
        observer.onGeneration = nullptr;
        again.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        QCOMPARE(again.resume(result.runId).status, std::string("finished"));
        for (const auto& e : search::openRunReader(db).events(result.runId))
            QVERIFY2(e.message.find("took over") == std::string::npos, e.message.c_str());
    }

    // A run is resumed from wherever its user is: a latency table and a data folder given
    // relative to the directory the run started in are stored as absolute paths. Found while
    // crash-testing a table-cost run: its resume from another directory failed with "cannot open
    // the latency table" (crash_loop.py --table now runs its resumes elsewhere too).
    void relativePathsStillWorkWhenResumedElsewhere() {
        const QDir root(m_dir.path());
        QVERIFY(root.mkpath("started-here") && root.mkpath("resumed-here"));
        const QString startDir = root.filePath("started-here");
        {
            QFile table(QDir(startDir).filePath("pi.csv"));
            QVERIFY(table.open(QIODevice::WriteOnly));
            table.write("# edgenas-latency-table 1\n# device=raspberry-pi-4\nsignature,latency_ms\n");
        }
        QVERIFY(QDir(startDir).mkdir("data"));
        const std::string db = m_dir.filePath("relative.db").toStdString();
        const QString before = QDir::currentPath();
        struct RestoreDir {
            QString path;
            ~RestoreDir() { QDir::setCurrent(path); }
        } restore{before};

        search::RunConfig config = tinyConfig();
        config.objectives = {"params", "latency"};  // no training: the default evaluators are fast
        config.device = "raspberry-pi-4";
        config.latencyTable = "pi.csv";
        config.datasetDirectory = "data";
        QVERIFY(QDir::setCurrent(startDir));
        search::SearchControl control;
        control.requestStop();  // interrupted before generation 0 is committed
        search::SearchObserver observer;
        search::SearchRunner runner(db, control, observer);
        const search::RunResult stopped = runner.start(config);
        QCOMPARE(stopped.status, std::string("interrupted"));

        const auto stored = nlohmann::json::parse(search::openRunReader(db).run(stopped.runId)->configJson);
        const std::string table = stored.at("device").at("table");
        QCOMPARE(table, QDir(startDir).filePath("pi.csv").toStdString());
        QCOMPARE(stored.at("dataset").at("directory").get<std::string>(), QDir(startDir).filePath("data").toStdString());

        QVERIFY(QDir::setCurrent(root.filePath("resumed-here")));
        search::SearchControl fresh;
        search::SearchRunner again(db, fresh, observer);
        QCOMPARE(again.resume(stopped.runId).status, std::string("finished"));
    }

    void resumeOnAMissingDatabaseCreatesNothing() {
        const std::string db = m_dir.filePath("absent.db").toStdString();
        search::SearchControl control;
        search::SearchObserver observer;
        search::SearchRunner runner(db, control, observer);
        QVERIFY_THROWS_EXCEPTION(core::InputError, runner.resume(1));
        QVERIFY(!std::filesystem::exists(db));
        QVERIFY(!std::filesystem::exists(db + "-wal"));
    }

    void unknownDeviceFailsBeforeTheRunExists() {
        const std::string db = m_dir.filePath("device.db").toStdString();
        search::SearchControl control;
        search::SearchObserver observer;
        search::SearchRunner runner(db, control, observer);
        search::RunConfig config = tinyConfig();
        config.objectives = {"params", "latency"};
        config.device = "toaster";
        QVERIFY_THROWS_EXCEPTION(core::InputError, runner.start(config));
    }

    // The evaluation protocol's report: once the search is over, the networks of its front (and
    // only those) are measured on the test split, stored beside their validation accuracy.
    void frontIsReportedOnTheTestSplit() {
        class TrainedStandIns : public search::EvaluatorProvider {
        public:
            class Accuracy : public search::CandidateEvaluator {
            public:
                explicit Accuracy(std::string name, double offset) : m_name(std::move(name)), m_offset(offset) {}
                std::vector<std::string> metricNames() const override { return {m_name}; }
                std::vector<core::Metric> evaluate(const core::Architecture& a, const search::CancelCheck&) override {
                    ++calls;
                    const std::uint64_t h = std::stoull(core::canonicalHash(a), nullptr, 16);
                    return {{m_name, 0.5 + double(h % 4096) / 10000.0 + m_offset, "", core::Provenance::Trained}};
                }
                int calls = 0;

            private:
                std::string m_name;
                double m_offset;
            };
            search::CandidateEvaluator& evaluatorFor(const std::string& metric) override {
                if (metric == "accuracy")
                    return validation;
                if (metric == "test_accuracy")
                    return test;
                return fakes.evaluatorFor(metric);
            }
            Accuracy validation{"accuracy", 0.0};
            Accuracy test{"test_accuracy", -0.05};
            search::test::FakeEvaluators fakes;
        };
        const std::string db = m_dir.filePath("protocol.db").toStdString();
        search::SearchControl control;
        RecordingObserver observer;
        search::SearchRunner runner(db, control, observer);
        auto evaluators = std::make_shared<TrainedStandIns>();
        runner.setEvaluatorProvider(evaluators);
        const search::RunResult result = runner.start(tinyConfig());
        QCOMPARE(result.status, std::string("finished"));
        QVERIFY(!result.front.empty());
        QCOMPARE(evaluators->test.calls, int(std::min<std::size_t>(result.front.size(), 10)));
        std::set<std::int64_t> front;
        for (const core::Candidate& c : result.front) {
            front.insert(c.id);
            QVERIFY(c.metric("test_accuracy"));
            QCOMPARE(c.metric("test_accuracy")->value, c.metric("accuracy")->value - 0.05);
        }
        for (const core::Candidate& c : search::openRunReader(db).candidates(result.runId))
            QCOMPARE(bool(c.metric("test_accuracy")), front.count(c.id) == 1);  // stored, front only
    }

private:
    QTemporaryDir m_dir;
    std::string m_injectedJson;
};

QTEST_GUILESS_MAIN(TestSearchRunner)
#include "test_search_runner.moc"
