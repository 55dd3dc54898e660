#include "evrsnas_experiment.h"

#include "search/training_config.h"

#include "cost_distribution.h"
#include "evrsnas_search.h"
#include "penalised_fitness.h"
#include "reference_for_run.h"

#include "search/default_evaluators.h"
#include "search/run_database.h"
#include "search/run_space.h"
#include "search/search_runner.h"

#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "core/errors.h"
#include "core/rng.h"
#include "cost/architecture_cost.h"
#include "cost/device_catalog.h"
#include "cost/device_prediction.h"
#include "data/dataset_spec.h"
#include "models/torch_runtime.h"
#include "models/trainer.h"
#include "proxies/kendall_tau.h"
#include "proxies/rmi_scorer.h"
#include "spaces/space_factory.h"
#include "store/run_reader.h"
#include "store/run_store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <mutex>
#include <set>
#include <thread>

namespace edgenas::search {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;


double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

std::string format(const char* pattern, double a, double b = 0, double c = 0) {
    char text[256];
    std::snprintf(text, sizeof text, pattern, a, b, c);
    return text;
}

// Settings JSON with some keys replaced, for the runs an experiment starts.
std::string withSettings(const std::string& settingsJson, const json& changes) {
    json j = json::parse(settingsJson.empty() ? "{}" : settingsJson);
    j.update(changes);
    return j.dump();
}

json linesJson(const std::vector<ExperimentLine>& lines) {
    json out = json::array();
    for (const auto& l : lines) {
        json values = json::object();
        for (const auto& [k, v] : l.values)
            values[k] = v;
        out.push_back({{"label", l.label}, {"values", values}});
    }
    return out;
}

// One stored run per experiment: its candidates (proxy and truth side by side) and the figures in
// the generation state and in a log event, so the workbench and `edgenas show` find them.
std::int64_t storeExperiment(const std::string& path, const std::string& name, const RunConfig& config,
                             const std::vector<core::Candidate>& candidates, const ExperimentReport& report) {
    store::RunStore store = openRunStore(path);
    store::RunRecord record;
    record.name = name;
    record.method = "evrsnas-experiment";
    record.configJson = toJson(config);
    record.seed = config.seed;
    record.versionsJson = json{{"torch", models::torchVersion()}}.dump();
    const std::int64_t runId = store.createRun(record);
    const json figures{{"experiment", report.name}, {"summary", report.summary}, {"lines", linesJson(report.lines)}};
    store::GenerationRecord generation;
    generation.runId = runId;
    generation.generation = 0;
    generation.evaluations = static_cast<std::int64_t>(candidates.size());
    generation.stateJson = figures.dump();
    store.commitGeneration(runId, generation, candidates);
    store.logEvent({.runId = runId, .kind = "log", .message = report.summary, .payloadJson = figures.dump()});
    store.setRunStatus(runId, "finished");
    return runId;
}

core::Candidate candidateOf(const core::Architecture& arch, const spaces::Genome& genome, int generation) {
    core::Candidate c;
    c.generation = generation;
    c.hash = core::canonicalHash(arch);
    c.genome = spaces::genomeToIntList(genome);
    c.architectureJson = candidateArchitectureJson(arch);
    return c;
}

// Distinct random genomes of a space, deterministic for the stream.
std::vector<spaces::Genome> sampleDistinct(const spaces::SearchSpace& space, int count, core::Rng rng) {
    std::vector<spaces::Genome> out;
    std::set<std::string> seen;
    for (int attempt = 0; attempt < count * 50 && static_cast<int>(out.size()) < count; ++attempt) {
        spaces::Genome g = space.sample(rng);
        if (seen.insert(core::canonicalHash(space.decode(g))).second)
            out.push_back(std::move(g));
    }
    return out;
}


// Validation accuracy of every architecture after training with seeds config.seed + 0..seeds-1,
// as [seed][architecture]. The trainings are independent, so they run on one LibTorch thread each
// on up to `threads` workers (0 = all cores): on two cores that is about twice as fast as one
// training with two threads, and each result is the same as with one thread alone.
std::vector<std::vector<double>> truthAccuracies(const std::vector<core::Architecture>& archs,
                                                 const data::Dataset& train, const models::TrainConfig& config,
                                                 int seeds, int threads, SearchObserver& observer,
                                                 const models::CancelPredicate& cancel) {
    seeds = std::max(1, seeds);
    std::vector<std::vector<double>> accuracy(static_cast<std::size_t>(seeds), std::vector<double>(archs.size()));
    const std::size_t jobs = archs.size() * static_cast<std::size_t>(seeds);
    int workers = threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency());
    workers = std::clamp<int>(workers, 1, static_cast<int>(std::max<std::size_t>(1, jobs)));
    const int previousThreads = models::threadCount();
    if (workers > 1)
        models::setThreadCount(1); // each trainer adopts the count set here, on its own thread
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> stop{false};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto work = [&](bool reportsProgress) {
        models::adoptThreadCount();
        for (std::size_t j = next++; j < jobs && !stop.load(); j = next++) {
            const std::size_t i = j / static_cast<std::size_t>(seeds);
            const std::size_t s = j % static_cast<std::size_t>(seeds);
            try {
                models::TrainConfig tc = config;
                tc.seed = config.seed + s;
                models::Trainer trainer(tc);
                trainer.setCancelPredicate([&] { return stop.load() || (cancel && cancel()); });
                accuracy[s][i] = trainer.train(archs[i], train).validationAccuracy;
            } catch (...) {
                const std::lock_guard lock(failureMutex);
                if (!failure)
                    failure = std::current_exception();
                stop = true;
            }
            ++done;
            // The observer is called from the experiment's own thread only.
            if (reportsProgress)
                observer.progress(static_cast<int>(done.load()), static_cast<int>(jobs),
                                  double(done.load()) / double(jobs));
        }
    };
    std::vector<std::thread> helpers;
    for (int w = 1; w < workers; ++w)
        helpers.emplace_back(work, false);
    work(true);
    for (auto& t : helpers)
        t.join();
    models::setThreadCount(previousThreads);
    if (failure)
        std::rethrow_exception(failure);
    return accuracy;
}
} // namespace

EvrsnasExperiment::EvrsnasExperiment(std::string databasePath, RunConfig base, ExperimentOptions options,
                                     SearchControl& control, SearchObserver& observer)
    : m_path(std::move(databasePath)), m_base(std::move(base)), m_settings(evrsnasSettingsFromJson(m_base.methodSettingsJson)),
      m_options(std::move(options)), m_control(control), m_observer(observer) {
    m_base.method = "evrsnas";
    if (m_options.architectures < 3 || m_options.seeds < 1 || m_options.quantiles.empty() ||
        m_options.throughputCandidates < 1 || m_options.trainEpochs < 1 || m_options.throughputBatch < 2 ||
        m_options.truthBatch < 1 || !(m_options.truthLearningRate > 0.0) || m_options.truthSeeds < 1)
        throw core::InputError("experiment sizes must be positive (at least 3 architectures, a batch of 2)");
}

ExperimentReport EvrsnasExperiment::proxyValidity() {
    const auto start = Clock::now();
    models::setThreadCount(m_base.threads);
    const auto cancel = [this] { return m_control.stopRequested(); };
    const data::Dataset train = data::loadDataset({m_base.dataset, m_base.datasetDirectory}, data::DatasetPart::Train);
    const std::vector<int> batch = proxies::RmiScorer::chooseBatch(train, m_settings.batch, m_base.seed);
    proxies::ReferenceModel reference = referenceFor(m_base, m_settings, train, cancel);
    const double referenceAccuracy = reference.validationAccuracy;
    const double referenceTestAccuracy = reference.testAccuracy;
    proxies::RmiScorer fitted(std::move(reference.model), train, batch, m_settings.rmi);
    proxies::RmiSettings zero = m_settings.rmi;
    zero.steps = 0;
    proxies::RmiScorer trainingFree(referenceFor(m_base, m_settings, train, cancel).model, train, batch, zero);

    const auto space = makeRunSpace(m_base);
    const auto genomes = sampleDistinct(*space, m_options.architectures, core::Rng::forStream(m_base.seed, 0x7a0));
    std::vector<core::Architecture> archs;
    std::vector<std::uint64_t> seeds;
    for (std::size_t i = 0; i < genomes.size(); ++i) {
        archs.push_back(space->decode(genomes[i]));
        seeds.push_back(m_base.seed * 1000 + i);
    }
    const int workers = m_settings.parallel > 0 ? m_settings.parallel : 1; // as the search chooses
    const auto proxyStart = Clock::now();
    const auto scoresK = fitted.scoreMany(archs, seeds, workers, cancel);
    const double secondsK = seconds(proxyStart) / double(std::max<std::size_t>(1, archs.size()));
    const auto scores0 = trainingFree.scoreMany(archs, seeds, workers, cancel);

    models::TrainConfig tc = trainConfigFor(m_base);
    tc.epochs = m_options.trainEpochs;
    tc.trainSubset = static_cast<std::size_t>(m_options.trainSubset);
    tc.batchSize = m_options.truthBatch;
    tc.learningRate = m_options.truthLearningRate;
    // The whole validation split (10,000 Fashion-MNIST images): on 1,000 the accuracy's standard
    // error (about 1.4 pp) is as large as the gaps between the architectures being ranked.
    tc.validationSubset = 0;
    const std::vector<std::vector<double>> bySeed =
        truthAccuracies(archs, train, tc, m_options.truthSeeds, m_base.threads, m_observer, cancel);

    // Cost figures from the evaluator the search uses (table, timed on host, or modelled).
    DefaultEvaluators evaluators(m_base);
    CandidateEvaluator& costEvaluator = evaluators.evaluatorFor(costMetric(m_settings));
    std::vector<double> phiK, phi0, accuracy, params, macs;
    std::vector<std::vector<double>> seedColumns(bySeed.size());
    std::vector<core::Candidate> stored;
    for (std::size_t i = 0; i < archs.size(); ++i) {
        if (!scoresK[i].error.empty() || !scores0[i].error.empty())
            continue;
        double mean = 0;
        for (std::size_t s = 0; s < bySeed.size(); ++s) {
            mean += bySeed[s][i] / double(bySeed.size());
            seedColumns[s].push_back(bySeed[s][i]);
        }
        const cost::ArchitectureCost counted = cost::analyseCost(archs[i]);
        const std::vector<core::Metric> costs = costEvaluator.evaluate(archs[i], cancel);
        phiK.push_back(scoresK[i].phi);
        phi0.push_back(scores0[i].phi);
        accuracy.push_back(mean);
        params.push_back(double(counted.params));
        macs.push_back(double(counted.macs));
        core::Candidate c = candidateOf(archs[i], genomes[i], 0);
        c.metrics = {{"rmi_phi", scoresK[i].phi, "", core::Provenance::Proxy},
                     {"rmi_loss", scoresK[i].loss, "", core::Provenance::Proxy},
                     {"rmi_phi_k0", scores0[i].phi, "", core::Provenance::Proxy},
                     {"accuracy", mean, "", core::Provenance::Trained},
                     {"params", params.back(), "", core::Provenance::Counted},
                     {"macs", macs.back(), "", core::Provenance::Counted}};
        for (std::size_t s = 0; s < bySeed.size(); ++s)
            c.metrics.push_back({"accuracy_seed" + std::to_string(s + 1), bySeed[s][i], "", core::Provenance::Trained});
        for (const core::Metric& m : costs)
            c.metrics.push_back(m);
        stored.push_back(std::move(c));
    }
    if (accuracy.size() < 2)
        throw std::runtime_error("fewer than two architectures could be scored");
    ExperimentReport report;
    report.name = "proxy";
    // Every tau is taken against one training at a time and averaged over the trainings; the
    // ceiling is one training against another, averaged over the pairs. Proxy and ceiling thus
    // answer the same question ("how well does X rank like a training?") and are bootstrapped over
    // the same resamples of architectures (same seed), so their intervals and the interval of
    // their difference are paired.
    const std::uint64_t bootSeed = m_base.seed;
    constexpr int kResamples = 2000;
    const std::size_t n = accuracy.size();
    auto versusTrainings = [&](const std::vector<double>& score) {
        return proxies::bootstrapInterval(
            [&](const std::vector<std::size_t>& idx) {
                double sum = 0;
                for (const auto& column : seedColumns)
                    sum += proxies::kendallTau(proxies::pick(score, idx), proxies::pick(column, idx));
                return sum / double(seedColumns.size());
            },
            n, kResamples, bootSeed);
    };
    const auto ceilingOf = [&](const std::vector<std::size_t>& idx) {
        double sum = 0;
        int count = 0;
        for (std::size_t a = 0; a < seedColumns.size(); ++a)
            for (std::size_t b = a + 1; b < seedColumns.size(); ++b, ++count)
                sum += proxies::kendallTau(proxies::pick(seedColumns[a], idx), proxies::pick(seedColumns[b], idx));
        return sum / double(count);
    };
    const proxies::BootstrapInterval tauK = versusTrainings(phiK);
    const proxies::BootstrapInterval tau0 = versusTrainings(phi0);
    const proxies::BootstrapInterval tauParams = versusTrainings(params);
    const proxies::BootstrapInterval tauMacs = versusTrainings(macs);
    const proxies::BootstrapInterval tauMean = proxies::kendallTauInterval(phiK, accuracy, kResamples, bootSeed);
    const bool haveCeiling = seedColumns.size() >= 2;
    proxies::BootstrapInterval ceiling, gap;
    if (haveCeiling) {
        ceiling = proxies::bootstrapInterval(ceilingOf, n, kResamples, bootSeed);
        gap = proxies::bootstrapInterval(
            [&](const std::vector<std::size_t>& idx) {
                double sum = 0;
                for (const auto& column : seedColumns)
                    sum += proxies::kendallTau(proxies::pick(phiK, idx), proxies::pick(column, idx));
                return sum / double(seedColumns.size()) - ceilingOf(idx);
            },
            n, kResamples, bootSeed);
    }
    const auto withInterval = [](const proxies::BootstrapInterval& i,
                                 std::vector<std::pair<std::string, double>> more = {}) {
        std::vector<std::pair<std::string, double>> v{{"tau", i.value}, {"ci_low", i.low}, {"ci_high", i.high}};
        v.insert(v.end(), more.begin(), more.end());
        return v;
    };
    double meanAccuracy = 0, lowest = 1, highest = 0;
    for (double a : accuracy) {
        meanAccuracy += a / double(accuracy.size());
        lowest = std::min(lowest, a);
        highest = std::max(highest, a);
    }
    const std::string perTraining = " vs one training (mean over " + std::to_string(seedColumns.size()) + ")";
    report.lines.push_back({"Kendall tau, RMI after K steps" + perTraining,
                            withInterval(tauK, {{"K", m_settings.rmi.steps},
                                                {"batch", m_settings.batch},
                                                {"architectures", double(n)},
                                                {"seconds_per_candidate", secondsK}})});
    report.lines.push_back({"Kendall tau, training-free RMI (K = 0)" + perTraining, withInterval(tau0)});
    report.lines.push_back({"Kendall tau, parameter count (baseline)" + perTraining, withInterval(tauParams)});
    report.lines.push_back({"Kendall tau, MACs (baseline)" + perTraining, withInterval(tauMacs)});
    if (haveCeiling) {
        report.lines.push_back({"ceiling (seed-to-seed agreement, a yardstick, not a bound): Kendall tau of one training vs another (mean over pairs)",
                                withInterval(ceiling, {{"seeds", double(seedColumns.size())}})});
        report.lines.push_back({"RMI after K steps minus the ceiling (paired bootstrap)",
                                {{"difference", gap.value}, {"ci_low", gap.low}, {"ci_high", gap.high}}});
    }
    report.lines.push_back({"Kendall tau, RMI after K steps vs the mean accuracy over trainings", withInterval(tauMean)});
    report.lines.push_back({"bootstrap", {{"resamples", kResamples}, {"level", tauK.level}}});
    report.lines.push_back({"trained accuracy (mean over seeds)", {{"mean", meanAccuracy},
                                                                  {"min", lowest},
                                                                  {"max", highest},
                                                                  {"epochs", m_options.trainEpochs},
                                                                  {"subset", m_options.trainSubset},
                                                                  {"batch", m_options.truthBatch},
                                                                  {"lr", m_options.truthLearningRate}}});
    report.lines.push_back({"reference model (trained)",
                            {{"validation_accuracy", referenceAccuracy}, {"test_accuracy", referenceTestAccuracy}}});
    report.lines.push_back({"time", {{"seconds", seconds(start)}}});
    const auto interval = [](const proxies::BootstrapInterval& i) {
        return format("%.3f [%.3f, %.3f]", i.value, i.low, i.high);
    };
    report.summary = "Kendall tau vs one training, 95 % bootstrap intervals: RMI " + interval(tauK) + " (K = " +
                     std::to_string(m_settings.rmi.steps) + "), " + interval(tau0) + " (K = 0), " +
                     interval(tauParams) + " (parameters), " + interval(tauMacs) + " (MACs)" +
                     (haveCeiling ? "; seed-to-seed ceiling (one training vs another, not a hard bound) " + interval(ceiling) +
                                        ", RMI minus ceiling " + interval(gap)
                                  : std::string("; no ceiling (one training per architecture)")) +
                     " over " + std::to_string(n) + " architectures of " + m_base.space + " on " + m_base.dataset;
    report.runIds.push_back(storeExperiment(m_path, "evrsnas proxy validity", m_base, stored, report));
    return report;
}

ExperimentReport EvrsnasExperiment::versusRandom() {
    const auto start = Clock::now();
    models::setThreadCount(m_base.threads);
    const auto cancel = [this] { return m_control.stopRequested(); };
    const data::Dataset train = data::loadDataset({m_base.dataset, m_base.datasetDirectory}, data::DatasetPart::Train);
    const auto space = makeRunSpace(m_base);
    const std::string metric = costMetric(m_settings);
    // Thresholds and the random picks' Psi from the evaluator the searches use (table, timed on
    // host, or modelled), so both sides are judged against T in the same units.
    const CostDistribution distribution =
        CostDistribution::forRun(m_base, *space, metric, m_settings.quantileSamples, cancel);
    DefaultEvaluators evaluators(m_base);
    CandidateEvaluator& costEvaluator = evaluators.evaluatorFor(metric);
    const int workers = m_settings.parallel > 0 ? m_settings.parallel : 1; // as the search chooses

    ExperimentReport report;
    report.name = "random";
    std::vector<core::Candidate> stored;
    double totalGain = 0;
    int totalWins = 0, totalRuns = 0;
    for (double q : m_options.quantiles) {
        const double threshold = distribution.quantile(q);
        const PenalisedFitness fitness(threshold, m_settings.lambda, m_settings.penalty == "symmetric");
        double evAcc = 0, rndAcc = 0, evPhi = 0, rndPhi = 0;
        int wins = 0, evFeasible = 0, rndFeasible = 0;
        for (int s = 1; s <= m_options.seeds; ++s) {
            if (m_control.stopRequested())
                throw core::Cancelled();
            RunConfig config = m_base;
            config.seed = static_cast<std::uint64_t>(s);
            config.constraints[m_settings.cost] = threshold;
            config.methodSettingsJson =
                withSettings(m_base.methodSettingsJson, {{"final_top_k", 1},
                                                         {"final_epochs", m_options.trainEpochs},
                                                         {"final_subset", m_options.trainSubset}});
            SearchRunner runner(m_path, m_control, m_observer);
            const RunResult result = runner.start(config, format("evrsnas vs random: q%.0f%% seed %.0f", 100 * q, s));
            report.runIds.push_back(result.runId);
            if (result.status != "finished")
                throw core::Cancelled();
            const auto last = openRunReader(m_path).lastGeneration(result.runId);
            const auto outcome = evrsnasOutcomeFromState(json::parse(last->stateJson).at("method").dump());
            const double ev = outcome && !outcome->trained.empty() ? outcome->trained.front().accuracy : 0.0;
            evFeasible += outcome && outcome->feasible;
            evPhi += outcome ? outcome->phi : 0.0;

            // Random search: the same number of evaluations, the same proxy, batch and selection rule.
            const auto genomes = sampleDistinct(*space, result.evaluations, core::Rng::forStream(config.seed, 0x7a11));
            std::vector<core::Architecture> archs;
            std::vector<std::uint64_t> seeds;
            for (std::size_t i = 0; i < genomes.size(); ++i) {
                archs.push_back(space->decode(genomes[i]));
                seeds.push_back(config.seed * 1000003 + i);
            }
            const std::vector<int> batch = proxies::RmiScorer::chooseBatch(train, m_settings.batch, config.seed);
            const proxies::RmiScorer scorer(referenceFor(config, m_settings, train, cancel).model, train, batch,
                                            m_settings.rmi);
            const auto scores = scorer.scoreMany(archs, seeds, workers, cancel);
            std::size_t best = archs.size(), cheapest = archs.size();
            double bestF = -std::numeric_limits<double>::infinity(), cheapestPsi = bestF * -1;
            std::vector<double> psis(archs.size());
            std::vector<core::Metric> psiMetrics(archs.size());
            for (std::size_t i = 0; i < archs.size(); ++i) {
                if (!scores[i].error.empty())
                    continue;
                bool costed = false;
                for (const core::Metric& m : costEvaluator.evaluate(archs[i], cancel))
                    if (m.name == metric) {
                        psiMetrics[i] = m;
                        costed = true;
                    }
                if (!costed)  // a silent 0 would count as feasible
                    throw std::runtime_error("the cost evaluator gave no " + metric);
                psis[i] = psiMetrics[i].value;
                if (psis[i] < cheapestPsi) {
                    cheapestPsi = psis[i];
                    cheapest = i;
                }
                if (fitness.feasible(psis[i]) && fitness(scores[i].phi, psis[i]) > bestF) {
                    bestF = fitness(scores[i].phi, psis[i]);
                    best = i;
                }
            }
            const bool feasible = best < archs.size();
            if (!feasible)
                best = cheapest;
            if (best >= archs.size())
                throw std::runtime_error("random search scored no architecture");
            rndFeasible += feasible;
            models::TrainConfig tc = trainConfigFor(config);
            tc.epochs = m_options.trainEpochs;
            tc.trainSubset = static_cast<std::size_t>(m_options.trainSubset);
            models::Trainer trainer(tc);
            trainer.setCancelPredicate(cancel);
            const double rnd = trainer.train(archs[best], train).validationAccuracy;
            rndPhi += scores[best].phi;
            core::Candidate c = candidateOf(archs[best], genomes[best], s);
            c.metrics = {{"rmi_phi", scores[best].phi, "", core::Provenance::Proxy},
                         {"accuracy", rnd, "", core::Provenance::Trained},
                         psiMetrics[best],
                         {"threshold", threshold, psiMetrics[best].unit, psiMetrics[best].provenance}};
            stored.push_back(std::move(c));
            evAcc += ev;
            rndAcc += rnd;
            wins += ev > rnd;
        }
        const double n = m_options.seeds;
        report.lines.push_back({format("threshold q%.0f%% (T = %.4g)", 100 * q, threshold),
                                {{"evrsnas_accuracy", evAcc / n},
                                 {"random_accuracy", rndAcc / n},
                                 {"gain_pp", 100 * (evAcc - rndAcc) / n},
                                 {"evrsnas_wins", double(wins)},
                                 {"evrsnas_phi", evPhi / n},
                                 {"random_phi", rndPhi / n},
                                 {"evrsnas_feasible", double(evFeasible)},
                                 {"random_feasible", double(rndFeasible)}}});
        totalGain += 100 * (evAcc - rndAcc);
        totalWins += wins;
        totalRuns += m_options.seeds;
    }
    report.lines.push_back({"time", {{"seconds", seconds(start)}}});
    report.summary = "HW-EvRSNAS vs random search (same " + std::to_string(m_base.evaluations) +
                     " evaluations, same proxy, " + metric + " " + distribution.source() + " on both sides): best feasible accuracy " + format("%+.2f", totalGain / totalRuns) +
                     " pp on average, better in " + std::to_string(totalWins) + " of " + std::to_string(totalRuns) +
                     " runs";
    report.runIds.push_back(storeExperiment(m_path, "evrsnas vs random search (random picks)", m_base, stored, report));
    return report;
}

ExperimentReport EvrsnasExperiment::endToEnd() {
    const auto start = Clock::now();
    if (m_settings.cost != "latency")
        throw core::InputError("the end-to-end experiment sets a latency threshold: use settings.cost \"latency\"");
    models::setThreadCount(m_base.threads);
    const auto cancel = [this] { return m_control.stopRequested(); };
    const data::Dataset train = data::loadDataset({m_base.dataset, m_base.datasetDirectory}, data::DatasetPart::Train);
    const proxies::ReferenceModel reference = referenceFor(m_base, m_settings, train, cancel);
    const core::Architecture referenceArch = reference.model.architecture();
    const cost::DeviceProfile& device = cost::DeviceCatalog::builtIn().find(m_base.device);
    // Psi of the reference exactly as the search measures every candidate (same evaluator: timed
    // on host, table or model elsewhere), so T and the candidates' latencies are comparable.
    DefaultEvaluators evaluators(m_base);
    auto latencyOf = [&](const core::Architecture& arch) {
        for (const core::Metric& m : evaluators.evaluatorFor("latency_ms").evaluate(arch, cancel))
            if (m.name == "latency_ms")
                return m.value;
        throw std::runtime_error("the device evaluator gave no latency");
    };
    const double refLatency = latencyOf(referenceArch);
    const double refModelled = cost::predictOnDevice(referenceArch, device, m_base.dvfs).latencyMs;
    const double threshold = 0.5 * refLatency;

    RunConfig config = m_base;
    config.constraints["latency"] = threshold;
    // The finalists get the reference's training budget, so the accuracy gap is like for like.
    config.methodSettingsJson = withSettings(
        m_base.methodSettingsJson, {{"final_epochs", m_settings.referenceEpochs}, {"final_subset", m_settings.referenceSubset},
                                    {"final_top_k", std::max(1, m_settings.finalTopK)}});
    SearchRunner runner(m_path, m_control, m_observer);
    const RunResult result = runner.start(config, "evrsnas end to end: T = half the reference's measured latency");
    if (result.status != "finished")
        throw core::Cancelled();
    const auto last = openRunReader(m_path).lastGeneration(result.runId);
    const auto outcome = evrsnasOutcomeFromState(json::parse(last->stateJson).at("method").dump());
    if (!outcome || outcome->hash.empty() || outcome->trained.empty())
        throw std::runtime_error("the end-to-end run returned no trained architecture");
    core::Architecture best;
    for (const auto& c : openRunReader(m_path).candidates(result.runId))
        if (c.hash == outcome->hash)
            best = core::architectureFromJson(c.architectureJson);
    // Timed again now, like the reference, rather than reusing the figure from the search.
    const double bestLatency = latencyOf(best);
    const double bestAccuracy = outcome->trained.front().accuracy;

    ExperimentReport report;
    report.name = "end-to-end";
    report.runIds.push_back(result.runId);
    report.lines.push_back({"reference (ResNet-like)", {{"accuracy", reference.validationAccuracy},
                                                        {"test_accuracy", reference.testAccuracy},
                                                        {"latency_ms", refLatency},
                                                        {"modelled_ms", refModelled}}});
    report.lines.push_back({"threshold T = 0.5 x the reference's latency on " + m_base.device, {{"T_ms", threshold}}});
    report.lines.push_back({std::string("returned architecture (") + (outcome->feasible ? "feasible" : "NOT feasible") + ")",
                            {{"accuracy", bestAccuracy},
                             {"latency_ms", bestLatency},
                             {"latency_ms_in_search", outcome->psi},
                             {"phi", outcome->phi}}});
    report.lines.push_back({"gap and speed-up", {{"accuracy_gap_pp", 100 * (reference.validationAccuracy - bestAccuracy)},
                                                 {"speedup", refLatency / bestLatency}}});
    report.lines.push_back({"time", {{"seconds", seconds(start)}}});
    report.summary = "at T = " + format("%.3f ms", threshold) + " (half the reference's " +
                     format("%.3f ms", refLatency) + " on " + m_base.device + ") the returned architecture reaches " +
                     format("%.2f %%", 100 * bestAccuracy) + " vs the reference's " +
                     format("%.2f %%", 100 * reference.validationAccuracy) + " (gap " +
                     format("%.2f pp", 100 * (reference.validationAccuracy - bestAccuracy)) + "), speed-up " +
                     format("%.2fx", refLatency / bestLatency);
    openRunStore(m_path).logEvent({.runId = result.runId, .kind = "log", .message = report.summary,
                                   .payloadJson = json{{"experiment", "end-to-end"},
                                                       {"lines", linesJson(report.lines)}}.dump()});
    return report;
}

ExperimentReport EvrsnasExperiment::throughput() {
    const auto cancel = [this] { return m_control.stopRequested(); };
    const data::Dataset train = data::loadDataset({m_base.dataset, m_base.datasetDirectory}, data::DatasetPart::Train);
    const std::vector<int> batch = proxies::RmiScorer::chooseBatch(train, m_options.throughputBatch, m_base.seed);
    const auto space = makeRunSpace(m_base);
    const auto genomes =
        sampleDistinct(*space, m_options.throughputCandidates, core::Rng::forStream(m_base.seed, 0x7a2));
    std::vector<core::Architecture> archs;
    std::vector<std::uint64_t> seeds;
    for (std::size_t i = 0; i < genomes.size(); ++i) {
        archs.push_back(space->decode(genomes[i]));
        seeds.push_back(i + 1);
    }
    const int threads = m_base.threads > 0 ? m_base.threads : 2;
    ExperimentReport report;
    report.name = "throughput";
    std::string summary;
    for (int steps : {0, m_settings.rmi.steps}) {
        proxies::RmiSettings rs = m_settings.rmi;
        rs.steps = steps;
        const proxies::RmiScorer scorer(referenceFor(m_base, m_settings, train, cancel).model, train, batch, rs);
        models::setThreadCount(threads);
        scorer.score(archs.front(), 99, cancel); // warm-up: allocator and oneDNN caches
        auto t0 = Clock::now();
        scorer.scoreMany(archs, seeds, 1, cancel);
        const double oneWorker = double(archs.size()) / seconds(t0);
        t0 = Clock::now();
        scorer.scoreMany(archs, seeds, threads, cancel);
        const double parallel = double(archs.size()) / seconds(t0);
        report.lines.push_back({"K = " + std::to_string(steps) + ", batch " + std::to_string(m_options.throughputBatch),
                                {{"per_second_1_worker_x_" + std::to_string(threads) + "_threads", oneWorker},
                                 {"per_second_" + std::to_string(threads) + "_workers_x_1_thread", parallel},
                                 {"parallel_gain", parallel / oneWorker}}});
        summary += (summary.empty() ? "" : "; ") + std::string("K = ") + std::to_string(steps) + ": " +
                   format("%.2f/s with one worker, %.2f/s with parallel workers (%.2fx)", oneWorker, parallel,
                          parallel / oneWorker);
    }
    report.summary = "candidates scored per second on " + std::to_string(threads) + " threads, " + m_base.space +
                     ": " + summary;
    report.runIds.push_back(storeExperiment(m_path, "evrsnas scoring throughput", m_base, {}, report));
    return report;
}

ExperimentReport EvrsnasExperiment::feasibility() {
    const auto start = Clock::now();
    const auto space = makeRunSpace(m_base);
    const std::string metric = costMetric(m_settings);
    const CostDistribution distribution = CostDistribution::forRun(
        m_base, *space, metric, m_settings.quantileSamples, [this] { return m_control.stopRequested(); });
    ExperimentReport report;
    report.name = "feasibility";
    std::string summary;
    for (const char* mode : {"penalised", "feasible-first", "generational"}) {
        double shareSum = 0, lowest = 1;
        int runs = 0, above95 = 0, returnedFeasible = 0;
        for (double q : m_options.quantiles)
            for (int s = 1; s <= m_options.seeds; ++s) {
                RunConfig config = m_base;
                config.seed = static_cast<std::uint64_t>(s);
                config.constraints[m_settings.cost] = distribution.quantile(q);
                config.methodSettingsJson =
                    withSettings(m_base.methodSettingsJson, {{"survival", mode}, {"final_top_k", 0}});
                SearchRunner runner(m_path, m_control, m_observer);
                const RunResult result =
                    runner.start(config, format("evrsnas feasibility: q%.0f%% seed %.0f ", 100 * q, s) + mode);
                report.runIds.push_back(result.runId);
                if (result.status != "finished")
                    throw core::Cancelled();
                const auto last = openRunReader(m_path).lastGeneration(result.runId);
                const auto outcome = evrsnasOutcomeFromState(json::parse(last->stateJson).at("method").dump());
                if (!outcome || outcome->populationSize == 0)
                    throw std::runtime_error("a feasibility run ended without a population");
                const double share = double(outcome->feasibleInPopulation) / double(outcome->populationSize);
                shareSum += share;
                lowest = std::min(lowest, share);
                above95 += share > 0.95;
                returnedFeasible += outcome->feasible;
                ++runs;
            }
        report.lines.push_back({std::string("survival ") + mode,
                                {{"share_within_T_mean", shareSum / runs},
                                 {"share_within_T_min", lowest},
                                 {"runs_above_95pct", double(above95)},
                                 {"returned_feasible", double(returnedFeasible)},
                                 {"runs", double(runs)}}});
        summary += (summary.empty() ? "" : "; ") + std::string(mode) + " " +
                   format("%.1f %% (min %.1f %%, %.0f", 100 * shareSum / runs, 100 * lowest, above95) + " of " +
                   std::to_string(runs) + " runs above 95 %)";
    }
    report.lines.push_back({"time", {{"seconds", seconds(start)}}});
    report.summary = "share of the final population within T (" + metric + ", " + distribution.source() +
                     ", " + std::to_string(m_base.evaluations) + " evaluations, population " +
                     std::to_string(m_base.population) + "): " + summary;
    report.runIds.push_back(storeExperiment(m_path, "evrsnas feasibility per survival mode", m_base, {}, report));
    return report;
}

} // namespace edgenas::search
