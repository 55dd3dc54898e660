#pragma once

#include <QString>

#include <map>
#include <utility>
#include <vector>

namespace edgenas::widgets {

/// Another stored run drawn over the shown one: its legend text and its candidates' figures,
/// column by column (NaN where a candidate lacks the metric). Plain values, built off the GUI
/// thread; ParetoPlot takes each run's front on its own current axes from them.
struct ComparedRun {
    QString label;    ///< legend entry: run name, method, device, seed
    QString details;  ///< tooltip: store id, status, objectives, why figures may differ
    std::vector<qint64> ids;                          ///< store ids, one per candidate
    std::map<QString, std::vector<double>> columns;   ///< metric name -> one value per candidate
};

/// One run's hypervolume over evaluations, for HypervolumePlot's comparison.
struct HypervolumeCurve {
    QString label;
    std::vector<std::pair<double, double>> samples;  ///< (evaluations, hypervolume), ascending
};

} // namespace edgenas::widgets
