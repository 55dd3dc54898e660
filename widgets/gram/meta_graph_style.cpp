#include "meta_graph_style.h"

#include <QLocale>

#include <algorithm>

namespace edgenas::widgets::meta_graph_style {

QColor currentColour() { return QColor(235, 90, 40); }

QColor mix(const QColor& a, const QColor& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t),
                            static_cast<float>(a.alphaF() * (1 - t) + b.alphaF() * t));
}

QString shortOpName(QString name) {
    name.replace(QStringLiteral("_conv_"), QStringLiteral(" "));
    name.replace(QLatin1Char('_'), QLatin1Char(' '));
    for (qsizetype i = 1; i + 1 < name.size(); ++i)
        if (name[i] == QLatin1Char('x') && name[i - 1].isDigit() && name[i + 1].isDigit())
            name[i] = QChar(0x00D7);
    return name;
}

QString percent(double share) { return QLocale().toString(100.0 * share, 'f', 0) + QStringLiteral(" %"); }

} // namespace edgenas::widgets::meta_graph_style
