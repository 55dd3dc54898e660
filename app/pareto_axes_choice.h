#pragma once

#include <QString>

#include <string>
#include <vector>

namespace edgenas::app {

/// The metrics on the Pareto plot's axes.
struct ParetoAxes {
    QString x;
    QString y;
    /// A third objective shown as the points' colour; empty for two objectives.
    QString colour;
};

/// The axes the Pareto plot starts with for a run of `method` with these objectives: y the
/// maximised objective (accuracy), x the first cost objective, or the metrics the method
/// prefers where the objectives leave an axis open; with three or more objectives, the first
/// one on neither axis as colour.
ParetoAxes paretoAxesFor(const std::string& method, const std::vector<std::string>& objectives);

} // namespace edgenas::app
