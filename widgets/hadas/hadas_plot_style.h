#pragma once

// Private to the HADAS views (includes QCustomPlot): the palette-following look of their plots
// and the colours they share, so the strip, the histogram and the comparison agree.

#include <QColor>
#include <QString>

class QCustomPlot;
class QWidget;

namespace edgenas::widgets::hadas_style {

/// Axes, grid, background and fonts from `host`'s palette and font.
void applyPalette(QCustomPlot* plot, const QWidget* host);
/// Colour of a backbone stage (cycles after eight).
QColor stageColour(int stage);
/// Chosen exits, and the static / EEx / EEx+DVFS bars.
QColor exitColour();
QColor finalHeadColour();
QColor staticColour();
QColor dvfsColour();
/// Red of warnings ("upper bound, not deployable", unreadable records).
QColor warningColour();
/// "CPU", "GPU", "Memory (EMC)" for the engine's domain names; others as given.
QString domainLabel(const QString& name);

} // namespace edgenas::widgets::hadas_style
