#pragma once

#include "candidate_evaluator.h"

namespace edgenas::search {

/// MACs and parameters, counted exactly (provenance Counted); cheap and deterministic.
class CostEvaluator : public CandidateEvaluator {
public:
    std::vector<std::string> metricNames() const override { return {"macs", "params"}; }
    std::vector<core::Metric> evaluate(const core::Architecture& architecture, const CancelCheck& cancel) override;
};

} // namespace edgenas::search
