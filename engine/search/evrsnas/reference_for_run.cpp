#include "reference_for_run.h"

#include "data/dataset_spec.h"

namespace edgenas::search {

models::TrainConfig referenceTrainConfig(const EvrsnasSettings& settings) {
    models::TrainConfig train;
    train.epochs = settings.referenceEpochs;
    train.trainSubset = static_cast<std::size_t>(settings.referenceSubset);
    train.seed = settings.referenceSeed;
    train.batchSize = settings.referenceBatch;
    train.learningRate = settings.referenceLearningRate;
    train.cosineSchedule = true;
    // Only the reported validation accuracy depends on it (not the weights, nor the cache key);
    // the test accuracy is measured on the whole test split.
    train.validationSubset = 2000;
    return train;
}

core::Architecture defaultReferenceArchitecture(const RunConfig& config, const EvrsnasSettings& settings) {
    return proxies::ReferenceModelCache::resnetLike(data::datasetInputShape(config.dataset),
                                                    data::datasetClassCount(config.dataset), settings.referenceWidth,
                                                    settings.referenceBlocks);
}

proxies::ReferenceModel referenceFor(const RunConfig& config, const EvrsnasSettings& settings,
                                     const data::Dataset& trainSet, const models::CancelPredicate& cancel,
                                     const models::ProgressCallback& progress) {
    const data::DatasetSpec spec{config.dataset, config.datasetDirectory};
    if (!settings.referenceArchitecture.empty()) {
        const data::Dataset test = data::loadDataset(spec, data::DatasetPart::Test);
        return proxies::ReferenceModelCache::loadUserModel(settings.referenceArchitecture, settings.referenceWeights,
                                                           &test, cancel);
    }
    proxies::ReferenceModelCache cache(settings.referenceFolder);
    const core::Architecture arch = defaultReferenceArchitecture(config, settings);
    const models::TrainConfig train = referenceTrainConfig(settings);
    if (cache.contains(arch, trainSet.name, train))
        return cache.obtain(arch, trainSet, train, progress, cancel);
    // The test split is loaded only when there is something to measure.
    const data::Dataset test = data::loadDataset(spec, data::DatasetPart::Test);
    return cache.obtain(arch, trainSet, train, progress, cancel, &test);
}

} // namespace edgenas::search
