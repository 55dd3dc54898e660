#pragma once

#include "evrsnas_settings.h"

#include "search/run_config.h"

#include "data/dataset.h"
#include "models/trainer.h"
#include "proxies/reference_model_cache.h"

namespace edgenas::search {

/// The reference model a run compares with: the user-named architecture and weights of the
/// settings (its test accuracy measured on loading), or the default ResNet-like network for the
/// run's data set, trained once into the cache with its test accuracy. Throws core::InputError for
/// unreadable user files, core::Cancelled when `cancel` says so. `progress` sees every batch of a
/// training (none when the model comes from the cache).
proxies::ReferenceModel referenceFor(const RunConfig& config, const EvrsnasSettings& settings,
                                     const data::Dataset& trainSet, const models::CancelPredicate& cancel = {},
                                     const models::ProgressCallback& progress = {});

/// The default reference network (settings' width and blocks) for the run's data set.
core::Architecture defaultReferenceArchitecture(const RunConfig& config, const EvrsnasSettings& settings);

/// How the default reference is trained (epochs, subset, batch, rate and seed from the settings,
/// cosine schedule).
models::TrainConfig referenceTrainConfig(const EvrsnasSettings& settings);

} // namespace edgenas::search
