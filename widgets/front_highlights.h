#pragma once

// Private to widgets/ (includes QCustomPlot): the Pareto plot's front line and selection rings.

#include "plotted_points.h"

#include <qcustomplot.h>

#include <QSet>

namespace edgenas::widgets {

/// The shown run's front as a step line with ringed markers, the run's own front over all its
/// objectives (when it has more than the two on the axes) as rings, and the selected candidates
/// as larger rings, all on the plot's highlights layer so they repaint without the cloud.
class FrontHighlights {
public:
    /// Adds the two graphs to `plot` on `layer`.
    FrontHighlights(QCustomPlot* plot, const QString& layer);

    void applyPalette(const QColor& base, const QColor& highlight);
    /// The front's legend entry ("Pareto front" at first).
    void nameFront(const QString& name);
    /// Draws the front of `plotted` on `axes`.
    void showFront(const PlottedPoints& plotted, const PlottedPoints::Axes& axes);
    /// Rings the members of the run's front over all its objectives (`ids`); in the legend only
    /// while there are any.
    void showRunFront(const QSet<qint64>& ids, const CandidateColumns& candidates, const PlottedPoints& plotted,
                      const PlottedPoints::Axes& axes);
    /// Rings the `selected` candidates drawn in `plotted` (rows from `candidates`).
    void showSelected(const QSet<qint64>& selected, const CandidateColumns& candidates, const PlottedPoints& plotted,
                      const PlottedPoints::Axes& axes);
    void clear();

private:
    QCPGraph* m_front;
    QCPGraph* m_runFront;
    QCPGraph* m_selected;
};

} // namespace edgenas::widgets
