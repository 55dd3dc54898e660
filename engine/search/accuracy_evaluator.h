#pragma once

#include "candidate_evaluator.h"

#include "data/dataset.h"
#include "models/trainer.h"

#include <memory>

namespace edgenas::search {

/// Validation accuracy after a short training on a subset (provenance Trained). Every
/// candidate uses the same seed, so they see the same data and the result is reproducible.
class AccuracyEvaluator : public CandidateEvaluator {
public:
    AccuracyEvaluator(models::TrainConfig config, std::shared_ptr<const data::Dataset> trainSet);
    std::vector<std::string> metricNames() const override { return {"accuracy"}; }
    std::vector<core::Metric> evaluate(const core::Architecture& architecture, const CancelCheck& cancel) override;

private:
    models::TrainConfig m_config;
    std::shared_ptr<const data::Dataset> m_trainSet;
};

} // namespace edgenas::search
