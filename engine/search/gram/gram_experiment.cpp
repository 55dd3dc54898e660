#include "gram_experiment.h"

#include "gram_records.h"
#include "gram_settings.h"

#include "search/cost_evaluator.h"
#include "search/default_evaluators.h"
#include "search/named_run.h"
#include "search/objective_scorer.h"
#include "search/run_database.h"
#include "search/run_space.h"

#include "core/artefact_cache.h"
#include "core/canonical_form.h"
#include "core/errors.h"
#include "core/metric_catalog.h"
#include "moo/hypervolume.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

namespace edgenas::search {

using nlohmann::json;

namespace {
// Bumped when the way a width-multiplied network is trained or measured changes.
constexpr int kWidthResultVersion = 1;

std::string runName(const std::string& method, std::uint64_t seed, int evaluations) {
    return "gram-experiment " + method + " seed " + std::to_string(seed) + " of " + std::to_string(evaluations);
}

std::string costMetricOf(const RunConfig& config) {
    for (const std::string& objective : config.objectives) {
        const std::string metric = metricForObjective(objective);
        if (!core::MetricCatalog::global().isMaximised(metric))
            return metric;
    }
    throw core::InputError("gram-experiment: the run's objectives name no cost (e.g. --objectives accuracy,latency)");
}
} // namespace

GramExperiment::GramExperiment(std::string databasePath, RunConfig base, GramExperimentOptions options,
                               SearchControl& control, SearchObserver& observer)
    : m_databasePath(std::move(databasePath)), m_base(std::move(base)), m_options(std::move(options)),
      m_control(control), m_observer(observer) {
    if (m_options.seeds < 1)
        throw core::InputError("gram-experiment: --seeds must be at least 1");
    if (std::find(m_base.objectives.begin(), m_base.objectives.end(), "accuracy") == m_base.objectives.end())
        throw core::InputError("gram-experiment: the runs must be scored by trained accuracy: keep \"accuracy\" among the objectives");
}

GramExperimentReport GramExperiment::run() {
    GramExperimentReport report;
    report.latencyMetric = costMetricOf(m_base);
    const int familySize = 1 + static_cast<int>(gramSettingsFromJson(m_base.methodSettingsJson).pruneBudgets.size());

    bool stopped = false;
    for (int s = 1; s <= m_options.seeds && !stopped; ++s) {
        const auto seed = static_cast<std::uint64_t>(s);
        for (const std::string& method : m_options.methods) {
            if (m_control.stopRequested()) {
                stopped = true;
                break;
            }
            RunConfig config = m_base;
            config.method = method;
            config.seed = seed;
            if (method == "gram") {
                // Its family is evaluated after the budget: the totals stay equal.
                config.evaluations = std::max(1, m_base.evaluations - familySize);
            } else {
                config.methodSettingsJson = "{}";
                config.preset.clear();
            }
            const NamedRun run = runOrResumeNamed(
                m_databasePath, runName(method, seed, m_base.evaluations), config,
                m_options.reportOnly ? NamedRunMode::ReuseOnly : NamedRunMode::RunOrResume, m_control, m_observer);
            if (run.runId < 0) {
                stopped = true;  // scores what is finished; the rest waits for a full invocation
                continue;
            }
            GramComparisonRun line;
            line.method = method;
            line.seed = seed;
            line.runId = run.runId;
            line.status = run.status;
            if (run.status != "finished") {
                stopped = true;  // the next invocation resumes this run
                break;
            }
            report.runs.push_back(line);
        }
    }
    if (report.runs.empty())
        return report;

    // One reference for every run: accuracy 0 and 1.1 times the dearest network any run saw.
    const store::RunReader reader = openRunReader(m_databasePath);
    std::vector<std::vector<std::vector<double>>> points(report.runs.size());
    std::set<std::string> sources;
    double worst = 0.0;
    for (std::size_t r = 0; r < report.runs.size(); ++r) {
        GramComparisonRun& line = report.runs[r];
        const std::vector<core::Candidate> candidates = reader.candidates(line.runId);
        line.networks = static_cast<int>(candidates.size());
        for (const core::Candidate& c : candidates) {
            const core::Metric* accuracy = c.metric("accuracy");
            const core::Metric* cost = c.metric(report.latencyMetric);
            if (!accuracy || !cost || accuracy->provenance != core::Provenance::Trained || c.status == "failed")
                continue;
            points[r].push_back({1.0 - accuracy->value, cost->value});
            sources.insert(std::string(core::toString(cost->provenance)));
            worst = std::max(worst, cost->value);
            line.bestAccuracy = std::max(line.bestAccuracy, accuracy->value);
        }
    }
    report.referenceLatency = 1.1 * worst;
    for (const std::string& s : sources)
        report.latencySource += (report.latencySource.empty() ? "" : "+") + s;
    const std::vector<double> reference{1.0, report.referenceLatency};
    for (std::size_t r = 0; r < report.runs.size(); ++r) {
        if (points[r].empty() || report.referenceLatency <= 0.0)
            continue;
        report.runs[r].hypervolume = moo::hypervolume2d(points[r], reference) / report.referenceLatency;
        for (const auto& p : points[r]) {
            bool dominated = false;
            for (const auto& q : points[r])
                dominated = dominated || (q[0] <= p[0] && q[1] <= p[1] && (q[0] < p[0] || q[1] < p[1]));
            report.runs[r].frontSize += dominated ? 0 : 1;
        }
    }

    if (m_options.widthComparison && !m_control.stopRequested())
        for (const GramComparisonRun& line : report.runs)
            if (line.method == "gram") {
                if (!m_control.stopRequested())
                    widthComparison(line.runId, line.seed, report);
            }
    report.complete = !stopped && !m_control.stopRequested();
    return report;
}

void GramExperiment::widthComparison(std::int64_t runId, std::uint64_t seed, GramExperimentReport& report) {
    const store::RunReader reader = openRunReader(m_databasePath);
    const auto records = reader.runRecords(runId, kGramPruningRecordKind);
    if (records.empty())
        return;
    const GramPruningRecord pruning = gramPruningRecordFromJson(records.back().record.json);
    const RunConfig config = runConfigFromJson(reader.run(runId)->configJson);
    DefaultEvaluators evaluators(config);
    CostEvaluator counter;
    const CancelCheck cancel = [this] { return m_control.stopRequested(); };
    core::ArtefactCache cache(m_options.cacheFolder.empty() ? core::ArtefactCache::defaultFolder("gram-width-result")
                                                            : m_options.cacheFolder);

    for (const GramFamilyMember& member : pruning.family) {
        if (member.budgetFraction >= 1.0)
            continue;
        // The whole graph made narrower: the C whose MACs come closest to the member's.
        core::Architecture narrowed;
        double narrowedMacs = 0.0, narrowedParams = 0.0;
        int channels = 0;
        for (int c = 1; c <= config.spaceChannels; ++c) {
            RunConfig narrower = config;
            narrower.spaceChannels = c;
            core::Architecture architecture = makeRunSpace(narrower)->decode(pruning.startGenome);
            double macs = 0.0, params = 0.0;
            for (const core::Metric& m : counter.evaluate(architecture, cancel))
                (m.name == "macs" ? macs : params) = m.value;
            if (channels == 0 || std::abs(macs - member.macs) < std::abs(narrowedMacs - member.macs)) {
                narrowed = std::move(architecture);
                narrowedMacs = macs;
                narrowedParams = params;
                channels = c;
            }
        }
        const core::ArtefactRecipe recipe{
            "gram-width-result", core::canonicalHash(narrowed).substr(0, 16) + "-c" + std::to_string(channels),
            json{{"architecture", core::canonicalHash(narrowed)},
                 {"dataset", config.dataset},
                 {"training", json::parse(toJson(config)).at("training")},
                 {"seed", config.seed},
                 {"version", kWidthResultVersion}}
                .dump(),
            ".figures"};
        double validation = -1.0, test = -1.0;
        if (const auto entry = cache.find(recipe)) {
            const json meta = json::parse(entry->metaJson);
            validation = meta.at("validation_accuracy").get<double>();
            test = meta.at("test_accuracy").get<double>();
        } else if (m_options.reportOnly) {
            continue;  // not trained yet: a full invocation trains it
        } else {
            validation = evaluators.evaluatorFor("accuracy").evaluate(narrowed, cancel).front().value;
            test = evaluators.evaluatorFor("test_accuracy").evaluate(narrowed, cancel).front().value;
            const std::string meta = json{{"validation_accuracy", validation}, {"test_accuracy", test},
                                          {"channels", channels}, {"macs", narrowedMacs}, {"params", narrowedParams}}
                                         .dump();
            cache.store(recipe, [&meta](const std::string& path) { std::ofstream(path) << meta; }, meta);
        }
        report.widths.push_back({seed, member.budgetFraction, member.macs, member.params, member.validationAccuracy,
                                 member.testAccuracy, channels, narrowedMacs, narrowedParams, validation, test});
    }
}

} // namespace edgenas::search
