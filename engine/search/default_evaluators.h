#pragma once

#include "candidate_evaluator.h"
#include "run_config.h"

#include "data/dataset.h"

#include <map>
#include <memory>
#include <string>

namespace edgenas::search {

/// The evaluators a real run uses, built on first need from the run's config: accuracy by
/// short training (the data set is loaded once and shared), MACs/params by counting,
/// latency/energy from the device predictor. This is the one place that maps metrics to
/// evaluators.
class DefaultEvaluators : public EvaluatorProvider {
public:
    explicit DefaultEvaluators(RunConfig config);
    CandidateEvaluator& evaluatorFor(const std::string& metric) override;

    /// Lets a caller (or a test) share an already loaded training set.
    void setTrainSet(std::shared_ptr<const data::Dataset> trainSet) { m_trainSet = std::move(trainSet); }

private:
    RunConfig m_config;
    std::shared_ptr<const data::Dataset> m_trainSet;
    std::map<std::string, std::unique_ptr<CandidateEvaluator>> m_byKind;
};

} // namespace edgenas::search
