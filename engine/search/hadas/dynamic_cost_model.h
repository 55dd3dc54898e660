#pragma once

#include "dynamic_cost.h"

#include "core/architecture.h"
#include "cost/device_profile.h"

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace edgenas::cost {
class LatencyTable;
}
namespace edgenas::spaces {
class AttentiveSpace;
struct AttentiveBackbone;
}

namespace edgenas::search {

/// The costs of one dynamic network over the levels of one DVFS domain, the others held fixed:
/// the energy-vs-frequency curve of the early-exit/DVFS view.
struct FrequencySweep {
    std::string domain;
    std::vector<double> mhz;                   ///< the domain's levels, ascending
    std::vector<DynamicCostProfile> profiles;  ///< one per level
};

/// Modelled cost of a backbone with early-exit heads on a device, per DVFS operating point.
/// The heads are EarlyExit nodes of width `headWidth` (core::OpType::EarlyExit; 0 = the plain
/// pool + linear head) reading the chosen blocks' outputs; cost::predictOnDevice prices every
/// node, and a block's prefix is what its output depends on plus the once-per-inference
/// overhead. Profiles are cached per set of clocks (never evicted: a Jetson AGX Xavier grid has
/// 3,654 points of about 1 KB each); thread-safe.
class DynamicCostModel {
public:
    /// `backbone`: the static network (spaces::AttentiveSpace::build); `blockOutputs`: node ids of
    /// the blocks' outputs in block order (AttentiveSpace::blockOutputNodes); `exitBlocks`: flat
    /// block indices that get a head. `table` (optional) must outlive the model. Throws
    /// core::InputError for a block index out of range, a repeated block, a negative width or a
    /// node id that is not on the backbone's main path; core::ArchitectureError for an invalid
    /// backbone.
    DynamicCostModel(const core::Architecture& backbone, std::vector<int> blockOutputs, std::vector<int> exitBlocks,
                     int headWidth, cost::DeviceProfile profile, const cost::LatencyTable* table = nullptr);

    /// The same for a backbone of an AttentiveNAS-style space (build + blockOutputNodes).
    static DynamicCostModel ofBackbone(const spaces::AttentiveSpace& space, const spaces::AttentiveBackbone& backbone,
                                       std::vector<int> exitBlocks, int headWidth, cost::DeviceProfile profile,
                                       const cost::LatencyTable* table = nullptr);

    /// The backbone with one EarlyExit node per exit block, inserted just before the main output
    /// (so every backbone node keeps its id).
    const core::Architecture& network() const { return m_network; }
    const cost::DeviceProfile& profile() const { return m_profile; }
    int blockCount() const { return static_cast<int>(m_blockOutputs.size()); }
    const std::vector<int>& exitBlocks() const { return m_exitBlocks; }
    int headWidth() const { return m_headWidth; }
    /// Node id in network() of the head at a block, or -1.
    int headNode(int block) const;

    /// The profile at a point (cached). The reference stays valid as long as the model.
    const DynamicCostProfile& at(const cost::OperatingPoint& point) const;
    /// At a level as the user writes it ("" = the device's default point; see
    /// cost::DeviceProfile::operatingPoint).
    const DynamicCostProfile& at(std::string_view level) const;
    /// At level indices per domain (0 = lowest; domains left out at their top level), the form
    /// a DVFS gene takes.
    const DynamicCostProfile& atLevels(const std::map<std::string, int>& levelIndex) const;
    /// Every level of `domain` with the other domains at their clocks in `others`. Throws
    /// core::InputError for an unknown domain.
    FrequencySweep sweep(const std::string& domain, const cost::OperatingPoint& others) const;

    std::size_t cachedPoints() const;

private:
    DynamicCostProfile compute(const cost::OperatingPoint& point) const;

    core::Architecture m_network;
    cost::DeviceProfile m_profile;
    const cost::LatencyTable* m_table = nullptr;
    std::vector<int> m_blockOutputs;
    std::vector<int> m_exitBlocks;
    int m_headWidth = 0;
    std::map<int, int> m_headNodes;                 ///< block -> EarlyExit node id
    std::vector<std::vector<int>> m_prefixNodes;    ///< per block: the nodes its output depends on

    mutable std::mutex m_mutex;
    mutable std::map<std::string, std::unique_ptr<DynamicCostProfile>> m_cache;
};

} // namespace edgenas::search
