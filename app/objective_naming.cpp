#include "objective_naming.h"

#include "core/metric_catalog.h"
#include "search/method_registry.h"
#include "search/objective_scorer.h"

#include <QCoreApplication>

namespace edgenas::app {

QString methodLabel(const std::string& name) {
    const search::MethodDescriptor* d = search::MethodRegistry::global().find(name);
    return d ? QCoreApplication::translate("edgenas::app::Naming", d->label.c_str()) : QString::fromStdString(name);
}

QString spaceLabel(const std::string& name) {
    if (name == "nb201")
        return QCoreApplication::translate("edgenas::app::Naming", "NAS-Bench-201 cells");
    if (name == "mobilenet")
        return QCoreApplication::translate("edgenas::app::Naming", "MobileNetV2 / FBNet layers");
    if (name == "dag")
        return QCoreApplication::translate("edgenas::app::Naming", "DAG cells (SwiftNet / GRAM)");
    return QString::fromStdString(name);
}

QString datasetLabel(const std::string& name) {
    if (name == "fashion-mnist")
        return QCoreApplication::translate("edgenas::app::Naming", "Fashion-MNIST");
    if (name == "cifar10")
        return QCoreApplication::translate("edgenas::app::Naming", "CIFAR-10");
    if (name == "cifar100")
        return QCoreApplication::translate("edgenas::app::Naming", "CIFAR-100");
    return QString::fromStdString(name);
}

QString objectiveLabel(const std::string& name) {
    const core::MetricDescriptor* d = core::MetricCatalog::global().find(name);
    return d ? QCoreApplication::translate("edgenas::widgets::MetricNames", d->label.c_str())
             : QString::fromStdString(name);
}

QString objectiveUnit(const std::string& name) {
    const core::MetricDescriptor* d = core::MetricCatalog::global().find(name);
    return d ? QCoreApplication::translate("edgenas::widgets::MetricNames", d->unit.c_str()) : QString();
}

QString metricOfObjective(const std::string& name) {
    try {
        return QString::fromStdString(search::metricForObjective(name));
    } catch (const std::exception&) {
        return QString::fromStdString(name);
    }
}

} // namespace edgenas::app
