#pragma once

#include "run_config.h"

#include "models/trainer.h"

namespace edgenas::search {

/// The training a run's config asks for: what the accuracy evaluator runs, so final training and
/// exported weights match the accuracy the run reported. Callers change epochs or subsets for
/// longer training and keep the rest.
models::TrainConfig trainConfigFor(const RunConfig& config);

} // namespace edgenas::search
