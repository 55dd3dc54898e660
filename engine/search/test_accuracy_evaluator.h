#pragma once

#include "candidate_evaluator.h"

#include "data/dataset.h"
#include "models/trainer.h"

#include <memory>

namespace edgenas::search {

/// The evaluation protocol's report: a network trained exactly as the search trained it (same
/// configuration, split and seed), then measured once on the data set's test split. Reports
/// "test_accuracy" (Trained). Searches never see it; only the networks a run returns get it.
class TestAccuracyEvaluator : public CandidateEvaluator {
public:
    TestAccuracyEvaluator(models::TrainConfig config, std::shared_ptr<const data::Dataset> trainSet,
                          std::shared_ptr<const data::Dataset> testSet);
    std::vector<std::string> metricNames() const override { return {"test_accuracy"}; }
    std::vector<core::Metric> evaluate(const core::Architecture& architecture, const CancelCheck& cancel) override;

private:
    models::TrainConfig m_config;
    std::shared_ptr<const data::Dataset> m_trainSet;
    std::shared_ptr<const data::Dataset> m_testSet;
};

} // namespace edgenas::search
