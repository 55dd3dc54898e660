#include "dynamic_cost_model.h"

#include "core/errors.h"
#include "core/shape_inference.h"
#include "cost/device_prediction.h"
#include "cost/latency_table.h"
#include "spaces/attentive_space.h"

#include <algorithm>

namespace edgenas::search {

using core::Node;
using core::OpType;

namespace {

// Ids of the nodes `id` depends on, itself included, ascending.
std::vector<int> ancestorsOf(const core::Architecture& arch, int id) {
    std::vector<char> marked(static_cast<std::size_t>(id) + 1, 0);
    marked.back() = 1;
    for (std::size_t i = marked.size(); i-- > 0;)
        if (marked[i])
            for (int input : arch.nodes[i].inputs)
                marked[static_cast<std::size_t>(input)] = 1;
    std::vector<int> out;
    for (std::size_t i = 0; i < marked.size(); ++i)
        if (marked[i])
            out.push_back(static_cast<int>(i));
    return out;
}

// The same clocks (and measured power) give the same profile, whatever the point is called.
std::string cacheKey(const cost::OperatingPoint& point) {
    std::string key;
    for (const auto& [domain, mhz] : point.mhz)
        key += domain + "=" + cost::formatMhz(mhz) + ";";
    if (point.measuredWatts)
        key += "W=" + std::to_string(*point.measuredWatts);
    return key;
}

} // namespace

DynamicCostModel::DynamicCostModel(const core::Architecture& backbone, std::vector<int> blockOutputs,
                                   std::vector<int> exitBlocks, int headWidth, cost::DeviceProfile profile,
                                   const cost::LatencyTable* table)
    : m_profile(std::move(profile)),
      m_table(table),
      m_blockOutputs(std::move(blockOutputs)),
      m_exitBlocks(std::move(exitBlocks)),
      m_headWidth(headWidth) {
    core::inferShapes(backbone);  // an invalid backbone fails here, naming the node
    if (headWidth < 0)
        throw core::InputError("exit head width must not be negative, got " + std::to_string(headWidth));
    const int n = static_cast<int>(backbone.nodes.size());
    const std::vector<int> mainPath = ancestorsOf(backbone, n - 1);
    for (std::size_t b = 0; b < m_blockOutputs.size(); ++b) {
        const int id = m_blockOutputs[b];
        if (!std::binary_search(mainPath.begin(), mainPath.end(), id) || id == n - 1 || id == 0)
            throw core::InputError("block " + std::to_string(b) + " output node " + std::to_string(id) +
                                   " is not an inner node on the backbone's main path");
    }
    std::sort(m_exitBlocks.begin(), m_exitBlocks.end());
    if (std::adjacent_find(m_exitBlocks.begin(), m_exitBlocks.end()) != m_exitBlocks.end())
        throw core::InputError("an exit block is listed twice");
    for (int block : m_exitBlocks)
        if (block < 0 || block >= blockCount())
            throw core::InputError("exit block " + std::to_string(block) + " is out of range (the backbone has " +
                                   std::to_string(blockCount()) + " blocks)");

    // Heads go in just before the main output, so the backbone's ids (and blockOutputs) stay.
    m_network.input = backbone.input;
    m_network.numClasses = backbone.numClasses;
    m_network.metadata = backbone.metadata;
    for (int i = 0; i + 1 < n; ++i)
        m_network.add(backbone.nodes[static_cast<std::size_t>(i)]);
    for (int block : m_exitBlocks) {
        Node head{.op = OpType::EarlyExit, .inputs = {m_blockOutputs[static_cast<std::size_t>(block)]},
                  .outChannels = headWidth};
        head.label = "exit/block " + std::to_string(block);
        m_headNodes[block] = m_network.add(std::move(head));
    }
    Node output = backbone.nodes.back();
    m_network.add(std::move(output));
    core::inferShapes(m_network);

    m_prefixNodes.reserve(m_blockOutputs.size());
    for (int id : m_blockOutputs)
        m_prefixNodes.push_back(ancestorsOf(m_network, id));
}

DynamicCostModel DynamicCostModel::ofBackbone(const spaces::AttentiveSpace& space,
                                              const spaces::AttentiveBackbone& backbone, std::vector<int> exitBlocks,
                                              int headWidth, cost::DeviceProfile profile,
                                              const cost::LatencyTable* table) {
    return DynamicCostModel(space.build(backbone), space.blockOutputNodes(backbone), std::move(exitBlocks), headWidth,
                            std::move(profile), table);
}

int DynamicCostModel::headNode(int block) const {
    const auto it = m_headNodes.find(block);
    return it != m_headNodes.end() ? it->second : -1;
}

DynamicCostProfile DynamicCostModel::compute(const cost::OperatingPoint& point) const {
    const cost::DevicePrediction prediction = cost::predictOnDevice(m_network, m_profile, point, m_table);
    DynamicCostProfile p;
    p.operatingPoint = point.name;
    p.mhz = point.mhz;
    p.fullLatencyMs = prediction.latencyMs;
    p.fullEnergyMj = prediction.energyMj;
    p.provenance = std::string(
        core::toString(cost::weakerProvenance(prediction.latencyProvenance, prediction.energyProvenance)));
    // The overhead runs at idle power, as predictOnDevice counts it (the input node's power).
    const double overheadEnergy = prediction.nodes.front().powerW * prediction.overheadMs;
    p.prefixLatencyMs.reserve(m_prefixNodes.size());
    p.prefixEnergyMj.reserve(m_prefixNodes.size());
    for (const std::vector<int>& nodes : m_prefixNodes) {
        // Summed in node order, as predictOnDevice sums the whole network.
        double ms = 0.0;
        double mj = 0.0;
        for (int id : nodes) {
            const cost::NodePrediction& node = prediction.nodes[static_cast<std::size_t>(id)];
            ms += node.latencyMs;
            mj += node.energyMj;
        }
        p.prefixLatencyMs.push_back(ms + prediction.overheadMs);
        p.prefixEnergyMj.push_back(mj + overheadEnergy);
    }
    for (const auto& [block, id] : m_headNodes) {
        const cost::NodePrediction& head = prediction.nodes[static_cast<std::size_t>(id)];
        p.headLatencyMs[block] = head.latencyMs;
        p.headEnergyMj[block] = head.energyMj;
    }
    return p;
}

const DynamicCostProfile& DynamicCostModel::at(const cost::OperatingPoint& point) const {
    const std::string key = cacheKey(point);
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_cache.find(key); it != m_cache.end())
            return *it->second;
    }
    auto computed = std::make_unique<DynamicCostProfile>(compute(point));
    std::lock_guard lock(m_mutex);
    // Another thread may have computed the same point meanwhile: keep the first.
    auto [it, inserted] = m_cache.emplace(key, std::move(computed));
    return *it->second;
}

const DynamicCostProfile& DynamicCostModel::at(std::string_view level) const {
    return at(m_profile.operatingPoint(level));
}

const DynamicCostProfile& DynamicCostModel::atLevels(const std::map<std::string, int>& levelIndex) const {
    return at(m_profile.operatingPointAtLevels(levelIndex));
}

FrequencySweep DynamicCostModel::sweep(const std::string& domain, const cost::OperatingPoint& others) const {
    const cost::DvfsDomain& swept = m_profile.domain(domain);
    FrequencySweep out;
    out.domain = swept.name;
    std::map<std::string, double> mhz;
    for (const cost::DvfsDomain& d : m_profile.domains)
        mhz[d.name] = m_profile.mhzAt(others, d.name);
    for (double level : swept.levelsMhz) {
        mhz[swept.name] = level;
        out.mhz.push_back(level);
        out.profiles.push_back(at(m_profile.operatingPointAt(mhz)));
    }
    return out;
}

std::size_t DynamicCostModel::cachedPoints() const {
    std::lock_guard lock(m_mutex);
    return m_cache.size();
}

} // namespace edgenas::search
