#pragma once

#include "hadas_judge.h"
#include "hadas_records.h"

#include "core/architecture.h"
#include "cost/device_profile.h"
#include "spaces/attentive_space.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace edgenas::search {

class DynamicCostModel;

/// Puts figures on one backbone's dynamic models (exit set, rule threshold, DVFS point): accuracy
/// from its exit tables under the run's exit rule, latency and energy from the device's cost
/// model (modelled). The inner search asks it for every setting it tries.
class HadasInnerEvaluator {
public:
    /// `exitBlocks`: every block a head was trained after (the tables' heads), ascending.
    HadasInnerEvaluator(const spaces::AttentiveSpace& space, spaces::AttentiveBackbone backbone,
                        std::vector<int> exitBlocks, int headWidth, const cost::DeviceProfile& device,
                        HadasExitTables tables, std::string rule);
    ~HadasInnerEvaluator();

    const std::vector<int>& exitBlocks() const { return m_exitBlocks; }
    /// Every trained head with its accuracy on both splits.
    std::vector<HadasExitHead> heads() const;
    /// The backbone with heads after the chosen blocks (what is exported and counted).
    core::Architecture architecture(const std::vector<int>& chosenBlocks) const;
    /// The whole record of a setting; `levels` holds one level index per device domain, in the
    /// profile's domain order. testAccuracy is filled from the test table with the same rule.
    HadasDynamicRecord evaluate(const std::vector<int>& chosenBlocks, double threshold, const std::vector<int>& levels);

private:
    const spaces::AttentiveSpace& m_space;
    spaces::AttentiveBackbone m_backbone;
    std::vector<int> m_exitBlocks;
    int m_headWidth;
    const cost::DeviceProfile& m_device;
    HadasExitTables m_tables;
    std::string m_rule;
    std::unique_ptr<DynamicCostModel> m_cost;
    struct Policies;  ///< the exit policies of both splits (exit_policy.h stays out of this header)
    std::unique_ptr<Policies> m_policies;
};

} // namespace edgenas::search
