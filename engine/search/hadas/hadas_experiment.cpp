#include "hadas_experiment.h"

#include "hadas_records.h"

#include "core/errors.h"
#include "cost/device_catalog.h"
#include "cost/device_prediction.h"
#include "moo/hypervolume.h"
#include "moo/pareto_sort.h"
#include "search/method_settings_json.h"
#include "search/named_run.h"
#include "search/run_database.h"
#include "search/run_space.h"
#include "spaces/attentive_space.h"
#include "store/run_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace edgenas::search {

namespace {

struct Variant {
    const char* strategy;
    const char* rule;
};
// The deployable rule against random search, then the oracle's upper bound on the same seeds.
constexpr Variant kVariants[] = {{"nsga2", "threshold"}, {"random", "threshold"}, {"nsga2", "oracle"}};

std::string runName(const Variant& v, std::uint64_t seed) {
    return std::string("hadas-experiment ") + v.strategy + " " + v.rule + " seed " + std::to_string(seed);
}

double archiveHypervolume(const std::vector<core::Candidate>& candidates, double latency, double energy, int* size) {
    std::vector<moo::Point> points;
    for (const core::Candidate& c : candidates) {
        const core::Metric* a = c.metric("accuracy");
        const core::Metric* l = c.metric("latency_ms");
        const core::Metric* e = c.metric("energy_mj");
        if (!a || !l || !e || c.status == "failed")
            continue;
        points.push_back({{1.0 - a->value, l->value / latency, e->value / energy}, 0.0});
    }
    if (points.empty())
        return 0.0;
    std::vector<std::vector<double>> front;
    const moo::Fronts fronts = moo::nonDominatedSort(points);  // kept: front() refers into it
    for (int i : fronts.front())
        front.push_back(points[static_cast<std::size_t>(i)].objectives);
    *size = static_cast<int>(front.size());
    const std::vector<double> reference{1.0, 2.0, 2.0};
    return moo::hypervolume(front, reference);
}

} // namespace

HadasExperiment::HadasExperiment(std::string databasePath, RunConfig base, HadasExperimentOptions options,
                                 SearchControl& control, SearchObserver& observer)
    : m_databasePath(std::move(databasePath)), m_base(std::move(base)), m_options(std::move(options)),
      m_control(control), m_observer(observer) {}

HadasExperimentReport HadasExperiment::run() {
    HadasExperimentReport report;
    const cost::DeviceProfile& device = cost::DeviceCatalog::builtIn().find(m_base.device);
    report.device = device.name;
    report.profileStaticPowerW = device.staticWatts;
    {
        const auto space = makeRunSpace(m_base);
        const auto* attentive = dynamic_cast<const spaces::AttentiveSpace*>(space.get());
        if (!attentive)
            throw core::InputError("hadas-experiment needs the attentive space, not '" + m_base.space + "'");
        const cost::DevicePrediction largest = cost::predictOnDevice(attentive->build(attentive->largest()), device);
        report.referenceLatencyMs = largest.latencyMs;
        report.referenceEnergyMj = largest.energyMj;
    }

    bool stopped = false;
    for (int s = 1; s <= m_options.seeds && !stopped; ++s) {
        const auto seed = static_cast<std::uint64_t>(s);
        for (const Variant& v : kVariants) {
            RunConfig config = m_base;
            config.method = m_options.method;
            config.seed = seed;
            nlohmann::json settings = methodSettingsObject(config.methodSettingsJson);
            settings["strategy"] = v.strategy;
            settings["exit_rule"] = v.rule;
            config.methodSettingsJson = settings.dump();
            const NamedRun run = runOrResumeNamed(
                m_databasePath, runName(v, seed), config,
                m_options.reportOnly ? NamedRunMode::ReuseOnly : NamedRunMode::RunOrResume, m_control, m_observer,
                m_options.evaluators);
            if (run.runId < 0) {
                stopped = true;  // scores what is finished; the rest waits for a full invocation
                continue;
            }
            HadasExperimentRun line;
            line.strategy = v.strategy;
            line.rule = v.rule;
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
    report.complete = !stopped;
    if (report.runs.empty())
        return report;

    const store::RunReader reader = openRunReader(m_databasePath);
    for (HadasExperimentRun& line : report.runs) {
        const std::vector<core::Candidate> candidates = reader.candidates(line.runId);
        line.evaluations = static_cast<int>(candidates.size());
        line.hypervolume =
            archiveHypervolume(candidates, report.referenceLatencyMs, report.referenceEnergyMj, &line.archiveSize);
        if (report.supernetSummaryJson.empty())
            for (const auto& r : reader.runRecords(line.runId, kHadasSupernetRunRecord))
                report.supernetSummaryJson = r.record.json;
        if (line.strategy != "nsga2")
            continue;
        // Energy at matched accuracy, per searched backbone, over the static-power sweep: the
        // static part of the energy is P0 x latency, so another P0 shifts each figure exactly.
        std::map<std::int64_t, std::vector<HadasDynamicRecord>> byBackbone;
        for (const core::Candidate& c : candidates)
            if (c.levelParent && !c.records.empty() && c.records.front().kind == kHadasDynamicRecord)
                byBackbone[*c.levelParent].push_back(hadasDynamicRecordFromJson(c.records.front().json));
        for (const auto& [backbone, records] : byBackbone) {
            for (double watts : m_options.staticPowers) {
                const double shift = watts - report.profileStaticPowerW;
                auto energy = [shift](const HadasFigures& f) { return f.energyMj + shift * f.latencyMs; };
                HadasEnergyComparison row;
                row.seed = line.seed;
                row.rule = line.rule;
                row.backboneId = backbone;
                row.staticPowerW = watts;
                row.accuracy = records.front().staticMaxClock.accuracy;
                row.staticEnergyMj = energy(records.front().staticMaxClock);
                for (const HadasDynamicRecord& r : records) {
                    const double floor = row.accuracy - m_options.accuracyTolerance;
                    if (r.exitsMaxClock.accuracy >= floor &&
                        (row.exitsEnergyMj < 0.0 || energy(r.exitsMaxClock) < row.exitsEnergyMj))
                        row.exitsEnergyMj = energy(r.exitsMaxClock);
                    if (r.exitsDvfs.accuracy >= floor && (row.dvfsEnergyMj < 0.0 || energy(r.exitsDvfs) < row.dvfsEnergyMj))
                        row.dvfsEnergyMj = energy(r.exitsDvfs);
                }
                report.energy.push_back(row);
            }
        }
    }
    return report;
}

} // namespace edgenas::search
