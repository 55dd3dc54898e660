#include "exit_policy.h"

#include "core/errors.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace edgenas::search {

namespace {

constexpr std::size_t kMaxCachedThresholds = 64;  // a threshold gene has a dozen values

std::string blockList(const ExitTable& table) {
    std::string text;
    for (const ExitOutcomes& e : table.exits)
        text += (text.empty() ? "" : ", ") + std::to_string(e.block);
    return text.empty() ? "none" : text;
}

double shareOf(long long count, int samples) { return static_cast<double>(count) / static_cast<double>(samples); }

} // namespace

std::string_view toString(ExitRule rule) {
    switch (rule) {
    case ExitRule::Oracle: return "oracle";
    case ExitRule::Threshold: return "threshold";
    case ExitRule::Mean: return "mean";
    }
    return "threshold";
}

std::optional<ExitRule> exitRuleFromString(std::string_view text) {
    for (ExitRule rule : {ExitRule::Oracle, ExitRule::Threshold, ExitRule::Mean})
        if (text == toString(rule))
            return rule;
    return std::nullopt;
}

bool isDeployable(ExitRule rule) { return rule != ExitRule::Oracle; }

std::string_view deployabilityLabel(ExitRule rule) {
    return rule == ExitRule::Oracle ? "upper bound, not deployable" : "";
}

ExitPolicy::ExitPolicy(ExitTable table) : m_table(std::move(table)) {
    m_samples = m_table.samples();
    if (m_samples <= 0)
        throw core::InputError("exit table: the final head has no samples");
    if (m_table.exits.size() > static_cast<std::size_t>(kMaxExits))
        throw core::InputError("exit table: " + std::to_string(m_table.exits.size()) + " heads; at most " +
                               std::to_string(kMaxExits) + " are supported");
    const auto n = static_cast<std::size_t>(m_samples);
    int previous = -1;
    for (const ExitOutcomes& e : m_table.exits) {
        const std::string which = "exit table: head at block " + std::to_string(e.block);
        if (e.block <= previous)
            throw core::InputError(which + " is not after the previous head's block " + std::to_string(previous) +
                                   " (heads must be at distinct blocks >= 0, ascending)");
        previous = e.block;
        if (e.correct.size() != n || e.confidence.size() != n)
            throw core::InputError(which + " has " + std::to_string(e.correct.size()) + " outcomes and " +
                                   std::to_string(e.confidence.size()) + " confidences; the final head has " +
                                   std::to_string(n) + " samples");
        for (float c : e.confidence)
            if (!(c >= 0.0f && c <= 1.0f))
                throw core::InputError(which + " has a confidence outside [0, 1]: " + std::to_string(c));
    }

    m_correct.assign(n, 0);
    m_exitAccuracy.reserve(m_table.exits.size());
    for (std::size_t e = 0; e < m_table.exits.size(); ++e) {
        const std::vector<std::uint8_t>& correct = m_table.exits[e].correct;
        for (std::size_t s = 0; s < n; ++s)
            if (correct[s] != 0)
                m_correct[s] |= std::uint64_t(1) << e;
        m_exitAccuracy.push_back(m_table.exits[e].accuracy());
    }
    m_finalCorrect.resize(n);
    for (std::size_t s = 0; s < n; ++s)
        m_finalCorrect[s] = m_table.final.correct[s] != 0 ? 1 : 0;
    m_finalAccuracy = m_table.final.accuracy();
}

std::shared_ptr<const ExitPolicy::PassMasks> ExitPolicy::passMasks(double threshold, ThresholdTest test) const {
    const std::pair<double, int> key{threshold, static_cast<int>(test)};
    {
        std::lock_guard lock(m_cacheMutex);
        if (auto it = m_passCache.find(key); it != m_passCache.end())
            return it->second;
    }
    auto masks = std::make_shared<PassMasks>(static_cast<std::size_t>(m_samples), 0);
    for (std::size_t e = 0; e < m_table.exits.size(); ++e) {
        const std::vector<float>& confidence = m_table.exits[e].confidence;
        const std::uint64_t bit = std::uint64_t(1) << e;
        for (std::size_t s = 0; s < masks->size(); ++s) {
            const double c = confidence[s];
            if (test == ThresholdTest::Above ? c > threshold : c >= threshold)
                (*masks)[s] |= bit;
        }
    }
    std::lock_guard lock(m_cacheMutex);
    if (m_passCache.size() >= kMaxCachedThresholds)
        m_passCache.clear();
    m_passCache.emplace(key, masks);
    return masks;
}

ExitRouting ExitPolicy::route(const ExitChoice& choice) const {
    ExitRouting r;
    r.rule = choice.rule;
    r.deployable = isDeployable(choice.rule);
    r.threshold = choice.threshold;
    r.test = choice.test;
    r.samples = m_samples;
    if (choice.rule == ExitRule::Threshold && !(choice.threshold >= 0.0 && choice.threshold <= 1.0))
        throw core::InputError("exit threshold " + std::to_string(choice.threshold) + " is outside [0, 1]");

    // Chosen heads as table indices, ascending (the table is ascending by block).
    std::vector<int> heads;
    heads.reserve(choice.exitBlocks.size());
    for (int block : choice.exitBlocks) {
        const int index = m_table.indexOfBlock(block);
        if (index < 0)
            throw core::InputError("no exit head at block " + std::to_string(block) + " in the exit table (heads at " +
                                   blockList(m_table) + ")");
        heads.push_back(index);
    }
    std::sort(heads.begin(), heads.end());
    if (std::adjacent_find(heads.begin(), heads.end()) != heads.end())
        throw core::InputError("an exit block is chosen twice");

    const std::size_t chosen = heads.size();
    std::uint64_t mask = 0;
    for (std::size_t k = 0; k < chosen; ++k) {
        mask |= std::uint64_t(1) << heads[k];
        r.exitBlocks.push_back(m_table.exits[static_cast<std::size_t>(heads[k])].block);
        r.exitAccuracy.push_back(m_exitAccuracy[static_cast<std::size_t>(heads[k])]);
    }
    r.exitAccuracy.push_back(m_finalAccuracy);

    if (choice.rule == ExitRule::Mean) {
        const double rate = 1.0 / static_cast<double>(chosen + 1);
        r.exitRates.assign(chosen + 1, rate);
        r.headShare.assign(chosen, rate);
        double sum = 0.0;
        for (double a : r.exitAccuracy)
            sum += a;
        r.accuracy = sum / static_cast<double>(chosen + 1);
        return r;
    }

    // One pass over the samples: the lowest set bit of (passing & chosen) is where a sample leaves.
    // Counted per table head (index 64 = the final head), mapped to chosen positions after.
    long long leavingAt[kMaxExits + 1] = {};
    long long right = 0;
    const std::size_t n = static_cast<std::size_t>(m_samples);
    const std::uint64_t* correct = m_correct.data();
    const std::uint8_t* finalCorrect = m_finalCorrect.data();
    if (choice.rule == ExitRule::Oracle) {
        for (std::size_t s = 0; s < n; ++s) {
            const std::uint64_t hit = correct[s] & mask;
            // The final head when no chosen head is right; countr_zero(0) is 64.
            ++leavingAt[std::countr_zero(hit)];
            right += hit != 0 ? 1 : finalCorrect[s];
        }
    } else {
        const std::shared_ptr<const PassMasks> pass = passMasks(choice.threshold, choice.test);
        const std::uint64_t* passing = pass->data();
        for (std::size_t s = 0; s < n; ++s) {
            const int head = std::countr_zero(passing[s] & mask);
            ++leavingAt[head];
            right += head < kMaxExits ? static_cast<long long>((correct[s] >> head) & 1U) : finalCorrect[s];
        }
    }
    std::vector<long long> leaving(chosen + 1, 0);
    for (std::size_t k = 0; k < chosen; ++k)
        leaving[k] = leavingAt[heads[k]];
    leaving[chosen] = leavingAt[kMaxExits];
    r.exitRates.resize(chosen + 1);
    for (std::size_t k = 0; k <= chosen; ++k)
        r.exitRates[k] = shareOf(leaving[k], m_samples);
    // Head k runs for every sample that leaves at k or later.
    r.headShare.resize(chosen);
    long long reaching = leaving[chosen];
    for (std::size_t k = chosen; k-- > 0;) {
        reaching += leaving[k];
        r.headShare[k] = shareOf(reaching, m_samples);
    }
    r.accuracy = shareOf(right, m_samples);
    return r;
}

ExitEvaluation ExitPolicy::evaluate(const ExitChoice& choice, const DynamicCostProfile& cost) const {
    return price(route(choice), cost);
}

ExitEvaluation ExitPolicy::price(const ExitRouting& routing, const DynamicCostProfile& cost) {
    const std::size_t chosen = routing.exitBlocks.size();
    if (routing.exitRates.size() != chosen + 1 || routing.headShare.size() != chosen)
        throw core::InputError("exit routing: rates and head shares do not match its " + std::to_string(chosen) +
                               " exits");
    ExitEvaluation out;
    out.routing = routing;
    out.operatingPoint = cost.operatingPoint;
    // Exits that no sample takes add nothing, so heads removed (none chosen) give the full
    // network's figures exactly.
    double latency = routing.exitRates[chosen] * cost.fullLatencyMs;
    double energy = routing.exitRates[chosen] * cost.fullEnergyMj;
    for (std::size_t k = 0; k < chosen; ++k) {
        const int block = routing.exitBlocks[k];
        const auto b = static_cast<std::size_t>(block);
        const auto headLatency = cost.headLatencyMs.find(block);
        const auto headEnergy = cost.headEnergyMj.find(block);
        if (block < 0 || b >= cost.prefixLatencyMs.size() || b >= cost.prefixEnergyMj.size() ||
            headLatency == cost.headLatencyMs.end() || headEnergy == cost.headEnergyMj.end())
            throw core::InputError("the cost profile at " + cost.operatingPoint + " has no prefix or head for exit block " +
                                   std::to_string(block));
        latency += routing.exitRates[k] * cost.prefixLatencyMs[b] + routing.headShare[k] * headLatency->second;
        energy += routing.exitRates[k] * cost.prefixEnergyMj[b] + routing.headShare[k] * headEnergy->second;
    }
    out.expectedLatencyMs = latency;
    out.expectedEnergyMj = energy;
    return out;
}

} // namespace edgenas::search
