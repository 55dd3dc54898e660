#include "evrsnas_search.h"

#include "search/training_config.h"

#include "cost_distribution.h"
#include "evrsnas_presets.h"
#include "reference_for_run.h"

#include "search/search_context.h"

#include "core/architecture_json.h"
#include "core/errors.h"
#include "cost/device_catalog.h"
#include "data/dataset_spec.h"
#include "models/torch_runtime.h"
#include "models/trainer.h"
#include "proxies/reference_model_cache.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

namespace edgenas::search {

namespace {

using nlohmann::json;

constexpr double kWorst = -std::numeric_limits<double>::infinity();

std::string formatNumber(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", v);
    return text;
}

json toJsonValue(const EvrsnasTrained& t) {
    return json{{"hash", t.hash}, {"accuracy", t.accuracy}, {"phi", t.phi}, {"psi", t.psi}, {"seconds", t.seconds}};
}

EvrsnasTrained trainedFromJson(const json& j) {
    return {j.at("hash").get<std::string>(), j.at("accuracy").get<double>(), j.at("phi").get<double>(),
            j.at("psi").get<double>(), j.at("seconds").get<double>()};
}

json toJsonValue(const EvrsnasOutcome& o) {
    json trained = json::array();
    for (const auto& t : o.trained)
        trained.push_back(toJsonValue(t));
    return json{{"hash", o.hash},
                {"candidate_id", o.candidateId},
                {"feasible", o.feasible},
                {"phi", o.phi},
                {"psi", o.psi},
                {"fitness", o.fitness},
                {"threshold", o.threshold},
                {"cost_metric", o.costMetric},
                {"cost_source", o.costSource},
                {"reference_accuracy", o.referenceAccuracy},
                {"reference_test_accuracy", o.referenceTestAccuracy},
                {"reference_key", o.referenceKey},
                {"feasible_in_population", o.feasibleInPopulation},
                {"population_size", o.populationSize},
                {"survival", o.survival},
                {"mutation", o.mutation},
                {"children", o.children},
                {"children_already_seen", o.childrenAlreadySeen},
                {"generations", o.generations},
                {"trained", trained}};
}

// A per-candidate weight seed from the run seed and the network alone, so a candidate scores
// the same whichever generation, order or worker thread reaches it.
std::uint64_t seedFor(std::uint64_t runSeed, const std::string& hash) {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a over the hash text
    for (unsigned char ch : hash)
        h = (h ^ ch) * 1099511628211ULL;
    return core::Rng::forStream(runSeed, h).next();
}

} // namespace

std::optional<EvrsnasOutcome> evrsnasOutcomeFromState(const std::string& methodStateJson) {
    const json state = json::parse(methodStateJson);
    if (!state.contains("outcome") || state.at("outcome").is_null())
        return std::nullopt;
    const json& j = state.at("outcome");
    EvrsnasOutcome o;
    o.hash = j.at("hash").get<std::string>();
    o.candidateId = j.at("candidate_id").get<std::int64_t>();
    o.feasible = j.at("feasible").get<bool>();
    o.phi = j.at("phi").get<double>();
    o.psi = j.at("psi").get<double>();
    o.fitness = j.at("fitness").is_number() ? j.at("fitness").get<double>() : kWorst;
    o.threshold = j.at("threshold").is_number() ? j.at("threshold").get<double>()
                                                : std::numeric_limits<double>::infinity();
    o.costMetric = j.at("cost_metric").get<std::string>();
    // Runs stored before these keys existed read as unknown.
    o.costSource = j.value("cost_source", std::string("unknown"));
    o.referenceAccuracy = j.at("reference_accuracy").get<double>();
    o.referenceTestAccuracy = j.value("reference_test_accuracy", -1.0);
    o.referenceKey = j.at("reference_key").get<std::string>();
    o.feasibleInPopulation = j.at("feasible_in_population").get<int>();
    o.populationSize = j.at("population_size").get<int>();
    o.survival = j.value("survival", std::string());
    o.mutation = j.value("mutation", std::string());
    o.children = j.value("children", 0);
    o.childrenAlreadySeen = j.value("children_already_seen", 0);
    o.generations = j.value("generations", 0);
    for (const auto& t : j.at("trained"))
        o.trained.push_back(trainedFromJson(t));
    return o;
}

EvrsnasSearch::EvrsnasSearch(EvrsnasSettings settings) : m_settings(std::move(settings)) {}
EvrsnasSearch::~EvrsnasSearch() = default;

int EvrsnasSearch::populationSize(const SearchContext& context) const {
    return m_settings.population > 0 ? m_settings.population : context.config().population;
}

void EvrsnasSearch::prepare(SearchContext& context) {
    const RunConfig& config = context.config();
    const std::string& costName = m_settings.cost;
    const std::string metric = costMetric(m_settings);

    // Candidates are ranked by the proxy, never trained during the search: "accuracy" would
    // train every one. Psi must be computed for every candidate, so it leads the objectives.
    std::vector<std::string> objectives{costName};
    for (const auto& o : context.scorer().objectives())
        if (o != "accuracy" && o != costName)
            objectives.push_back(o);
    if (objectives != context.scorer().objectives()) {
        context.scorer().setObjectives(objectives);
        context.log(LogLevel::Info, "evrsnas ranks by the RMI proxy: objectives set to " + json(objectives).dump());
    }
    if (!context.scorer().constraints().count(costName)) {
        // The same evaluator as every candidate's Psi (table, timed on host, or modelled).
        const CostDistribution distribution =
            CostDistribution::forRun(config, context.space(), metric, m_settings.quantileSamples,
                                     [&context] { return context.control().stopRequested(); });
        const double threshold = distribution.quantile(m_settings.thresholdQuantile);
        context.scorer().setConstraint(costName, threshold);
        context.log(LogLevel::Info, "no bound on " + costName + " given: T = " + formatNumber(threshold) +
                                        ", the " + formatNumber(100 * m_settings.thresholdQuantile) +
                                        " % quantile over the space (" + distribution.source() + ", " +
                                        std::to_string(distribution.values().size()) + " networks)");
    }
    context.prepareEvaluators();
    if (belowPaperBudget(config))
        context.log(LogLevel::Info, "budget below the paper's (" + std::to_string(config.evaluations) +
                                        " evaluations; the notes use population 20, 50 generations, 1,000 "
                                        "evaluations: preset \"paper\"); the report flags it");

    m_train = std::make_shared<const data::Dataset>(
        data::loadDataset({config.dataset, config.datasetDirectory}, data::DatasetPart::Train));
    const auto cancel = [&context] { return context.control().stopRequested(); };
    if (m_settings.referenceArchitecture.empty()) {
        const proxies::ReferenceModelCache cache(m_settings.referenceFolder);
        if (!cache.contains(defaultReferenceArchitecture(config, m_settings), config.dataset,
                            referenceTrainConfig(m_settings)))
            context.log(LogLevel::Info, "reference model: training it once (" +
                                            std::to_string(m_settings.referenceEpochs) + " epochs, " +
                                            (m_settings.referenceSubset > 0 ? std::to_string(m_settings.referenceSubset)
                                                                            : std::string("all")) +
                                            " training images); later runs load it from " + cache.folder());
    }
    // One line per tenth of the training: the default reference takes about half an hour.
    int reportedTenths = 0;
    const auto progress = [&](const models::TrainProgress& p) {
        const int tenths = static_cast<int>(p.fraction * 10.0);
        if (tenths <= reportedTenths)
            return;
        reportedTenths = tenths;
        context.log(LogLevel::Info, "reference model: " + std::to_string(10 * tenths) + " % trained (epoch " +
                                        std::to_string(p.epoch + 1) + "/" + std::to_string(p.epochs) +
                                        ", training accuracy " + formatNumber(p.accuracySoFar) + ")");
    };
    std::optional<proxies::ReferenceModel> reference;
    reference.emplace(referenceFor(config, m_settings, *m_train, cancel, progress));
    context.log(LogLevel::Info, std::string("reference model ") +
                                    (reference->key.empty() ? "named by the user" : reference->fromCache ? "loaded" : "trained") +
                                    ": " + reference->weightsPath + ", test accuracy " +
                                    formatNumber(reference->testAccuracy) + " (trained), validation accuracy " +
                                    formatNumber(reference->validationAccuracy));
    m_referenceAccuracy = reference->validationAccuracy;
    m_referenceTestAccuracy = reference->testAccuracy;
    m_referenceKey = reference->key.empty() ? reference->weightsPath : reference->key;
    const std::vector<int> batch = proxies::RmiScorer::chooseBatch(*m_train, m_settings.batch, config.seed);
    m_scorer = std::make_unique<proxies::RmiScorer>(std::move(reference->model), *m_train, batch, m_settings.rmi);
    m_workers = m_settings.parallel > 0 ? m_settings.parallel : 1; // see EvrsnasSettings::parallel
}

PenalisedFitness EvrsnasSearch::penalty(SearchContext& context) const {
    const auto& bounds = context.scorer().constraints();
    const auto it = bounds.find(m_settings.cost);
    const double threshold = it == bounds.end() ? std::numeric_limits<double>::infinity() : it->second;
    return PenalisedFitness(threshold, m_settings.lambda, m_settings.penalty == "symmetric");
}

double EvrsnasSearch::fitness(SearchContext& context, const std::string& hash) const {
    const core::Candidate* c = context.cache().find(hash);
    if (!c || c->status == "failed")
        return kWorst;
    const core::Metric* phi = c->metric("rmi_phi");
    const core::Metric* psi = c->metric(costMetric(m_settings));
    if (!phi || !psi)
        return kWorst;
    return penalty(context)(phi->value, psi->value);
}

void EvrsnasSearch::scoreNew(SearchContext& context, const std::vector<std::string>& hashes) {
    std::vector<core::Architecture> architectures;
    std::vector<std::uint64_t> seeds;
    std::vector<std::string> which;
    for (const auto& hash : hashes) {
        const core::Candidate* c = context.cache().find(hash);
        if (!c || c->status == "failed" || c->metric("rmi_loss"))
            continue;
        architectures.push_back(core::architectureFromJson(c->architectureJson));
        seeds.push_back(seedFor(context.config().seed, hash));
        which.push_back(hash);
    }
    if (which.empty())
        return;
    const auto scores = m_scorer->scoreMany(architectures, seeds, m_workers,
                                            [&context] { return context.control().stopRequested(); });
    for (std::size_t i = 0; i < which.size(); ++i) {
        core::Candidate* c = context.cache().find(which[i]);
        const proxies::RmiScore& s = scores[i];
        if (!s.error.empty()) {
            // Stored as failed: it never survives selection, and the reason is in the log.
            c->status = "failed";
            c->metrics.clear();
            context.log(LogLevel::Warning, "candidate " + which[i] + " could not be scored: " + s.error);
            continue;
        }
        const double meanCka = std::accumulate(s.ckaFinal.begin(), s.ckaFinal.end(), 0.0) /
                               std::max<std::size_t>(1, s.ckaFinal.size());
        c->metrics.push_back({"rmi_loss", s.loss, "", core::Provenance::Proxy});
        c->metrics.push_back({"rmi_phi", s.phi, "", core::Provenance::Proxy});
        c->metrics.push_back({"rmi_cka", meanCka, "", core::Provenance::Proxy});
    }
}

std::string EvrsnasSearch::tournament(SearchContext& context, const std::vector<double>& fitness) {
    int best = m_rng.uniformInt(static_cast<int>(m_population.size()));
    for (int i = 1; i < m_settings.tournament; ++i) {
        const int other = m_rng.uniformInt(static_cast<int>(m_population.size()));
        if (fitness[static_cast<std::size_t>(other)] > fitness[static_cast<std::size_t>(best)])
            best = other;
    }
    return m_population[static_cast<std::size_t>(best)];
}

void EvrsnasSearch::initialise(SearchContext& context) {
    m_rng = core::Rng(context.config().seed);
    prepare(context);
    const auto size = static_cast<std::size_t>(populationSize(context));
    std::vector<std::string> fresh;
    const int maxAttempts = m_settings.duplicateRetries * populationSize(context);
    for (int attempt = 0; attempt < maxAttempts && m_population.size() < size && context.budgetLeft(); ++attempt) {
        const spaces::Genome genome = context.space().sample(m_rng);
        if (context.known(context.hashOf(genome)))
            continue;
        const core::Candidate& c = context.evaluate(genome);
        m_population.push_back(c.hash);
        fresh.push_back(c.hash);
    }
    scoreNew(context, fresh);
    report(context, "initial population");
}

spaces::Genome EvrsnasSearch::breed(SearchContext& context, const std::string& a, const std::string& b) {
    const spaces::SearchSpace& space = context.space();
    if (m_settings.mutation == "per-gene") {
        // The notes: uniform crossover, then every gene resampled over all its values with the
        // mutation rate; a child equal to a parent is allowed (it costs nothing, it is cached).
        spaces::Genome child = space.crossover(context.genomeOf(a), context.genomeOf(b), m_rng).first;
        const std::vector<int> cards = space.geneCardinalities();
        for (std::size_t i = 0; i < child.size(); ++i)
            if (m_rng.bernoulli(m_settings.mutationRate))
                child[i] = m_rng.uniformInt(cards[i]);
        return child;
    }
    spaces::Genome child;
    for (int attempt = 0; attempt < m_settings.duplicateRetries; ++attempt) {
        child = space.crossover(context.genomeOf(a), context.genomeOf(b), m_rng).first;
        child = space.mutate(child, m_settings.mutationRate, m_rng);  // changes at least one gene
        if (!context.known(context.hashOf(child)))
            break;
    }
    return child;
}

void EvrsnasSearch::step(SearchContext& context) {
    // Generation g breeds the g-th offspring; with a generation budget, the one after it trains.
    const bool generationsSpent = m_settings.generations > 0 && context.generation() > m_settings.generations;
    if (m_exhausted || generationsSpent || !context.budgetLeft() || m_population.empty()) {
        m_exhausted = true;
        finalTraining(context);
        m_finalDone = true;
        report(context, "final");
        return;
    }
    std::vector<double> fit;
    for (const auto& hash : m_population)
        fit.push_back(fitness(context, hash));
    std::vector<std::size_t> order(m_population.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fit[a] > fit[b]; });

    const auto size = static_cast<std::size_t>(populationSize(context));
    const bool generational = m_settings.survival == "generational";
    const std::vector<std::string> injected = std::exchange(m_injected, {});
    std::vector<std::string> next;
    if (generational) {
        for (std::size_t i = 0; i < order.size() && next.size() < static_cast<std::size_t>(m_settings.elites); ++i)
            next.push_back(m_population[order[i]]);
        for (const auto& hash : injected)
            if (next.size() < size)
                next.push_back(hash);
    }
    const std::size_t children = generational ? size - std::min(size, next.size()) : size;

    std::vector<std::string> bred, fresh;
    while (bred.size() < children && context.budgetLeft()) {
        const std::string a = tournament(context, fit);
        const std::string b = tournament(context, fit);
        const spaces::Genome child = breed(context, a, b);
        bool cached = false;
        const core::Candidate& c = context.evaluate(child, {a, b}, &cached);
        ++m_children;
        if (cached)
            ++m_childrenSeen;
        else
            fresh.push_back(c.hash);
        bred.push_back(c.hash);
    }
    ++m_generationsBred;
    scoreNew(context, fresh);
    m_staleGenerations = fresh.empty() ? m_staleGenerations + 1 : 0;
    // Converged: "novel" already retried every slot; "per-gene" may breed only known networks by
    // chance for a generation or two, so it waits duplicateRetries generations in a row.
    if (m_staleGenerations >= (m_settings.mutation == "novel" ? 1 : m_settings.duplicateRetries))
        m_exhausted = true;

    if (generational) {
        next.insert(next.end(), bred.begin(), bred.end());
    } else {
        // Parents and children compete (elitist); each network once, so duplicates cannot crowd out
        // diversity. "feasible-first" ranks every feasible network above every infeasible one (Deb's
        // rules) and by F within each group; "penalised" ranks by F alone.
        std::vector<std::string> pool;
        for (const std::vector<std::string>* group :
             std::initializer_list<const std::vector<std::string>*>{&m_population, &injected, &bred})
            for (const auto& hash : *group)
                if (std::find(pool.begin(), pool.end(), hash) == pool.end())
                    pool.push_back(hash);
        const PenalisedFitness f = penalty(context);
        const std::string metric = costMetric(m_settings);
        const bool feasibleFirst = m_settings.survival == "feasible-first";
        std::vector<std::pair<int, double>> key;
        for (const auto& hash : pool) {
            const core::Metric* psi = context.candidate(hash).metric(metric);
            key.emplace_back(feasibleFirst && psi && f.feasible(psi->value) ? 1 : 0, fitness(context, hash));
        }
        std::vector<std::size_t> rank(pool.size());
        std::iota(rank.begin(), rank.end(), 0);
        std::stable_sort(rank.begin(), rank.end(), [&](std::size_t x, std::size_t y) { return key[x] > key[y]; });
        for (std::size_t i = 0; i < rank.size() && next.size() < size; ++i)
            next.push_back(pool[rank[i]]);
    }
    m_population = std::move(next);
    report(context, "generation " + std::to_string(context.generation()));
}

EvrsnasOutcome EvrsnasSearch::outcome(SearchContext& context) const {
    const PenalisedFitness f = penalty(context);
    const std::string metric = costMetric(m_settings);
    EvrsnasOutcome o;
    o.threshold = f.threshold();
    o.costMetric = metric;
    o.referenceAccuracy = m_referenceAccuracy;
    o.referenceTestAccuracy = m_referenceTestAccuracy;
    o.survival = m_settings.survival;
    o.mutation = m_settings.mutation;
    o.children = m_children;
    o.childrenAlreadySeen = m_childrenSeen;
    o.generations = m_generationsBred;
    std::vector<core::Provenance> sources;
    o.referenceKey = m_referenceKey;
    o.fitness = kWorst;
    double cheapest = std::numeric_limits<double>::infinity();
    std::string cheapestHash;
    for (const auto& hash : context.cache().order()) {
        const core::Candidate& c = context.candidate(hash);
        const core::Metric* phi = c.metric("rmi_phi");
        const core::Metric* psi = c.metric(metric);
        if (c.status == "failed" || !phi || !psi)
            continue;
        sources.push_back(psi->provenance);
        if (psi->value < cheapest) {
            cheapest = psi->value;
            cheapestHash = hash;
        }
        const double value = f(phi->value, psi->value);
        if (f.feasible(psi->value) && value > o.fitness) {
            o.fitness = value;
            o.hash = hash;
        }
    }
    o.costSource = costSourceName(sources);
    o.feasible = !o.hash.empty();
    if (!o.feasible)
        o.hash = cheapestHash;
    if (!o.hash.empty()) {
        const core::Candidate& c = context.candidate(o.hash);
        o.candidateId = c.id;
        o.phi = c.metric("rmi_phi")->value;
        o.psi = c.metric(metric)->value;
        o.fitness = f(o.phi, o.psi);
    }
    o.populationSize = static_cast<int>(m_population.size());
    for (const auto& hash : m_population) {
        const core::Candidate& c = context.candidate(hash);
        if (const core::Metric* psi = c.metric(metric); psi && c.status != "failed" && f.feasible(psi->value))
            ++o.feasibleInPopulation;
    }
    o.trained = m_trained;
    return o;
}

void EvrsnasSearch::report(SearchContext& context, const std::string& what) {
    const EvrsnasOutcome o = outcome(context);
    m_outcomeJson = toJsonValue(o).dump();
    std::string line = what + ": " + std::to_string(o.feasibleInPopulation) + "/" + std::to_string(o.populationSize) +
                       " of the population within T = " + formatNumber(o.threshold);
    if (o.hash.empty())
        line += "; nothing scored yet";
    else if (o.feasible)
        line += "; best feasible " + o.hash + " phi " + formatNumber(o.phi) + ", " + o.costMetric + " " +
                formatNumber(o.psi);
    else
        line += "; no architecture meets T yet, the cheapest is " + o.hash + " (" + o.costMetric + " " +
                formatNumber(o.psi) + ")";
    context.log(o.feasible || o.hash.empty() ? LogLevel::Info : LogLevel::Warning, line);
}

void EvrsnasSearch::finalTraining(SearchContext& context) {
    if (m_settings.finalTopK <= 0)
        return;
    const PenalisedFitness f = penalty(context);
    const std::string metric = costMetric(m_settings);
    std::vector<std::pair<double, std::string>> ranked;
    for (const auto& hash : context.cache().order()) {
        const core::Candidate& c = context.candidate(hash);
        const core::Metric* psi = c.metric(metric);
        const double value = fitness(context, hash);
        if (psi && value > kWorst && f.feasible(psi->value))
            ranked.emplace_back(value, hash);
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    if (ranked.empty()) {
        const EvrsnasOutcome o = outcome(context);
        if (o.hash.empty())
            return;
        ranked.emplace_back(o.fitness, o.hash); // nothing feasible: train the cheapest, flagged in the outcome
    }
    if (ranked.size() > static_cast<std::size_t>(m_settings.finalTopK))
        ranked.resize(static_cast<std::size_t>(m_settings.finalTopK));

    const RunConfig& config = context.config();
    models::TrainConfig train = trainConfigFor(config);
    train.epochs = m_settings.finalEpochs;
    train.trainSubset = static_cast<std::size_t>(m_settings.finalSubset);
    m_trained.clear();
    for (const auto& [value, hash] : ranked) {
        core::Candidate* c = context.cache().find(hash);
        models::Trainer trainer(train);
        trainer.setCancelPredicate([&context] { return context.control().stopRequested(); });
        const models::TrainResult r = trainer.train(core::architectureFromJson(c->architectureJson), *m_train);
        EvrsnasTrained t{hash, r.validationAccuracy, c->metric("rmi_phi")->value, c->metric(metric)->value,
                         r.seconds};
        // Beside the proxy score in the store, so proxy and truth can be plotted together.
        context.addMetrics(hash, {{"accuracy", r.validationAccuracy, "", core::Provenance::Trained}});
        m_trained.push_back(t);
        context.log(LogLevel::Info, "final training " + hash + ": accuracy " + formatNumber(t.accuracy) +
                                        " (trained, " + std::to_string(train.epochs) + " epochs), phi " +
                                        formatNumber(t.phi) + " (proxy), " + metric + " " + formatNumber(t.psi));
    }
}

void EvrsnasSearch::applySteering(SearchContext& context) {
    // A changed threshold changes every penalty: re-rank the population now, not next generation.
    std::vector<double> fit;
    for (const auto& hash : m_population)
        fit.push_back(fitness(context, hash));
    std::vector<std::size_t> order(m_population.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fit[a] > fit[b]; });
    std::vector<std::string> sorted;
    for (std::size_t i : order)
        sorted.push_back(m_population[i]);
    m_population = std::move(sorted);
    report(context, "steering re-scored the population");
}

void EvrsnasSearch::inject(SearchContext& context, const std::string& hash) {
    scoreNew(context, {hash});
    m_injected.push_back(hash);
}

bool EvrsnasSearch::finished(const SearchContext&) const { return m_finalDone; }

std::string EvrsnasSearch::saveState() const {
    json trained = json::array();
    for (const auto& t : m_trained)
        trained.push_back(toJsonValue(t));
    return json{{"rng", m_rng.state()},
                {"population", m_population},
                {"injected", m_injected},
                {"exhausted", m_exhausted},
                {"children", m_children},
                {"children_already_seen", m_childrenSeen},
                {"stale_generations", m_staleGenerations},
                {"generations_bred", m_generationsBred},
                {"final_done", m_finalDone},
                {"trained", trained},
                {"outcome", json::parse(m_outcomeJson)}}
        .dump();
}

void EvrsnasSearch::restore(SearchContext& context, const std::string& stateJson) {
    const json j = json::parse(stateJson);
    m_rng = core::Rng::fromState(j.at("rng").get<core::Rng::State>());
    m_population = j.at("population").get<std::vector<std::string>>();
    m_injected = j.at("injected").get<std::vector<std::string>>();
    m_exhausted = j.at("exhausted").get<bool>();
    m_children = j.value("children", 0);
    m_childrenSeen = j.value("children_already_seen", 0);
    m_staleGenerations = j.value("stale_generations", 0);
    m_generationsBred = j.value("generations_bred", 0);
    m_finalDone = j.at("final_done").get<bool>();
    m_trained.clear();
    for (const auto& t : j.at("trained"))
        m_trained.push_back(trainedFromJson(t));
    m_outcomeJson = j.at("outcome").dump();
    prepare(context);
}

} // namespace edgenas::search
