#pragma once

#include "search/run_config.h"

#include <QString>

namespace edgenas::app {

// What stops a search config from starting, one translated sentence each; empty when nothing
// does. The launch dialog shows them inline as the fields change.

/// A data set the objectives need that cannot be found (`datasetLabel` names it).
QString dataProblem(const search::RunConfig& config, const QString& datasetLabel);
/// A device that has no profile here, or an operating point its profile lacks (a config
/// written elsewhere, or by hand).
QString deviceProblem(const search::RunConfig& config);
/// A latency table named that is not a file.
QString latencyTableProblem(const search::RunConfig& config);
/// A run database path that is empty, a folder, in a missing folder or not writable.
QString databaseProblem(const QString& path);
/// What the engine refuses (bad method settings, a space that cannot be built), in its words.
QString engineProblem(const search::RunConfig& config);

} // namespace edgenas::app
