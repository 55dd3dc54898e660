#include "hadas_search.h"

#include "hadas_inner_evaluator.h"
#include "hadas_records.h"

#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "core/errors.h"
#include "cost/architecture_cost.h"
#include "cost/device_catalog.h"
#include "cost/device_prediction.h"
#include "moo/hypervolume.h"
#include "moo/nsga2.h"
#include "moo/pareto_sort.h"
#include "search/run_space.h"
#include "search/search_context.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <set>

namespace edgenas::search {

using nlohmann::json;

namespace {

// An inner genome: one bit per trainable exit position, a threshold index, a level per domain.
struct InnerGenome {
    std::vector<int> exitOn;
    int threshold = 0;
    std::vector<int> levels;

    friend bool operator==(const InnerGenome&, const InnerGenome&) = default;
};

std::vector<int> chosenBlocks(const InnerGenome& g, const std::vector<int>& positions) {
    std::vector<int> out;
    for (std::size_t i = 0; i < positions.size(); ++i)
        if (g.exitOn[i])
            out.push_back(positions[i]);
    return out;
}

// At least one exit: a dynamic model without exits is the static backbone, already a candidate.
void keepOneExit(InnerGenome& g, core::Rng& rng) {
    if (std::find(g.exitOn.begin(), g.exitOn.end(), 1) == g.exitOn.end())
        g.exitOn[static_cast<std::size_t>(rng.uniformInt(static_cast<int>(g.exitOn.size())))] = 1;
}

int differentValue(int current, int choices, core::Rng& rng) {
    if (choices < 2)
        return current;
    const int draw = rng.uniformInt(choices - 1);
    return draw >= current ? draw + 1 : draw;
}

std::string settingsJsonOf(const std::vector<int>& chosen, const std::string& rule, double threshold,
                           const HadasDynamicRecord& record) {
    json dvfs = json::object();
    for (const HadasDomainLevels& d : record.domains)
        dvfs[d.name] = d.levelsMhz.at(static_cast<std::size_t>(d.chosen));
    json s{{"exits", chosen}, {"rule", rule}, {"dvfs", dvfs}};
    if (rule == "threshold")
        s["threshold"] = threshold;
    return s.dump();
}

std::vector<HadasBlock> blocksOf(const spaces::AttentiveBackbone& b, const core::Architecture& arch,
                                 const cost::ArchitectureCost& costs) {
    std::vector<HadasBlock> out;
    std::size_t stage = 0;
    int inStage = 0;
    for (const core::Node& node : arch.nodes) {
        if (node.op != core::OpType::MBConv)
            continue;
        while (inStage >= b.stages[stage].depth) {
            ++stage;
            inStage = 0;
        }
        HadasBlock block;
        block.stage = static_cast<int>(stage);
        block.width = node.outChannels;
        block.kernel = node.kernel;
        block.expansion = node.expansion;
        block.stride = node.stride;
        block.squeezeExcite = node.squeezeExcite;
        block.macs = double(costs.nodes[static_cast<std::size_t>(node.id)].macs);
        out.push_back(block);
        ++inStage;
    }
    return out;
}

// Point of a candidate whose figures are all present (every HADAS candidate's are).
moo::Point pointOf(SearchContext& context, const std::string& hash) { return context.point(hash); }

} // namespace

HadasSearch::HadasSearch(HadasSettings settings, HadasJudgeFactory judgeFactory)
    : m_settings(std::move(settings)), m_judgeFactory(std::move(judgeFactory)) {}

HadasSearch::~HadasSearch() = default;

void HadasSearch::prepare(SearchContext& context) {
    m_space = dynamic_cast<const spaces::AttentiveSpace*>(&context.space());
    if (!m_space)
        throw core::InputError("HADAS searches the attentive backbone space (space.name \"attentive\"), not '" +
                               context.space().name() + "'");
    m_device = &cost::DeviceCatalog::builtIn().find(context.config().device);
    if (!m_judgeFactory)
        throw std::logic_error("HADAS was created without a judge");
    if (!m_judge)
        m_judge = m_judgeFactory(context, m_settings);
    context.log(LogLevel::Info, "hadas: accuracy from " + m_judge->description() + "; latency and energy modelled on " +
                                    m_device->name + " (" + std::to_string(m_device->domains.size()) +
                                    " DVFS domains), exit rule " + m_settings.exitRule +
                                    (m_settings.exitRule == "oracle" ? " (an upper bound, not deployable)" : ""));
    const cost::DevicePrediction largest = cost::predictOnDevice(m_space->build(m_space->largest()), *m_device);
    m_referenceLatencyMs = largest.latencyMs;
    m_referenceEnergyMj = largest.energyMj;
}

std::string HadasSearch::evaluateBackbone(SearchContext& context, const spaces::Genome& genome,
                                          const std::vector<std::string>& parents) {
    const core::Architecture arch = m_space->decode(genome);
    const std::string hash = core::canonicalHash(arch);
    if (context.known(hash))
        return hash;
    const spaces::AttentiveBackbone backbone = m_space->backboneOf(genome);
    core::Candidate c;
    c.hash = hash;
    c.genome = spaces::genomeToIntList(genome);
    c.architectureJson = candidateArchitectureJson(arch);
    const double accuracy = m_judge->validationAccuracy(backbone);
    c.metrics.push_back({"accuracy", accuracy, "", core::Provenance::Trained});
    const cost::DevicePrediction prediction = cost::predictOnDevice(arch, *m_device);
    for (core::Metric& m : prediction.metrics())
        c.metrics.push_back(std::move(m));
    const cost::ArchitectureCost costs = cost::analyseCost(arch);
    c.metrics.push_back({"macs", double(costs.macs), "MACs", core::Provenance::Counted});
    c.metrics.push_back({"params", double(costs.params), "parameters", core::Provenance::Counted});

    HadasBackboneRecord record;
    record.blocks = blocksOf(backbone, arch, costs);
    for (const core::Node& node : arch.nodes) {
        if (node.op == core::OpType::MBConv)
            break;
        record.stemMacs += double(costs.nodes[static_cast<std::size_t>(node.id)].macs);
    }
    record.finalHeadMacs = double(costs.macs) - record.stemMacs;
    for (const HadasBlock& b : record.blocks)
        record.finalHeadMacs -= b.macs;
    record.supernetAccuracy = accuracy;
    record.supernetKey = m_judge->description();
    c.records.push_back({kHadasBackboneRecord, toJson(record)});
    return context.add(std::move(c), parents).hash;
}

void HadasSearch::evaluatePopulation(SearchContext& context, const std::vector<spaces::Genome>& genomes,
                                     const std::vector<std::vector<std::string>>& parents) {
    m_population.clear();
    for (std::size_t i = 0; i < genomes.size() && context.budgetLeft(); ++i) {
        const std::string hash = evaluateBackbone(context, genomes[i], parents[i]);
        if (std::find(m_population.begin(), m_population.end(), hash) == m_population.end())
            m_population.push_back(hash);
    }
    for (const std::string& hash : m_injected)
        if (std::find(m_population.begin(), m_population.end(), hash) == m_population.end())
            m_population.push_back(hash);
    m_injected.clear();
}

void HadasSearch::chooseSurvivors(SearchContext& context) {
    // Backbones searched before keep their inner fronts; only new ones compete for a search.
    std::vector<std::string> fresh;
    for (const std::string& hash : m_population)
        if (!m_knee.count(hash) && context.candidate(hash).status != "failed")
            fresh.push_back(hash);
    m_survivors.clear();
    if (random()) {
        m_rng.shuffle(fresh);
        fresh.resize(std::min(fresh.size(), static_cast<std::size_t>(m_settings.outerSurvivors)));
        m_survivors = fresh;
    } else {
        std::vector<moo::Point> points;
        for (const std::string& hash : fresh)
            points.push_back(pointOf(context, hash));
        for (int i : moo::selectSurvivors(points, static_cast<std::size_t>(m_settings.outerSurvivors)))
            m_survivors.push_back(fresh[static_cast<std::size_t>(i)]);
    }
    m_nextSurvivor = 0;
    m_phase = m_survivors.empty() ? Phase::Breed : Phase::Inner;
    context.log(LogLevel::Info, "hadas: outer generation " + std::to_string(m_outerGeneration) + ": " +
                                    std::to_string(m_population.size()) + " backbones, " +
                                    std::to_string(m_survivors.size()) + " get exit heads and an inner search");
}

std::vector<spaces::Genome> HadasSearch::sampleBackbones(SearchContext& context,
                                                         std::vector<std::vector<std::string>>& parents) {
    std::vector<spaces::Genome> genomes;
    std::set<std::string> seen;
    for (int tries = 0; int(genomes.size()) < m_settings.outerPopulation && tries < 50 * m_settings.outerPopulation;
         ++tries) {
        spaces::Genome g = m_space->sample(m_rng);
        const std::string hash = context.hashOf(g);
        if (!context.known(hash) && seen.insert(hash).second)
            genomes.push_back(std::move(g));
    }
    parents.assign(genomes.size(), {});
    return genomes;
}

void HadasSearch::initialise(SearchContext& context) {
    m_rng = core::Rng(static_cast<std::uint64_t>(context.config().seed) ^ 0x4ada5ULL);
    prepare(context);
    m_runRecords.push_back({kHadasSupernetRunRecord, m_judge->summaryJson()});
    std::vector<std::vector<std::string>> parents;
    const std::vector<spaces::Genome> genomes = sampleBackbones(context, parents);
    evaluatePopulation(context, genomes, parents);
    chooseSurvivors(context);
    finishIfDone(context);
}

void HadasSearch::step(SearchContext& context) {
    if (m_phase == Phase::Inner && m_nextSurvivor < m_survivors.size()) {
        searchInner(context, m_survivors[m_nextSurvivor]);
        ++m_nextSurvivor;
        if (m_nextSurvivor == m_survivors.size()) {
            if (!random())
                chooseParents(context);
            m_phase = Phase::Breed;
        }
    } else if (m_phase == Phase::Breed || m_phase == Phase::Inner) {
        if (m_outerGeneration + 1 >= m_settings.outerGenerations) {
            m_phase = Phase::Done;
        } else {
            if (m_parents.empty() && !random())
                chooseParents(context);
            ++m_outerGeneration;
            std::vector<std::vector<std::string>> parents;
            const std::vector<spaces::Genome> children = random() ? sampleBackbones(context, parents) : breed(context, parents);
            evaluatePopulation(context, children, parents);
            chooseSurvivors(context);
        }
    }
    // The last generation's inner searches end the run: nothing is bred that would not be searched.
    if (m_phase == Phase::Breed && m_outerGeneration + 1 >= m_settings.outerGenerations)
        m_phase = Phase::Done;
    finishIfDone(context);
}

void HadasSearch::searchInner(SearchContext& context, const std::string& backboneHash) {
    const core::Candidate& backboneCandidate = context.candidate(backboneHash);
    const spaces::Genome backboneGenome = spaces::genomeFromIntList(backboneCandidate.genome);
    const spaces::AttentiveBackbone backbone = m_space->backboneOf(backboneGenome);
    const std::int64_t backboneId = backboneCandidate.id;
    std::vector<int> positions;
    for (int b = m_settings.minExitBlock; b < backbone.blockCount(); ++b)
        positions.push_back(b);
    if (positions.empty()) {
        context.log(LogLevel::Warning, "hadas: backbone " + backboneHash + " has " +
                                           std::to_string(backbone.blockCount()) + " blocks, none after block " +
                                           std::to_string(m_settings.minExitBlock) + ": no exits to search");
        m_knee[backboneHash] = backboneHash;
        m_searched.push_back(backboneHash);
        return;
    }
    context.log(LogLevel::Info, "hadas: training exit heads after blocks " + std::to_string(positions.front()) +
                                    "-" + std::to_string(positions.back()) + " of backbone " + backboneHash);
    HadasInnerEvaluator evaluator(*m_space, backbone, positions, m_settings.headWidth, *m_device,
                                  m_judge->exitTables(backbone, positions), m_settings.exitRule);

    std::vector<int> levelCounts;
    for (const cost::DvfsDomain& d : m_device->domains)
        levelCounts.push_back(static_cast<int>(d.levelsMhz.size()));
    const bool thresholdGene = m_settings.exitRule == "threshold";
    const int thresholdChoices = thresholdGene ? static_cast<int>(m_settings.thresholds.size()) : 1;

    std::map<std::string, InnerGenome> genomeOf;
    auto evaluate = [&](const InnerGenome& g, const std::vector<std::string>& parents) -> std::string {
        const std::vector<int> chosen = chosenBlocks(g, positions);
        const double threshold = thresholdGene ? m_settings.thresholds[static_cast<std::size_t>(g.threshold)] : 0.0;
        HadasDynamicRecord record = evaluator.evaluate(chosen, threshold, g.levels);
        const core::Architecture arch = evaluator.architecture(chosen);
        core::Candidate c;
        c.settingsJson = settingsJsonOf(chosen, m_settings.exitRule, threshold, record);
        c.hash = core::candidateIdentity(core::canonicalHash(arch), c.settingsJson);
        genomeOf[c.hash] = g;
        if (context.known(c.hash))
            return c.hash;
        c.genome = backboneCandidate.genome;
        c.architectureJson = candidateArchitectureJson(arch);
        c.levelParent = backboneId;
        c.metrics.push_back({"accuracy", record.exitsDvfs.accuracy, "", core::Provenance::Trained});
        c.metrics.push_back({"latency_ms", record.exitsDvfs.latencyMs, "ms", core::Provenance::Modelled});
        c.metrics.push_back({"energy_mj", record.exitsDvfs.energyMj, "mJ", core::Provenance::Modelled});
        if (record.exitsDvfs.latencyMs > 0.0)
            c.metrics.push_back({"power_w", record.exitsDvfs.energyMj / record.exitsDvfs.latencyMs, "W",
                                 core::Provenance::Modelled});
        const cost::ArchitectureCost costs = cost::analyseCost(arch);
        c.metrics.push_back({"macs", double(costs.macs), "MACs", core::Provenance::Counted});
        c.metrics.push_back({"params", double(costs.params), "parameters", core::Provenance::Counted});
        if (record.testAccuracy >= 0.0)
            c.metrics.push_back({"test_accuracy", record.testAccuracy, "", core::Provenance::Trained});
        c.records.push_back({kHadasDynamicRecord, toJson(record)});
        return context.add(std::move(c), parents).hash;
    };
    auto randomGenome = [&] {
        InnerGenome g;
        // About two exits on average whatever the depth: many heads cost more than they save.
        const double on = std::min(0.5, 2.0 / double(positions.size()));
        for (std::size_t i = 0; i < positions.size(); ++i)
            g.exitOn.push_back(m_rng.bernoulli(on) ? 1 : 0);
        keepOneExit(g, m_rng);
        g.threshold = m_rng.uniformInt(thresholdChoices);
        for (int n : levelCounts)
            g.levels.push_back(m_rng.uniformInt(n));
        return g;
    };

    // Two informed starts, the rest random: every clock at its top level (the static network's
    // point), and the same exits at the compute clock where that setting's energy is lowest
    // (the sweep every record carries). Random clocks alone rarely land near either.
    std::vector<std::string> population;
    auto admit = [&population](const std::string& hash) {
        if (std::find(population.begin(), population.end(), hash) == population.end())
            population.push_back(hash);
    };
    if (!random() && m_settings.innerPopulation >= 2 && context.budgetLeft()) {
        InnerGenome top = randomGenome();
        for (std::size_t k = 0; k < top.levels.size(); ++k)
            top.levels[k] = levelCounts[k] - 1;
        const std::string topHash = evaluate(top, {});
        admit(topHash);
        const HadasDynamicRecord record = hadasDynamicRecordFromJson(context.candidate(topHash).records.front().json);
        InnerGenome efficient = top;
        for (std::size_t k = 0; k < m_device->domains.size(); ++k)
            if (m_device->domains[k].name == record.sweepDomain && !record.sweepEnergyMj.empty())
                efficient.levels[k] = static_cast<int>(
                    std::min_element(record.sweepEnergyMj.begin(), record.sweepEnergyMj.end()) - record.sweepEnergyMj.begin());
        if (context.budgetLeft())
            admit(evaluate(efficient, {}));
    }
    while (static_cast<int>(population.size()) < m_settings.innerPopulation && context.budgetLeft() &&
           static_cast<int>(genomeOf.size()) < 4 * m_settings.innerPopulation)
        admit(evaluate(randomGenome(), {}));
    // The random baseline spends the same number of settings, all drawn at random.
    for (int i = static_cast<int>(genomeOf.size());
         random() && i < m_settings.innerPopulation * m_settings.innerGenerations && context.budgetLeft(); ++i)
        evaluate(randomGenome(), {});
    for (int generation = 1; !random() && generation < m_settings.innerGenerations && context.budgetLeft();
         ++generation) {
        std::vector<moo::Point> points;
        for (const std::string& hash : population)
            points.push_back(pointOf(context, hash));
        const moo::RankCrowding rc = moo::rankAndCrowding(points);
        std::vector<std::string> offspring;
        for (int i = 0; i < m_settings.innerPopulation && context.budgetLeft(); ++i) {
            const std::string& a = population[static_cast<std::size_t>(moo::binaryTournament(rc.rank, rc.crowding, m_rng))];
            const std::string& b = population[static_cast<std::size_t>(moo::binaryTournament(rc.rank, rc.crowding, m_rng))];
            InnerGenome child = genomeOf.at(a);
            const InnerGenome& other = genomeOf.at(b);
            // Uniform crossover per gene (the code crosses the DVFS knobs together; ours are independent).
            for (std::size_t k = 0; k < child.exitOn.size(); ++k)
                if (!m_rng.bernoulli(m_settings.crossoverProbability))
                    child.exitOn[k] = other.exitOn[k];
            if (!m_rng.bernoulli(m_settings.crossoverProbability))
                child.threshold = other.threshold;
            for (std::size_t k = 0; k < child.levels.size(); ++k)
                if (!m_rng.bernoulli(m_settings.crossoverProbability))
                    child.levels[k] = other.levels[k];
            // Mutation: an exit toggles, the threshold and each clock move, each with the
            // mutation probability (the code moves all three clocks with one draw and can only drop exits).
            const double p = m_settings.mutationProbability;
            for (int& bit : child.exitOn)
                if (m_rng.bernoulli(p / std::max(1.0, double(child.exitOn.size()) / 2.0)))
                    bit = 1 - bit;
            keepOneExit(child, m_rng);
            if (m_rng.bernoulli(p))
                child.threshold = differentValue(child.threshold, thresholdChoices, m_rng);
            for (std::size_t k = 0; k < child.levels.size(); ++k)
                if (m_rng.bernoulli(p))
                    child.levels[k] = differentValue(child.levels[k], levelCounts[k], m_rng);
            const std::string hash = evaluate(child, {a, b});
            if (std::find(population.begin(), population.end(), hash) == population.end() &&
                std::find(offspring.begin(), offspring.end(), hash) == offspring.end())
                offspring.push_back(hash);
        }
        std::vector<std::string> combined = population;
        combined.insert(combined.end(), offspring.begin(), offspring.end());
        std::vector<moo::Point> combinedPoints;
        for (const std::string& hash : combined)
            combinedPoints.push_back(pointOf(context, hash));
        population.clear();
        for (int i : moo::selectSurvivors(combinedPoints, static_cast<std::size_t>(m_settings.innerPopulation)))
            population.push_back(combined[static_cast<std::size_t>(i)]);
    }

    // The inner front among every setting tried on this backbone, and its knee: the member nearest
    // the ideal point after scaling each objective to [0, 1] over the front.
    std::vector<std::string> tried;
    std::vector<moo::Point> points;
    for (const auto& [hash, genome] : genomeOf) {
        moo::Point p = pointOf(context, hash);
        if (!p.feasible())
            continue;
        tried.push_back(hash);
        points.push_back(std::move(p));
    }
    std::string knee = backboneHash;
    if (!points.empty()) {
        const std::vector<int> front = moo::nonDominatedSort(points).front();
        const std::size_t m = points.front().objectives.size();
        std::vector<double> low(m, std::numeric_limits<double>::infinity()), high(m, -std::numeric_limits<double>::infinity());
        for (int i : front)
            for (std::size_t k = 0; k < m; ++k) {
                low[k] = std::min(low[k], points[static_cast<std::size_t>(i)].objectives[k]);
                high[k] = std::max(high[k], points[static_cast<std::size_t>(i)].objectives[k]);
            }
        double best = std::numeric_limits<double>::infinity();
        for (int i : front) {
            double distance = 0.0;
            for (std::size_t k = 0; k < m; ++k) {
                const double span = high[k] - low[k];
                const double v = span > 0.0 ? (points[static_cast<std::size_t>(i)].objectives[k] - low[k]) / span : 0.0;
                distance += v * v;
            }
            if (distance < best) {
                best = distance;
                knee = tried[static_cast<std::size_t>(i)];
            }
        }
    }
    m_knee[backboneHash] = knee;
    m_searched.push_back(backboneHash);
    json progress{{"backbone", backboneHash},
                  {"backbone_id", backboneId},
                  {"outer_generation", m_outerGeneration},
                  {"settings_tried", genomeOf.size()},
                  {"knee", knee},
                  {"exit_blocks", positions}};
    json heads = json::array();
    for (const HadasExitHead& h : evaluator.heads())
        heads.push_back({{"block", h.block},
                         {"validation_accuracy", h.validationAccuracy},
                         {"test_accuracy", h.testAccuracy},
                         {"temperature", h.temperature},
                         {"macs", h.macs}});
    progress["heads"] = heads;
    m_runRecords.push_back({kHadasInnerRunRecord, progress.dump()});
}

void HadasSearch::chooseParents(SearchContext& context) {
    std::vector<std::string> pool;
    if (m_settings.elitist)
        pool = m_searched;
    else
        pool = m_survivors;
    std::vector<moo::Point> points;
    std::vector<std::string> usable;
    for (const std::string& hash : pool) {
        auto knee = m_knee.find(hash);
        if (knee == m_knee.end())
            continue;
        points.push_back(pointOf(context, knee->second));
        usable.push_back(hash);
    }
    m_parents.clear();
    for (int i : moo::selectSurvivors(points, static_cast<std::size_t>(m_settings.outerParents)))
        m_parents.push_back(usable[static_cast<std::size_t>(i)]);
    // With no inner search at all (every survivor failed) the population itself breeds.
    if (m_parents.empty())
        m_parents = m_population;
}

std::vector<spaces::Genome> HadasSearch::breed(SearchContext& context, std::vector<std::vector<std::string>>& parents) {
    std::vector<spaces::Genome> children;
    std::set<std::string> seen;
    for (int i = 0; i < m_settings.outerPopulation; ++i) {
        for (int tries = 0; tries < 20; ++tries) {
            const bool cross = i % 2 == 0 && m_parents.size() >= 2;
            const std::size_t first = static_cast<std::size_t>(m_rng.uniformInt(static_cast<int>(m_parents.size())));
            spaces::Genome child = context.genomeOf(m_parents[first]);
            std::vector<std::string> from{m_parents[first]};
            if (cross) {
                std::size_t second = static_cast<std::size_t>(m_rng.uniformInt(static_cast<int>(m_parents.size()) - 1));
                if (second >= first)
                    ++second;
                const spaces::Genome other = context.genomeOf(m_parents[second]);
                // Uniform crossover, each gene from the first parent with the crossover probability (the code's rule).
                for (std::size_t k = 0; k < child.size(); ++k)
                    if (!m_rng.bernoulli(m_settings.crossoverProbability))
                        child[k] = other[k];
                from.push_back(m_parents[second]);
            } else {
                child = m_space->mutate(child, m_settings.mutationProbability, m_rng);
            }
            const std::string hash = context.hashOf(child);
            if (context.known(hash) || !seen.insert(hash).second)
                continue; // a network seen before costs nothing and teaches nothing: draw again
            children.push_back(std::move(child));
            parents.push_back(std::move(from));
            break;
        }
    }
    return children;
}

void HadasSearch::finishIfDone(SearchContext& context) {
    if (!finished(context))
        return;
    // The networks the run reports are measured on the test split here, from the same weights:
    // a static backbone by the judge, a dynamic model from its test table (already on it).
    for (const std::string& hash : context.front()) {
        const core::Candidate& c = context.candidate(hash);
        if (c.metric("test_accuracy") || c.status == "failed")
            continue;
        const spaces::AttentiveBackbone b = m_space->backboneOf(spaces::genomeFromIntList(c.genome));
        context.addMetrics(hash, {{"test_accuracy", m_judge->testAccuracy(b), "", core::Provenance::Trained}});
    }
    m_phase = Phase::Done;
}

bool HadasSearch::finished(const SearchContext& context) const {
    return m_phase == Phase::Done || !context.budgetLeft();
}

void HadasSearch::inject(SearchContext&, const std::string& hash) { m_injected.push_back(hash); }

std::vector<core::ResultRecord> HadasSearch::takeRunRecords() { return std::exchange(m_runRecords, {}); }

double HadasSearch::archiveHypervolume(SearchContext& context) {
    std::vector<std::vector<double>> points;
    for (const std::string& hash : context.front()) {
        const core::Candidate& c = context.candidate(hash);
        const core::Metric* a = c.metric("accuracy");
        const core::Metric* l = c.metric("latency_ms");
        const core::Metric* e = c.metric("energy_mj");
        if (!a || !l || !e)
            continue;
        points.push_back({1.0 - a->value, l->value / m_referenceLatencyMs, e->value / m_referenceEnergyMj});
    }
    const std::vector<double> reference{1.0, 2.0, 2.0};
    return points.empty() ? 0.0 : moo::hypervolume(points, reference);
}

std::string HadasSearch::saveState() const {
    const core::Rng::State s = m_rng.state();
    json knees = json::object();
    for (const auto& [backbone, knee] : m_knee)
        knees[backbone] = knee;
    return json{{"rng", {s[0], s[1], s[2], s[3]}},
                {"phase", m_phase == Phase::Inner ? "inner" : m_phase == Phase::Breed ? "breed" : "done"},
                {"outer_generation", m_outerGeneration},
                {"population", m_population},
                {"survivors", m_survivors},
                {"next_survivor", m_nextSurvivor},
                {"searched", m_searched},
                {"knees", knees},
                {"parents", m_parents},
                {"injected", m_injected}}
        .dump();
}

void HadasSearch::restore(SearchContext& context, const std::string& stateJson) {
    prepare(context);
    const json j = json::parse(stateJson);
    const auto rng = j.at("rng").get<std::vector<std::uint64_t>>();
    if (rng.size() != 4)
        throw core::InputError("hadas state is damaged: rng must hold 4 numbers");
    m_rng = core::Rng::fromState({rng[0], rng[1], rng[2], rng[3]});
    const std::string phase = j.at("phase").get<std::string>();
    m_phase = phase == "inner" ? Phase::Inner : phase == "breed" ? Phase::Breed : Phase::Done;
    m_outerGeneration = j.at("outer_generation").get<int>();
    m_population = j.at("population").get<std::vector<std::string>>();
    m_survivors = j.at("survivors").get<std::vector<std::string>>();
    m_nextSurvivor = j.at("next_survivor").get<std::size_t>();
    m_searched = j.at("searched").get<std::vector<std::string>>();
    m_knee = j.at("knees").get<std::map<std::string, std::string>>();
    m_parents = j.at("parents").get<std::vector<std::string>>();
    m_injected = j.at("injected").get<std::vector<std::string>>();
}

} // namespace edgenas::search
