#include "cost_evaluator.h"

#include "cost/architecture_cost.h"

namespace edgenas::search {

std::vector<core::Metric> CostEvaluator::evaluate(const core::Architecture& architecture, const CancelCheck&) {
    const cost::ArchitectureCost cost = cost::analyseCost(architecture);
    return {{"macs", static_cast<double>(cost.macs), "MACs", core::Provenance::Counted},
            {"params", static_cast<double>(cost.params), "", core::Provenance::Counted}};
}

} // namespace edgenas::search
