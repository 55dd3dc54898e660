#pragma once

#include "widgets/compared_run.h"

#include <QString>
#include <QStringList>

#include <string>
#include <vector>

namespace edgenas::app {

/// What the plots need to overlay stored runs on the shown one: each compared run's figures
/// (ParetoPlot takes their fronts on its axes) and every run's hypervolume over evaluations,
/// all taken at ONE reference so the curves compare. Plain values, built off the GUI thread.
struct RunComparison {
    QString shownLabel;                            ///< the shown run's legend entry
    std::vector<widgets::ComparedRun> runs;        ///< the runs compared with it, in the order asked
    std::vector<widgets::HypervolumeCurve> curves; ///< the shown run first, then `runs`
    QString reference;                             ///< how the shared hypervolume was taken
    QStringList refused;                           ///< one message per run left out, naming why
};

/// Reads the runs from the database (its own read-only connection, so any thread may call it)
/// and compares them with `shownRunId` on the shown run's objectives and bounds. A run whose
/// objectives differ (or that does not exist, or has no readable config) is refused with a
/// message, never drawn. Hypervolume: accuracy as 1 − accuracy, each other objective divided by
/// the largest value in any of the runs, reference 1.1 in every axis, the shown run's bounds
/// applied to every run; sampled at each stored generation's end. The stored per-generation
/// hypervolume is not used: each run scaled it by its own largest value, so runs' figures differ
/// in meaning. Throws core::InputError when the shown run cannot be read.
RunComparison buildRunComparison(const std::string& databasePath, qint64 shownRunId,
                                 const std::vector<qint64>& runIds);

} // namespace edgenas::app
