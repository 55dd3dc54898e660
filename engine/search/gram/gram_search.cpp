#include "gram_search.h"

#include "search/objective_scorer.h"
#include "search/search_context.h"

#include "core/errors.h"
#include "core/metric_catalog.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgenas::search {

using nlohmann::json;

namespace {
constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

// The DAG space has n(n-1)/2 edge genes and n-1 operator genes: (n-1)(n+2)/2 in all.
int nodesOfDagSpace(const spaces::SearchSpace& space) {
    const int genes = space.geneCount();
    for (int n = 2; n <= 64; ++n)
        if (spaces::dagEdgeSlots(n) + n - 1 == genes)
            return n;
    return 0;
}

double metricValue(const core::Candidate& c, const std::string& name) {
    const core::Metric* m = c.metric(name);
    return m ? m->value : kUnknown;
}

std::string formatted(const char* format, double value) {
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}
} // namespace

GramSearch::GramSearch(GramSettings settings, RewardOverride reward)
    : m_settings(std::move(settings)), m_rewardOverride(std::move(reward)) {}

void GramSearch::prepare(SearchContext& context) {
    if (context.space().name() != "dag")
        throw core::InputError("gram searches the DAG cell space: set the run's space to \"dag\" (--space dag), not \"" +
                               context.space().name() + "\"");
    m_nodes = nodesOfDagSpace(context.space());
    if (m_nodes < 2)
        throw core::InputError("gram: the run's space does not have the DAG space's gene layout");
    m_meta = MetaGraph(m_nodes, static_cast<int>(spaces::kDagOpNames.size()), m_settings.samplingTemperature);
}

void GramSearch::initialise(SearchContext& context) {
    prepare(context);
    m_rng = core::Rng(context.config().seed);
    // The search starts from the complete DAG; its operators are drawn from the (uniform) meta-graph.
    m_current = spaces::DagCell::complete(m_nodes);
    for (int j = 1; j < m_nodes; ++j)
        m_current.ops[j] = m_rng.uniformInt(static_cast<int>(spaces::kDagOpNames.size()));
    m_currentHash = context.evaluate(spaces::dagGenomeOf(m_current)).hash;
    m_startHash = m_currentHash;
    const double r = reward(context, m_currentHash);
    if (std::isnan(r))
        throw core::InputError("gram: the complete DAG, where the search starts, could not be evaluated (see the log)");
    m_baseline = r;
    m_bestHash = m_currentHash;
    m_bestReward = r;
    recordSweep(context, 1, 1);
}

double GramSearch::reward(SearchContext& context, const std::string& hash) {
    context.point(hash);  // computes metrics an objective added by steering needs
    const core::Candidate& c = context.candidate(hash);
    if (c.status == "failed")
        return kUnknown;
    if (m_rewardOverride)
        return m_rewardOverride(spaces::dagCellOf(context.genomeOf(hash), m_nodes), c);
    const core::MetricCatalog& catalog = core::MetricCatalog::global();
    double r = 0.0;
    for (const std::string& objective : context.scorer().objectives()) {
        const std::string metric = metricForObjective(objective);
        const double value = metricValue(c, metric);
        if (std::isnan(value))
            return kUnknown;
        if (catalog.isMaximised(metric)) {
            r += value;
            continue;
        }
        auto start = m_startCosts.find(metric);
        if (start == m_startCosts.end()) {
            context.point(m_startHash);
            start = m_startCosts.emplace(metric, metricValue(context.candidate(m_startHash), metric)).first;
        }
        const double floor = 1e-12;
        r -= m_settings.costWeight * std::log10(std::max(value, floor) / std::max(start->second, floor));
    }
    const double violation = context.scorer().violation(c);
    if (violation > 0.0)
        r -= 1.0 + violation;
    return r;
}

double GramSearch::advantage(double r) {
    // Normalised by a running mean absolute deviation, so eta and T are free of the reward's units.
    const double deviation = std::abs(r - m_baseline);
    m_spread = m_rewardsSeen == 0 ? deviation : m_settings.baselineDecay * m_spread + (1.0 - m_settings.baselineDecay) * deviation;
    const double a = m_spread > 1e-12 ? (r - m_baseline) / m_spread : 0.0;
    m_baseline = m_settings.baselineDecay * m_baseline + (1.0 - m_settings.baselineDecay) * r;
    ++m_rewardsSeen;
    return std::clamp(a, -3.0, 3.0);
}

void GramSearch::step(SearchContext& context) {
    if (!m_searchDone) {
        sweep(context);
        checkStop(context);
    } else if (!m_pruned) {
        prune(context);
    }
}

void GramSearch::sweep(SearchContext& context) {
    m_variantsScored = 0;
    m_variantsNew = 0;
    std::vector<int> order;
    for (int j = 1; j < m_nodes; ++j)
        order.push_back(j);
    m_rng.shuffle(order);
    for (int node : order)
        visitNode(context, node);
    ++m_sweeps;
    recordSweep(context, m_variantsScored, m_variantsNew);
}

void GramSearch::visitNode(SearchContext& context, int node) {
    struct Scored {
        spaces::DagCell cell;
        std::string hash;
        double reward;
        double advantage;
    };
    std::vector<Scored> options;
    const double currentReward = reward(context, m_currentHash);
    options.push_back({m_current, m_currentHash, currentReward, 0.0});
    for (int k = 0; k < m_settings.variants; ++k) {
        spaces::DagCell variant = m_meta.sampleNode(m_current, node, m_rng);
        const spaces::Genome genome = spaces::dagGenomeOf(variant);
        const std::string hash = context.hashOf(genome);
        const bool known = context.known(hash);
        if (!known && !context.budgetLeft())
            continue;  // the budget is spent: only networks seen before can still be scored
        context.evaluate(genome, {m_currentHash});
        ++m_variantsScored;
        m_variantsNew += known ? 0 : 1;
        const double r = reward(context, hash);
        if (std::isnan(r))
            continue;  // a failed evaluation teaches nothing about the graph
        const double a = advantage(r);
        m_meta.reinforce(variant, node, a, m_settings.learningRate);
        options.push_back({std::move(variant), hash, r, a});
        if (r > m_bestReward) {
            m_bestReward = r;
            m_bestHash = hash;
        }
    }
    if (options.size() == 1)
        return;
    // The chain moves by a softmax over the options' rewards, in units of the running spread.
    const double scale = std::max(m_spread, 1e-12) * m_settings.moveTemperature;
    double top = -std::numeric_limits<double>::infinity();
    for (const Scored& o : options)
        if (!std::isnan(o.reward))
            top = std::max(top, o.reward);
    std::vector<double> weights;
    double total = 0.0;
    for (const Scored& o : options)
        total += weights.emplace_back(std::isnan(o.reward) ? 0.0 : std::exp((o.reward - top) / scale));
    double draw = m_rng.uniformReal() * total;
    std::size_t chosen = options.size() - 1;
    for (std::size_t i = 0; i < options.size(); ++i) {
        draw -= weights[i];
        if (draw < 0.0) {
            chosen = i;
            break;
        }
    }
    m_current = options[chosen].cell;
    m_currentHash = options[chosen].hash;
}

void GramSearch::checkStop(SearchContext& context) {
    const double entropy = m_meta.meanEdgeEntropyBits();
    if (m_sweeps >= m_settings.maxSweeps)
        m_stopReason = "sweep limit (" + std::to_string(m_settings.maxSweeps) + ") reached";
    else if (entropy < m_settings.entropyStopBits)
        m_stopReason = "edge entropy " + formatted("%.3f", entropy) + " bits fell below " +
                       formatted("%.3f", m_settings.entropyStopBits);
    else if (!context.budgetLeft())
        m_stopReason = "evaluation budget spent";
    else
        return;
    m_searchDone = true;
    context.log(LogLevel::Info, "gram: search stops after " + std::to_string(m_sweeps) + " sweeps: " + m_stopReason +
                                    "; pruning the most probable graph next");
}

void GramSearch::recordSweep(SearchContext& context, int variantsScored, int variantsNew) {
    GramSweepRecord r;
    r.sweep = m_sweeps;
    r.nodes = m_nodes;
    for (std::string_view op : spaces::kDagOpNames)
        r.ops.emplace_back(op);
    r.edgeLogit = m_meta.edgeLogits();
    r.edgeProbability.assign(r.edgeLogit.size(), 0.0);
    for (int j = 1; j < m_nodes; ++j)
        for (int i = 0; i < j; ++i)
            r.edgeProbability[static_cast<std::size_t>(i * m_nodes + j)] = m_meta.edgeProbability(i, j);
    r.opProbability.assign(static_cast<std::size_t>(m_nodes), {});
    for (int j = 1; j < m_nodes; ++j)
        r.opProbability[j] = m_meta.opProbabilities(j);
    r.edgeEntropyBits = m_meta.meanEdgeEntropyBits();
    r.opEntropyBits = m_meta.meanOpEntropyBits();
    r.baseline = m_baseline;
    r.currentGenome = spaces::dagGenomeOf(m_current);
    r.currentHash = m_currentHash;
    r.currentReward = reward(context, m_currentHash);
    r.bestHash = m_bestHash;
    r.bestReward = m_bestReward;
    r.variantsScored = variantsScored;
    r.variantsNew = variantsNew;
    m_pendingRecords.push_back({kGramSweepRecordKind, toJson(r)});
    context.log(LogLevel::Info, "gram: sweep " + std::to_string(m_sweeps) + ": edge entropy " +
                                    formatted("%.3f", r.edgeEntropyBits) + " bits, operator entropy " +
                                    formatted("%.3f", r.opEntropyBits) + " bits, " + std::to_string(variantsScored) +
                                    " variants scored (" + std::to_string(variantsNew) + " new), reward " +
                                    formatted("%.4f", r.currentReward) + " (best " + formatted("%.4f", m_bestReward) + ")");
}

void GramSearch::prune(SearchContext& context) {
    GramPruningRecord record;
    const spaces::DagCell start = spaces::withoutDeadParts(m_meta.mostProbable());
    const std::string startHash = context.evaluate(spaces::dagGenomeOf(start), {m_currentHash}).hash;
    record.startHash = startHash;
    record.startGenome = spaces::dagGenomeOf(start);

    // The cost the steps report beside MACs and parameters: the run's first minimised objective
    // that is neither of them (latency or energy), from the run's own cost source.
    std::string costMetric;
    for (const std::string& objective : context.scorer().objectives()) {
        const std::string metric = metricForObjective(objective);
        if (!core::MetricCatalog::global().isMaximised(metric) && metric != "macs" && metric != "params") {
            costMetric = metric;
            break;
        }
    }
    std::vector<std::string> wanted{"macs", "params"};
    if (!costMetric.empty())
        wanted.push_back(costMetric);
    struct Figures {
        double macs = 0.0, params = 0.0, cost = -1.0;
    };
    auto figuresOf = [&](const spaces::DagCell& cell) {
        Figures f;
        for (const core::Metric& m : context.figuresOf(context.space().decode(spaces::dagGenomeOf(cell)), wanted)) {
            if (m.name == "macs")
                f.macs = m.value;
            else if (m.name == "params")
                f.params = m.value;
            else if (m.name == costMetric) {
                f.cost = m.value;
                record.latencySource = std::string(core::toString(m.provenance));
            }
        }
        return f;
    };
    const Figures startFigures = figuresOf(start);
    record.startMacs = startFigures.macs;
    record.startParams = startFigures.params;
    record.startLatencyMs = startFigures.cost;

    // The sequence: one move at a time until the smallest budget is met or nothing can go.
    const double smallest = m_settings.pruneBudgets.back() * record.startMacs;
    spaces::DagCell cell = start;
    double macs = record.startMacs;
    std::vector<spaces::DagCell> cells{start};
    while (macs > smallest) {
        // Only moves that lower the MACs: an edge whose source becomes a leaf adds that node to
        // the cell's output concatenation and can make the next stage dearer.
        std::vector<PruningMove> moves;
        for (PruningMove& move : pruningMoves(cell, m_meta)) {
            const std::vector<core::Metric> counted =
                context.figuresOf(context.space().decode(spaces::dagGenomeOf(move.result)), {"macs"});
            if (!counted.empty() && counted.front().value < macs)
                moves.push_back(std::move(move));
            if (moves.size() >= static_cast<std::size_t>(std::max(1, m_settings.pruneValidationTries)))
                break;
        }
        if (moves.empty())
            break;
        std::size_t chosen = 0;
        double chosenReward = kUnknown;
        if (m_settings.pruneValidationTries > 0) {
            const std::string parent = context.hashOf(spaces::dagGenomeOf(cell));
            for (std::size_t t = 0; t < moves.size(); ++t) {
                const std::string hash = context.evaluate(spaces::dagGenomeOf(moves[t].result), {parent}).hash;
                const double r = reward(context, hash);
                if (!std::isnan(r) && (std::isnan(chosenReward) || r > chosenReward)) {
                    chosenReward = r;
                    chosen = t;
                }
            }
        }
        const PruningMove& move = moves[chosen];
        cell = move.result;
        const Figures f = figuresOf(cell);
        macs = f.macs;
        record.steps.push_back({move.from, move.to, move.logit, context.hashOf(spaces::dagGenomeOf(cell)), f.macs,
                                f.params, f.cost, chosenReward});
        cells.push_back(cell);
    }

    // The family: the whole graph, then the first graph of the sequence within each budget.
    std::vector<std::pair<double, std::size_t>> members{{1.0, 0}};
    for (double fraction : m_settings.pruneBudgets) {
        std::size_t at = cells.size() - 1;
        for (std::size_t s = 0; s < record.steps.size(); ++s)
            if (record.steps[s].macs <= fraction * record.startMacs) {
                at = s + 1;
                break;
            }
        const double reached = at == 0 ? record.startMacs : record.steps[at - 1].macs;
        if (reached > fraction * record.startMacs)
            context.log(LogLevel::Warning, "gram: pruning cannot reach " + formatted("%.0f %%", fraction * 100.0) +
                                               " of the MACs; the smallest graph has " +
                                               formatted("%.0f %%", 100.0 * reached / record.startMacs));
        members.emplace_back(fraction, at);
    }
    m_familyHashes.clear();
    for (const auto& [fraction, at] : members) {
        const core::Candidate& c = context.evaluate(spaces::dagGenomeOf(cells[at]), {startHash});
        GramFamilyMember m;
        m.budgetFraction = fraction;
        m.hash = c.hash;
        m.macs = metricValue(c, "macs");
        if (std::isnan(m.macs))
            m.macs = at == 0 ? record.startMacs : record.steps[at - 1].macs;
        m.params = metricValue(c, "params");
        if (std::isnan(m.params))
            m.params = at == 0 ? record.startParams : record.steps[at - 1].params;
        m.latencyMs = at == 0 ? record.startLatencyMs : record.steps[at - 1].latencyMs;
        const core::Metric* accuracy = c.metric("accuracy");
        if (accuracy && accuracy->provenance == core::Provenance::Trained) {
            m.validationAccuracy = accuracy->value;
            try {
                const core::Candidate& measured = context.measure(c.hash, "test_accuracy");
                if (const core::Metric* test = measured.metric("test_accuracy")) {
                    m.testAccuracy = test->value;
                    m.densityPerMParams = 100.0 * test->value / (m.params / 1e6);
                    m.densityPerMMacs = 100.0 * test->value / (m.macs / 1e6);
                }
            } catch (const core::InputError& e) {
                context.log(LogLevel::Warning, std::string("gram: the family's test accuracy is not measured: ") + e.what());
            }
        }
        if (std::find(m_familyHashes.begin(), m_familyHashes.end(), c.hash) == m_familyHashes.end())
            m_familyHashes.push_back(c.hash);
        record.family.push_back(m);
    }
    m_pruningJson = toJson(record);
    m_pendingRecords.push_back({kGramPruningRecordKind, m_pruningJson});
    m_pruned = true;
    context.log(LogLevel::Info, "gram: pruned the most probable graph in " + std::to_string(record.steps.size()) +
                                    " steps into a family of " + std::to_string(record.family.size()) + " models");
}

std::vector<core::ResultRecord> GramSearch::takeRunRecords() { return std::exchange(m_pendingRecords, {}); }

std::vector<std::string> GramSearch::population() const {
    std::vector<std::string> out{m_currentHash};
    if (!m_bestHash.empty() && m_bestHash != m_currentHash)
        out.push_back(m_bestHash);
    return out;
}

bool GramSearch::finished(const SearchContext&) const { return m_pruned; }

void GramSearch::applySteering(SearchContext& context) {
    // New objectives or bounds change every reward: the best is looked for again among the
    // chain's working set, and the baseline restarts from the current graph.
    if (m_currentHash.empty())
        return;
    m_baseline = reward(context, m_currentHash);
    m_spread = 0.0;
    m_rewardsSeen = 0;
    m_bestHash = m_currentHash;
    m_bestReward = m_baseline;
}

void GramSearch::inject(SearchContext& context, const std::string& hash) {
    // A user-chosen network of this space becomes the chain's current graph.
    const spaces::Genome genome = context.genomeOf(hash);
    if (genome.empty()) {
        context.log(LogLevel::Warning, "gram: candidate " + hash + " is not a network of the DAG space; not injected");
        return;
    }
    m_current = spaces::dagCellOf(genome, m_nodes);
    m_currentHash = hash;
}

std::string GramSearch::saveState() const {
    const core::Rng::State s = m_rng.state();
    return json{{"rng", {s[0], s[1], s[2], s[3]}},
                {"edge_logits", m_meta.edgeLogits()},
                {"op_logits", m_meta.opLogits()},
                {"current", spaces::dagGenomeOf(m_current)},
                {"current_hash", m_currentHash},
                {"start_hash", m_startHash},
                {"start_costs", m_startCosts},
                {"best_hash", m_bestHash},
                {"best_reward", m_bestReward},
                {"baseline", m_baseline},
                {"spread", m_spread},
                {"rewards_seen", m_rewardsSeen},
                {"sweeps", m_sweeps},
                {"search_done", m_searchDone},
                {"pruned", m_pruned},
                {"stop_reason", m_stopReason},
                {"family", m_familyHashes},
                {"pruning", json::parse(m_pruningJson)}}
        .dump();
}

void GramSearch::restore(SearchContext& context, const std::string& stateJson) {
    prepare(context);
    try {
        const json j = json::parse(stateJson);
        const auto rng = j.at("rng").get<std::vector<std::uint64_t>>();
        if (rng.size() != 4)
            throw core::InputError("gram: saved state is damaged: rng state must have 4 words");
        m_rng = core::Rng::fromState({rng[0], rng[1], rng[2], rng[3]});
        m_meta.setLogits(j.at("edge_logits").get<std::vector<double>>(), j.at("op_logits").get<std::vector<double>>());
        m_current = spaces::dagCellOf(j.at("current").get<std::vector<int>>(), m_nodes);
        m_currentHash = j.at("current_hash").get<std::string>();
        m_startHash = j.at("start_hash").get<std::string>();
        m_startCosts = j.at("start_costs").get<std::map<std::string, double>>();
        m_bestHash = j.at("best_hash").get<std::string>();
        m_bestReward = j.at("best_reward").get<double>();
        m_baseline = j.at("baseline").get<double>();
        m_spread = j.at("spread").get<double>();
        m_rewardsSeen = j.at("rewards_seen").get<long long>();
        m_sweeps = j.at("sweeps").get<int>();
        m_searchDone = j.at("search_done").get<bool>();
        m_pruned = j.at("pruned").get<bool>();
        m_stopReason = j.at("stop_reason").get<std::string>();
        m_familyHashes = j.at("family").get<std::vector<std::string>>();
        m_pruningJson = j.at("pruning").dump();
    } catch (const json::exception& e) {
        throw core::InputError(std::string("gram: saved state is damaged: ") + e.what());
    }
    for (const std::string& hash : {m_currentHash, m_startHash, m_bestHash})
        if (!context.known(hash))
            throw core::InputError("gram: saved state names candidate " + hash + " that is not in the run");
}

} // namespace edgenas::search
