#include "architecture_text.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace edgenas::widgets {

namespace {
QString opName(core::OpType op) {
    switch (op) {
    case core::OpType::Input: return QCoreApplication::translate("edgenas::widgets::ArchitectureText", "Input");
    case core::OpType::Conv: return QStringLiteral("Conv");
    case core::OpType::DepthwiseConv: return QStringLiteral("DWConv");
    case core::OpType::PointwiseConv: return QStringLiteral("PWConv");
    case core::OpType::MBConv: return QStringLiteral("MBConv");
    case core::OpType::Identity: return QCoreApplication::translate("edgenas::widgets::ArchitectureText", "Identity");
    case core::OpType::Zero: return QCoreApplication::translate("edgenas::widgets::ArchitectureText", "Zero");
    case core::OpType::AvgPool: return QStringLiteral("AvgPool");
    case core::OpType::MaxPool: return QStringLiteral("MaxPool");
    case core::OpType::BatchNorm: return QStringLiteral("BatchNorm");
    case core::OpType::Activation: return QCoreApplication::translate("edgenas::widgets::ArchitectureText", "Activation");
    case core::OpType::GlobalAvgPool: return QStringLiteral("GlobalAvgPool");
    case core::OpType::Linear: return QStringLiteral("Linear");
    case core::OpType::EarlyExit: return QCoreApplication::translate("edgenas::widgets::ArchitectureText", "Early exit");
    }
    return QStringLiteral("?");
}
} // namespace

QString describeNode(const core::Node& node) {
    QString text = opName(node.op);
    const QString stride = node.stride != 1 ? QStringLiteral(" /%1").arg(node.stride) : QString();
    const QString kernel = QStringLiteral(" %1×%1").arg(node.kernel);
    switch (node.op) {
    case core::OpType::Conv:
    case core::OpType::PointwiseConv:
        text += kernel + stride + QStringLiteral(" → %1").arg(node.outChannels);
        if (node.groups > 1)
            text += QStringLiteral(" g%1").arg(node.groups);
        break;
    case core::OpType::DepthwiseConv:
        text += kernel + stride;
        break;
    case core::OpType::MBConv:
        text += QStringLiteral(" k%1 e%2").arg(node.kernel).arg(node.expansion) + stride +
                QStringLiteral(" → %1").arg(node.outChannels);
        if (node.squeezeExcite)
            text += QStringLiteral(" SE");
        break;
    case core::OpType::AvgPool:
    case core::OpType::MaxPool:
        text += kernel + stride;
        break;
    case core::OpType::Activation:
        text = QString::fromLatin1(core::toString(node.activation).data(),
                                   static_cast<qsizetype>(core::toString(node.activation).size()));
        break;
    case core::OpType::Linear:
        text += QStringLiteral(" → %1").arg(node.outChannels);
        break;
    case core::OpType::Zero:
        text += stride;
        break;
    case core::OpType::EarlyExit:
        if (node.outChannels > 0)  // the narrow head's 1x1 convolution width
            text += QStringLiteral(" 1×1 → %1").arg(node.outChannels);
        break;
    default:
        break;
    }
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
