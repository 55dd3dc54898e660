#include "test_accuracy_evaluator.h"

namespace edgenas::search {

TestAccuracyEvaluator::TestAccuracyEvaluator(models::TrainConfig config, std::shared_ptr<const data::Dataset> trainSet,
                                             std::shared_ptr<const data::Dataset> testSet)
    : m_config(std::move(config)), m_trainSet(std::move(trainSet)), m_testSet(std::move(testSet)) {}

std::vector<core::Metric> TestAccuracyEvaluator::evaluate(const core::Architecture& architecture,
                                                          const CancelCheck& cancel) {
    models::Trainer trainer(m_config);
    if (cancel)
        trainer.setCancelPredicate(cancel);
    const models::TrainResult result = trainer.train(architecture, *m_trainSet, m_testSet.get());
    return {{"test_accuracy", result.testAccuracy, "", core::Provenance::Trained}};
}

} // namespace edgenas::search
