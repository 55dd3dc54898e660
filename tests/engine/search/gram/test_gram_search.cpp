#include "../fake_evaluators.h"
#include "../candidate_hashes.h"
#include "../stop_at_generation.h"

#include "search/gram/gram_records.h"
#include "search/gram/gram_search.h"

#include "core/errors.h"
#include "search/method_registry.h"
#include "search/run_database.h"
#include "search/search_runner.h"
#include "spaces/dag_cell.h"
#include "store/run_reader.h"

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

using namespace edgenas;
using search::test::hashesOf;
using spaces::DagCell;

namespace {

constexpr int kNodes = 6;

// The hidden optimum of the synthetic reward: two paths that meet at node 4, then node 5.
DagCell targetCell() {
    DagCell cell = DagCell::empty(kNodes);
    for (auto [from, to] : {std::pair{0, 1}, {1, 2}, {0, 3}, {2, 4}, {3, 4}, {4, 5}})
        cell.setEdge(from, to, true);
    cell.ops = {0, 0, 2, 1, 0, 2};
    return cell;
}

// Share of edge slots and operators that agree with the target: 1 at the target only.
double overlapWithTarget(const DagCell& cell, const core::Candidate&) {
    const DagCell target = targetCell();
    int agree = 0;
    for (int j = 1; j < kNodes; ++j) {
        for (int i = 0; i < j; ++i)
            agree += cell.edge(i, j) == target.edge(i, j) ? 1 : 0;
        agree += cell.ops[j] == target.ops[j] ? 1 : 0;
    }
    return double(agree) / double(spaces::dagEdgeSlots(kNodes) + kNodes - 1);
}

search::RunConfig gramConfig(int evaluations, const std::string& settings) {
    search::RunConfig c;
    c.method = "gram";
    c.space = "dag";
    c.spaceNodes = kNodes;
    c.spaceChannels = 4;
    c.objectives = {"accuracy", "params"};
    c.evaluations = evaluations;
    c.seed = 7;
    c.threads = 1;
    c.methodSettingsJson = settings;
    return c;
}

// Runs GRAM with the synthetic reward (the registry's GRAM would use the objectives).

search::MethodDescriptor syntheticGram() {
    search::MethodDescriptor m = search::MethodRegistry::global().require("gram");
    m.name = "gram-synthetic";
    m.create = [](const std::string& settings) -> std::unique_ptr<search::SearchMethod> {
        return std::make_unique<search::GramSearch>(search::gramSettingsFromJson(settings), overlapWithTarget);
    };
    return m;
}

// A reward that prefers dense cells, so the most probable graph has much to prune.
search::MethodDescriptor denseGram() {
    search::MethodDescriptor m = search::MethodRegistry::global().require("gram");
    m.name = "gram-dense";
    m.create = [](const std::string& settings) -> std::unique_ptr<search::SearchMethod> {
        return std::make_unique<search::GramSearch>(
            search::gramSettingsFromJson(settings), [](const DagCell& cell, const core::Candidate&) {
                return double(cell.edgeCount()) / double(spaces::dagEdgeSlots(cell.nodes));
            });
    };
    return m;
}

search::RunResult runGram(const std::string& db, const search::RunConfig& config) {
    search::SearchControl control;
    search::SearchObserver quiet;
    search::SearchRunner runner(db, control, quiet);
    runner.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
    return runner.start(config);
}

std::vector<search::GramSweepRecord> sweepsOf(const std::string& db, std::int64_t runId) {
    std::vector<search::GramSweepRecord> out;
    for (const auto& r : search::openRunReader(db).runRecords(runId, search::kGramSweepRecordKind))
        out.push_back(search::gramSweepRecordFromJson(r.record.json));
    return out;
}

search::GramPruningRecord pruningOf(const std::string& db, std::int64_t runId) {
    const auto records = search::openRunReader(db).runRecords(runId, search::kGramPruningRecordKind);
    if (records.size() != 1)
        throw std::runtime_error("expected one pruning record, found " + std::to_string(records.size()));
    return search::gramPruningRecordFromJson(records.front().record.json);
}

} // namespace

class TestGramSearch : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (!search::MethodRegistry::global().find("gram-synthetic"))
            search::MethodRegistry::global().add(syntheticGram());
        if (!search::MethodRegistry::global().find("gram-dense"))
            search::MethodRegistry::global().add(denseGram());
    }

    void registeredWithPresets() {
        const search::MethodDescriptor& m = search::MethodRegistry::global().require("gram");
        QCOMPARE(m.presets.front().name, std::string("quick"));
        QVERIFY(m.preset("paper"));
        search::RunConfig c;
        c.method = "gram";
        search::applyMethodPreset(c, "quick");
        QCOMPARE(c.space, std::string("dag"));  // the preset picks GRAM's space
        QCOMPARE(c.preset, std::string("quick"));
        search::applyMethodPreset(c, "paper");
        QCOMPARE(nlohmann::json::parse(c.methodSettingsJson).at("variants").get<int>(), 8);
        QCOMPARE(c.trainEpochs, 20);
        QVERIFY_THROWS_EXCEPTION(core::InputError, search::makeSearchMethod("gram", R"({"prune_budgets": "0.5,1.5"})"));
        QVERIFY_THROWS_EXCEPTION(core::InputError, search::makeSearchMethod("gram", R"({"variants": 0})"));
    }

    void refusesOtherSpaces() {
        search::RunConfig c = gramConfig(20, "{}");
        c.space = "nb201";
        try {
            runGram(m_dir.filePath("nb201.db").toStdString(), c);
            QFAIL("a GRAM run on NB-201 started");
        } catch (const core::InputError& e) {
            QVERIFY2(std::string(e.what()).find("\"dag\"") != std::string::npos, e.what());
        }
    }

    // With a reward that counts agreement with a hidden graph, the meta-graph concentrates on
    // the hidden graph's edges and operators and its edge entropy falls.
    void metaGraphLearnsTheTarget_data() {
        QTest::addColumn<int>("seed");
        for (int seed : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
            QTest::newRow(("seed " + std::to_string(seed)).c_str()) << seed;
    }

    void metaGraphLearnsTheTarget() {
        QFETCH(int, seed);
        const std::string db = m_dir.filePath(QString("synthetic-%1.db").arg(seed)).toStdString();
        search::RunConfig c = gramConfig(3000, R"({"variants": 4, "max_sweeps": 25, "entropy_stop_bits": 0.05})");
        c.method = "gram-synthetic";
        c.seed = static_cast<std::uint64_t>(seed);
        const search::RunResult r = runGram(db, c);
        QCOMPARE(r.status, std::string("finished"));
        const std::vector<search::GramSweepRecord> sweeps = sweepsOf(db, r.runId);
        QVERIFY(sweeps.size() >= 3);
        QCOMPARE(sweeps.front().sweep, 0);
        QVERIFY(std::abs(sweeps.front().edgeEntropyBits - 1.0) < 1e-9);
        const search::GramSweepRecord& last = sweeps.back();
        QVERIFY2(last.edgeEntropyBits < 0.5, std::to_string(last.edgeEntropyBits).c_str());
        QVERIFY(last.opEntropyBits < 0.5);
        const DagCell target = targetCell();
        int agree = 0;
        for (int j = 1; j < kNodes; ++j)
            for (int i = 0; i < j; ++i)
                agree += (last.edgeProbability[i * kNodes + j] > 0.5) == target.edge(i, j) ? 1 : 0;
        QVERIFY2(agree >= 14, (std::to_string(agree) + " of 15 edge slots agree").c_str());
        int opsRight = 0;
        for (int j = 1; j < kNodes; ++j) {
            const auto& p = last.opProbability[j];
            opsRight += p[target.ops[j]] == *std::max_element(p.begin(), p.end()) ? 1 : 0;
        }
        QVERIFY2(opsRight >= 4, (std::to_string(opsRight) + " of 5 operators right").c_str());
        QVERIFY(last.bestReward >= 0.95);
    }

    // Pruning: MACs and parameters fall at every step, each family member meets its budget (or
    // is the smallest graph there is), and the family is stored as candidates of the run.
    void pruningIsMonotoneAndTheFamilyIsStored() {
        const std::string db = m_dir.filePath("prune.db").toStdString();
        search::RunConfig c = gramConfig(300, R"({"variants": 3, "max_sweeps": 8})");
        c.method = "gram-dense";
        const search::RunResult r = runGram(db, c);
        QCOMPARE(r.status, std::string("finished"));
        const search::GramPruningRecord pruning = pruningOf(db, r.runId);
        QVERIFY(pruning.startMacs > 0.0);
        QVERIFY2(pruning.steps.size() >= 3, std::to_string(pruning.steps.size()).c_str());
        double macs = pruning.startMacs;
        double params = pruning.startParams;
        for (const search::GramPruningStep& s : pruning.steps) {
            QVERIFY(s.macs < macs);
            QVERIFY(s.params <= params);
            macs = s.macs;
            params = s.params;
        }
        QCOMPARE(pruning.family.size(), std::size_t(4));
        QCOMPARE(pruning.family.front().budgetFraction, 1.0);
        const auto stored = search::openRunReader(db).candidates(r.runId);
        const std::vector<std::string> hashes = hashesOf(stored);
        for (const search::GramFamilyMember& m : pruning.family) {
            QVERIFY(std::find(hashes.begin(), hashes.end(), m.hash) != hashes.end());
            const double smallest = pruning.steps.empty() ? pruning.startMacs : pruning.steps.back().macs;
            QVERIFY(m.macs <= m.budgetFraction * pruning.startMacs + 1e-6 || m.macs == smallest);
        }
        // The report names the family; the fake evaluators produce no test figures.
        const search::MethodDescriptor& gram = search::MethodRegistry::global().require("gram-dense");
        const auto run = search::openRunReader(db).run(r.runId);
        const auto last = search::openRunReader(db).lastGeneration(r.runId);
        const std::vector<std::string> lines = gram.reportLines(run->configJson, last->stateJson);
        QVERIFY(lines.size() >= 7);
        QVERIFY2(lines[0].find("8 sweeps") != std::string::npos, lines[0].c_str());
    }

    // Stopped after sweep 2 and resumed, the run equals an uninterrupted one: same candidates,
    // same meta-graph after every sweep, same pruning.
    void resumedRunEqualsUninterrupted() {
        const search::RunConfig c = gramConfig(200, R"({"variants": 3, "max_sweeps": 5})");
        const std::string whole = m_dir.filePath("whole.db").toStdString();
        const search::RunResult uninterrupted = runGram(whole, c);
        QCOMPARE(uninterrupted.status, std::string("finished"));

        const std::string split = m_dir.filePath("split.db").toStdString();
        search::SearchControl stopping;
        search::test::StopAtGeneration stopAtTwo(stopping, 2);
        search::SearchRunner first(split, stopping, stopAtTwo);
        first.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        const search::RunResult stopped = first.start(c);
        QCOMPARE(stopped.status, std::string("interrupted"));
        search::SearchControl fresh;
        search::SearchObserver quiet;
        search::SearchRunner again(split, fresh, quiet);
        again.setEvaluatorProvider(std::make_shared<search::test::FakeEvaluators>());
        const search::RunResult resumed = again.resume(stopped.runId);
        QCOMPARE(resumed.status, std::string("finished"));

        QCOMPARE(hashesOf(search::openRunReader(split).candidates(resumed.runId)),
                 hashesOf(search::openRunReader(whole).candidates(uninterrupted.runId)));
        const auto a = sweepsOf(whole, uninterrupted.runId);
        const auto b = sweepsOf(split, resumed.runId);
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            QVERIFY2(a[i] == b[i], ("sweep " + std::to_string(i)).c_str());
        // As JSON: an unvalidated step's proxy reward is NaN, which never equals itself.
        QCOMPARE(search::toJson(pruningOf(whole, uninterrupted.runId)), search::toJson(pruningOf(split, resumed.runId)));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestGramSearch)
#include "test_gram_search.moc"
