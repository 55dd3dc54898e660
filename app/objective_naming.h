#pragma once

#include <QString>

#include <string>

namespace edgenas::app {

// Readable, translated names for the engine's identifiers, shared by the dialogs and panels so
// they agree. Unknown identifiers are returned as they are.

QString methodLabel(const std::string& name);     ///< the method descriptor's label, translated
QString spaceLabel(const std::string& name);      ///< "nb201" -> "NAS-Bench-201 cells"
QString datasetLabel(const std::string& name);    ///< "cifar10" -> "CIFAR-10"
QString objectiveLabel(const std::string& name);  ///< "latency" -> "Latency"
/// Unit of a bound on an objective: "latency" -> "ms", "energy" -> "mJ".
QString objectiveUnit(const std::string& name);
/// Metric a plot axis shows for an objective ("latency" -> "latency_ms"); the name itself for
/// objectives the engine does not map.
QString metricOfObjective(const std::string& name);

} // namespace edgenas::app
