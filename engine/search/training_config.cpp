#include "training_config.h"

namespace edgenas::search {

models::TrainConfig trainConfigFor(const RunConfig& config) {
    models::TrainConfig train;
    train.epochs = config.trainEpochs;
    train.trainSubset = static_cast<std::size_t>(config.trainSubset);
    train.validationSubset = static_cast<std::size_t>(config.validationSubset);
    train.batchSize = config.trainBatch;
    train.learningRate = config.learningRate;
    train.seed = config.seed;
    return train;
}

} // namespace edgenas::search
