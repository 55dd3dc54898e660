#pragma once

// Private to widgets/ (includes QCustomPlot): the Pareto plot's canvas, its paint layers and look.

#include <qcustomplot.h>

class QBoxLayout;

namespace edgenas::widgets::pareto_canvas {

/// The canvas for `host`, added to `layout`: drag and wheel zoom, a legend at the bottom right,
/// and the buffered "cloud" (beneath the plottables) and "highlights" (above) layers.
QCustomPlot* add(QWidget* host, QBoxLayout* layout);
/// Background, axes, grid, fonts (bold axis labels) and a translucent legend from `host`'s
/// palette and font.
void applyPalette(QCustomPlot* plot, const QWidget* host);

} // namespace edgenas::widgets::pareto_canvas
