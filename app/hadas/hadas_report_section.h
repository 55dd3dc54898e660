#pragma once

#include "run_report.h"

#include "core/candidate.h"

#include <string>
#include <vector>

namespace edgenas::app {

/// The HADAS section of a run report: the early-exit and DVFS view (strip, where samples leave,
/// DVFS point and curve, static vs EEx vs EEx+DVFS) of the archive's knee model, rendered as an
/// image, and the archive (dynamic models non-dominated in error, latency and energy) as a table,
/// with the cost source and the exit rule stated; backbones' heads come from the run's
/// "hadas.inner/1" records. Draws widgets: needs a QApplication.
std::vector<ReportSection> hadasReportSections(const std::vector<core::Candidate>& candidates,
                                               const std::string& configJson,
                                               const std::vector<core::ResultRecord>& runRecords = {});

/// Index (into `objectives`) of the knee of a non-dominated set: nearest the ideal point once
/// each objective (all minimised) is scaled to [0, 1] over the set; -1 for an empty set.
int kneeIndex(const std::vector<std::vector<double>>& objectives);

} // namespace edgenas::app
