#include "accuracy_evaluator.h"

namespace edgenas::search {

AccuracyEvaluator::AccuracyEvaluator(models::TrainConfig config, std::shared_ptr<const data::Dataset> trainSet)
    : m_config(std::move(config)), m_trainSet(std::move(trainSet)) {}

std::vector<core::Metric> AccuracyEvaluator::evaluate(const core::Architecture& architecture,
                                                      const CancelCheck& cancel) {
    models::Trainer trainer(m_config);
    if (cancel)
        trainer.setCancelPredicate(cancel);
    const models::TrainResult result = trainer.train(architecture, *m_trainSet);
    return {{"accuracy", result.validationAccuracy, "", core::Provenance::Trained},
            {"train_seconds", result.seconds, "s", core::Provenance::Measured}};
}

} // namespace edgenas::search
