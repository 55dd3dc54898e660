#pragma once

// Private to widgets/ (includes of it bring QCustomPlot): the set-up every QCustomPlot view of
// the workbench repeats, written once so the plots look alike and follow the palette.

#include <qcustomplot.h>

#include <QColor>
#include <QString>

class QBoxLayout;

namespace edgenas::widgets::plot_style {

/// A plot canvas for `host`, named `objectName` (tests find it by that name), at least
/// `minimum` in size, added to `layout` with `stretch`.
QCustomPlot* addCanvas(QWidget* host, QBoxLayout* layout, const QString& objectName, const QSize& minimum,
                       int stretch = 0);
/// Axes, grid, background, legend and fonts from `host`'s palette and font.
void applyPalette(QCustomPlot* plot, const QWidget* host);

/// A line through its samples with a marker on each: 2 px pen of `colour` and `penStyle`,
/// markers of `shape` filled with it.
void styleLineGraph(QCPGraph* graph, const QColor& colour, QCPScatterStyle::ScatterShape shape, double markerSize,
                    Qt::PenStyle penStyle = Qt::SolidLine);

/// Bars of the workbench's bar charts: 0.6 wide, on `keyAxis` (categories) and `valueAxis`.
QCPBars* addBars(QCPAxis* keyAxis, QCPAxis* valueAxis);
/// Fills bars with `colour`, outlined a little darker.
void styleBars(QCPBars* bars, const QColor& colour);
/// A bar chart's axes: no grid across the categories, few ticks up the values.
void setUpBarAxes(QCPAxis* keyAxis, QCPAxis* valueAxis);

} // namespace edgenas::widgets::plot_style
