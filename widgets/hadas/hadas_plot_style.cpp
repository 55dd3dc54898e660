#include "hadas_plot_style.h"

#include <QCoreApplication>

namespace edgenas::widgets::hadas_style {

QColor stageColour(int stage) {
    static const QColor colours[] = {QColor(0x4e, 0x79, 0xa7), QColor(0x59, 0xa1, 0x4f), QColor(0x9c, 0x75, 0x5f),
                                     QColor(0xb0, 0x7a, 0xa1), QColor(0x76, 0xb7, 0xb2), QColor(0xed, 0xc9, 0x48),
                                     QColor(0xff, 0x9d, 0xa7), QColor(0xba, 0xb0, 0xac)};
    return colours[((stage % 8) + 8) % 8];
}

QColor exitColour() { return QColor(0xe1, 0x57, 0x59); }
QColor finalHeadColour() { return QColor(0x55, 0x55, 0x60); }
QColor staticColour() { return QColor(0x8c, 0x8c, 0x96); }
QColor dvfsColour() { return QColor(0x2e, 0x86, 0x5f); }
QColor warningColour() { return QColor(0xc0, 0x39, 0x2b); }

QString domainLabel(const QString& name) {
    const QString lower = name.toLower();
    if (lower == QLatin1String("cpu"))
        return QCoreApplication::translate("edgenas::widgets::HadasViews", "CPU");
    if (lower == QLatin1String("gpu"))
        return QCoreApplication::translate("edgenas::widgets::HadasViews", "GPU");
    if (lower == QLatin1String("emc") || lower == QLatin1String("memory") || lower == QLatin1String("mem"))
        return QCoreApplication::translate("edgenas::widgets::HadasViews", "Memory (EMC)");
    return name;
}

} // namespace edgenas::widgets::hadas_style
