#pragma once

#include "core/architecture.h"
#include "core/candidate.h"

#include <functional>
#include <string>
#include <vector>

namespace edgenas::search {

/// Asked during long work; returning true makes an evaluator throw core::Cancelled.
using CancelCheck = std::function<bool()>;

/// One way of putting figures on an architecture (training, counting, device prediction).
/// Evaluators are pure functions of the architecture and their construction settings, which is
/// what makes caching by canonical hash and exact resume valid.
class CandidateEvaluator {
public:
    virtual ~CandidateEvaluator() = default;
    /// Metric names evaluate() returns, e.g. {"macs", "params"}.
    virtual std::vector<std::string> metricNames() const = 0;
    /// Throws core::Cancelled when `cancel` says so; other exceptions mark the candidate failed.
    virtual std::vector<core::Metric> evaluate(const core::Architecture& architecture, const CancelCheck& cancel) = 0;
};

/// Hands out the evaluator that produces a metric; the search context asks it once per metric
/// it is missing. Tests supply their own to avoid training.
class EvaluatorProvider {
public:
    virtual ~EvaluatorProvider() = default;
    /// Throws core::InputError when nothing here can produce the metric.
    virtual CandidateEvaluator& evaluatorFor(const std::string& metric) = 0;
};

} // namespace edgenas::search
