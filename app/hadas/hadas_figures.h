#pragma once

#include "core/candidate.h"

#include <QString>

#include <vector>

namespace edgenas::app {

// How the HADAS panel's tables and views write the figures of backbones and dynamic models.

/// The candidate's figure for metric `name`, or `fallback` when it has none.
double metricOr(const core::Candidate& candidate, const char* name, double fallback);
/// Where the candidate's figure for `name` comes from ("modelled", ...), or `fallback`.
QString provenanceOr(const core::Candidate& candidate, const char* name, const QString& fallback);
/// "3, 7, 11": the blocks a dynamic model exits after; "—" when none.
QString exitsText(const std::vector<int>& blocks);

} // namespace edgenas::app
