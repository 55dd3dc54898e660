#include "hadas_inner_evaluator.h"

#include "dynamic_cost_model.h"
#include "exit_policy.h"

#include "core/errors.h"
#include "cost/architecture_cost.h"

#include <algorithm>

namespace edgenas::search {

namespace {
ExitRule ruleNamed(const std::string& name) {
    const std::optional<ExitRule> rule = exitRuleFromString(name);
    if (!rule)
        throw core::InputError("unknown exit rule '" + name + "' (known: threshold, oracle, mean)");
    return *rule;
}
} // namespace

struct HadasInnerEvaluator::Policies {
    explicit Policies(const HadasExitTables& tables) : validation(tables.validation) {
        if (tables.test.samples() > 0)
            test.emplace(tables.test);
    }
    ExitPolicy validation;
    std::optional<ExitPolicy> test;
};

HadasInnerEvaluator::HadasInnerEvaluator(const spaces::AttentiveSpace& space, spaces::AttentiveBackbone backbone,
                                         std::vector<int> exitBlocks, int headWidth, const cost::DeviceProfile& device,
                                         HadasExitTables tables, std::string rule)
    : m_space(space), m_backbone(std::move(backbone)), m_exitBlocks(std::move(exitBlocks)), m_headWidth(headWidth),
      m_device(device), m_tables(std::move(tables)), m_rule(std::move(rule)) {
    ruleNamed(m_rule);
    m_cost = std::make_unique<DynamicCostModel>(m_space.build(m_backbone), m_space.blockOutputNodes(m_backbone),
                                                m_exitBlocks, m_headWidth, m_device);
    m_policies = std::make_unique<Policies>(m_tables);
}

HadasInnerEvaluator::~HadasInnerEvaluator() = default;

std::vector<HadasExitHead> HadasInnerEvaluator::heads() const {
    const cost::ArchitectureCost costs = cost::analyseCost(m_cost->network());
    std::vector<HadasExitHead> out;
    for (std::size_t i = 0; i < m_tables.validation.exits.size(); ++i) {
        const ExitOutcomes& v = m_tables.validation.exits[i];
        HadasExitHead h;
        h.block = v.block;
        h.validationAccuracy = v.accuracy();
        h.temperature = v.temperature;
        const int t = m_tables.test.indexOfBlock(v.block);
        if (t >= 0)
            h.testAccuracy = m_tables.test.exits[static_cast<std::size_t>(t)].accuracy();
        const int node = m_cost->headNode(v.block);
        if (node >= 0)
            h.macs = double(costs.nodes[static_cast<std::size_t>(node)].macs);
        out.push_back(h);
    }
    return out;
}

core::Architecture HadasInnerEvaluator::architecture(const std::vector<int>& chosenBlocks) const {
    // The cost model's network carries a head at every trainable block, placed just before the
    // classifier; the dynamic model keeps only the chosen ones, in the same place.
    const core::Architecture& all = m_cost->network();
    core::Architecture arch = all;
    arch.nodes.clear();
    std::vector<int> newId(all.nodes.size(), -1);
    for (const core::Node& node : all.nodes) {
        if (node.op == core::OpType::EarlyExit) {
            const bool chosen = std::any_of(chosenBlocks.begin(), chosenBlocks.end(),
                                            [&](int b) { return m_cost->headNode(b) == node.id; });
            if (!chosen)
                continue;
        }
        core::Node copy = node;
        for (int& input : copy.inputs)
            input = newId[static_cast<std::size_t>(input)];
        newId[static_cast<std::size_t>(node.id)] = arch.add(std::move(copy));
    }
    return arch;
}

HadasDynamicRecord HadasInnerEvaluator::evaluate(const std::vector<int>& chosenBlocks, double threshold,
                                                 const std::vector<int>& levels) {
    if (levels.size() != m_device.domains.size())
        throw std::invalid_argument("hadas: one level per DVFS domain expected");
    ExitChoice choice;
    choice.exitBlocks = chosenBlocks;
    choice.rule = ruleNamed(m_rule);
    choice.threshold = choice.rule == ExitRule::Threshold ? threshold : 1.0;
    const ExitRouting routing = m_policies->validation.route(choice);

    std::map<std::string, int> levelIndex;
    for (std::size_t d = 0; d < levels.size(); ++d)
        levelIndex[m_device.domains[d].name] = levels[d];
    const DynamicCostProfile& atPoint = m_cost->atLevels(levelIndex);
    const DynamicCostProfile& atMax = m_cost->at(std::string_view{});
    const ExitEvaluation chosen = ExitPolicy::price(routing, atPoint);
    const ExitEvaluation maxClock = ExitPolicy::price(routing, atMax);

    HadasDynamicRecord r;
    r.rule = m_rule;
    r.deployable = routing.deployable;
    r.threshold = routing.threshold;
    r.strictThreshold = routing.test == ThresholdTest::Above;
    r.exitBlocks = routing.exitBlocks;
    r.exitRates = routing.exitRates;
    r.exitAccuracy = routing.exitAccuracy;
    for (std::size_t d = 0; d < levels.size(); ++d)
        r.domains.push_back({m_device.domains[d].name, m_device.domains[d].levelsMhz, levels[d]});
    r.operatingPoint = atPoint.operatingPoint;
    r.staticMaxClock = {m_tables.validation.final.accuracy(), atMax.fullLatencyMs, atMax.fullEnergyMj};
    r.exitsMaxClock = {routing.accuracy, maxClock.expectedLatencyMs, maxClock.expectedEnergyMj};
    r.exitsDvfs = {routing.accuracy, chosen.expectedLatencyMs, chosen.expectedEnergyMj};
    if (m_policies->test)
        r.testAccuracy = m_policies->test->route(choice).accuracy;
    r.costProvenance = atPoint.provenance;

    // The energy-vs-frequency curve over the compute domain (else the first one), the others held.
    if (!m_device.domains.empty()) {
        r.sweepDomain = m_device.findDomain(m_device.computeDomain) ? m_device.computeDomain : m_device.domains.front().name;
        const FrequencySweep sweep = m_cost->sweep(r.sweepDomain, m_device.operatingPointAtLevels(levelIndex));
        r.sweepMhz = sweep.mhz;
        for (const DynamicCostProfile& p : sweep.profiles) {
            const ExitEvaluation e = ExitPolicy::price(routing, p);
            r.sweepEnergyMj.push_back(e.expectedEnergyMj);
            r.sweepLatencyMs.push_back(e.expectedLatencyMs);
        }
    }
    return r;
}

} // namespace edgenas::search
