#pragma once

#include "search/candidate_evaluator.h"
#include "search/cost_evaluator.h"

#include "core/canonical_form.h"
#include "core/errors.h"

#include <cstdint>
#include <string>

namespace edgenas::search::test {

/// Stands in for training: a deterministic pseudo-accuracy from the canonical hash, so runner
/// tests take milliseconds. Counts its calls to prove cache hits cost nothing. Its figure is
/// labelled Proxy (a score standing in for accuracy), never Trained: nothing was trained, and a
/// test or view that trusts the label must not be fooled by it.
class HashAccuracy : public CandidateEvaluator {
public:
    std::vector<std::string> metricNames() const override { return {"accuracy"}; }
    std::vector<core::Metric> evaluate(const core::Architecture& arch, const CancelCheck&) override {
        ++calls;
        const std::uint64_t h = std::stoull(core::canonicalHash(arch), nullptr, 16);
        return {{"accuracy", 0.5 + double(h % 4096) / 10000.0, "", core::Provenance::Proxy}};
    }
    int calls = 0;
};

class FakeEvaluators : public EvaluatorProvider {
public:
    CandidateEvaluator& evaluatorFor(const std::string& metric) override {
        if (metric == "accuracy")
            return accuracy;
        if (metric == "macs" || metric == "params")
            return cost;
        throw core::InputError("no fake evaluator for " + metric);
    }
    HashAccuracy accuracy;
    CostEvaluator cost;
};

} // namespace edgenas::search::test
