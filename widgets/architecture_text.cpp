#include "architecture_text.h"

#include "core/operator_registry.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace edgenas::widgets {

QString describeNode(const core::Node& node) {
    QString text = QString::fromStdString(core::operatorKind(node.op).describe(node));
    if (node.inputs.size() > 1 && node.merge == core::MergeMode::Concat)
        text += QCoreApplication::translate("edgenas::widgets::ArchitectureText", " (concat)");
    return text;
}

QString shapeText(const core::TensorShape& shape) {
    if (shape.height == 1 && shape.width == 1)
        return QString::number(shape.channels);
    return QStringLiteral("%1×%2×%3").arg(shape.channels).arg(shape.height).arg(shape.width);
}

QString compactCount(double value) {
    const double magnitude = std::abs(value);
    const QLocale locale;
    if (magnitude >= 1e9)
        return locale.toString(value / 1e9, 'f', 2) + QStringLiteral(" G");
    if (magnitude >= 1e6)
        return locale.toString(value / 1e6, 'f', 2) + QStringLiteral(" M");
    if (magnitude >= 1e3)
        return locale.toString(value / 1e3, 'f', 1) + QStringLiteral(" k");
    return locale.toString(value, 'f', 0);
}

} // namespace edgenas::widgets
