#include "reference_for_run.h"

#include "data/dataset_spec.h"

namespace edgenas::search {

models::TrainConfig referenceTrainConfig(const EvrsnasSettings& settings) {
    models::TrainConfig train;
    train.epochs = settings.referenceEpochs;
    train.trainSubset = static_cast<std::size_t>(settings.referenceSubset);
    train.seed = settings.referenceSeed;
    // Many small steps, as for the search's own training (RunConfig): at batch 128 / lr 0.05 the
    // ResNet-20-like reference stopped at 75 % on Fashion-MNIST after 2 epochs of 10,000 images.
    train.batchSize = 32;
    train.learningRate = 0.1;
    // Only the reported accuracy depends on it (not the weights, nor the cache key).
    train.validationSubset = 2000;
    return train;
}

proxies::ReferenceModel referenceFor(const RunConfig& config, const EvrsnasSettings& settings,
                                     const data::Dataset& trainSet, const models::CancelPredicate& cancel) {
    if (!settings.referenceArchitecture.empty())
        return proxies::ReferenceModelCache::loadUserModel(settings.referenceArchitecture, settings.referenceWeights);
    proxies::ReferenceModelCache cache(settings.referenceFolder);
    const core::Architecture arch = proxies::ReferenceModelCache::resnetLike(
        data::datasetInputShape(config.dataset), data::datasetClassCount(config.dataset), settings.referenceWidth,
        settings.referenceBlocks);
    return cache.obtain(arch, trainSet, referenceTrainConfig(settings), {}, cancel);
}

} // namespace edgenas::search
