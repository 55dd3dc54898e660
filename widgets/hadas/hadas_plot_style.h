#pragma once

// Private to the HADAS views: the colours their plots share, so the strip, the histogram and the
// comparison agree (the palette-following look is plot_style's).

#include <QColor>
#include <QString>


namespace edgenas::widgets::hadas_style {

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
