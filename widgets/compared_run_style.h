#pragma once

#include <qcustomplot.h>

#include <QColor>

namespace edgenas::widgets::compared_run_style {

// Colours and markers of compared runs, shared by the Pareto and hypervolume plots so a run
// looks the same in both legends. Colour-blind-safe hues (Okabe-Ito), none of them the palette's
// highlight, which stays the shown run's; the marker tells runs apart in grey-scale prints too.
inline QColor colour(int index) {
    static const QColor kColours[] = {QColor(0xE6, 0x9F, 0x00), QColor(0x00, 0x9E, 0x73), QColor(0xCC, 0x79, 0xA7),
                                      QColor(0xD5, 0x5E, 0x00), QColor(0x56, 0xB4, 0xE9), QColor(0x8C, 0x6D, 0x31)};
    return kColours[index % 6];
}

inline QCPScatterStyle::ScatterShape shape(int index) {
    static const QCPScatterStyle::ScatterShape kShapes[] = {
        QCPScatterStyle::ssTriangle, QCPScatterStyle::ssSquare,       QCPScatterStyle::ssDiamond,
        QCPScatterStyle::ssCross,    QCPScatterStyle::ssTriangleInverted, QCPScatterStyle::ssPlus};
    return kShapes[(index / 6 + index) % 6];
}

} // namespace edgenas::widgets::compared_run_style
