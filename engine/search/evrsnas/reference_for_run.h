#pragma once

#include "evrsnas_settings.h"

#include "search/run_config.h"

#include "data/dataset.h"
#include "models/trainer.h"
#include "proxies/reference_model_cache.h"

namespace edgenas::search {

/// The reference model a run compares with: the user-named architecture and weights of the
/// settings, or the default ResNet-like network for the run's data set, trained once into the
/// cache. Throws core::InputError for unreadable user files, core::Cancelled when `cancel` says so.
proxies::ReferenceModel referenceFor(const RunConfig& config, const EvrsnasSettings& settings,
                                     const data::Dataset& trainSet, const models::CancelPredicate& cancel = {});

/// How the default reference is trained (epochs, subset and seed from the settings).
models::TrainConfig referenceTrainConfig(const EvrsnasSettings& settings);

} // namespace edgenas::search
