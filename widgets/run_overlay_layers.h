#pragma once

#include "compared_run.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

class QCustomPlot;
class QCPGraph;

namespace edgenas::widgets {

/// The fronts of compared runs on the Pareto plot (a part of ParetoPlot): one graph per run with
/// its own colour, marker and legend entry, each run's non-dominated set taken on the plot's
/// current axes, directions, scales and bound exactly as the shown run's front is.
class RunOverlayLayers {
public:
    /// What the fronts are taken on; the same rules as the shown run's front (PlottedPoints).
    struct Axes {
        QString x;
        QString y;
        bool maximiseX = false;
        bool maximiseY = false;
        bool logX = false;
        bool logY = false;
        std::optional<double> bound;  ///< upper bound on x: points beyond it are not on a front

        friend bool operator==(const Axes&, const Axes&) = default;
    };

    RunOverlayLayers(QCustomPlot* plot, QString layer);
    ~RunOverlayLayers();

    /// Replaces the compared runs (their graphs and legend entries).
    void set(std::vector<ComparedRun> runs);
    void clear();
    /// Takes the fronts on `axes` again; does nothing when they are the axes of the last update.
    void update(const Axes& axes);

    int count() const { return static_cast<int>(m_runs.size()); }
    QStringList labels() const;
    /// Store ids of run `index`'s front on the current axes, by ascending x.
    std::vector<qint64> frontIds(int index) const;
    /// Widens [xMin, xMax] x [yMin, yMax] to hold every drawn front point.
    void extendRange(double& xMin, double& xMax, double& yMin, double& yMax) const;
    /// The legend text for the tooltip of a run, or "" when none is at `index`.
    QString details(int index) const;

private:
    struct Layer {
        ComparedRun run;
        QCPGraph* graph = nullptr;
        std::vector<qint64> front;  ///< ids, by ascending x
    };
    void takeFront(Layer& layer) const;
    void style(Layer& layer, int index) const;

    QCustomPlot* m_plot;
    QString m_layer;
    std::vector<Layer> m_runs;
    std::optional<Axes> m_axes;  ///< the axes of the last update
};

} // namespace edgenas::widgets
