#include "objective_naming.h"

#include "search/objective_scorer.h"

#include <QCoreApplication>

namespace edgenas::app {

QString methodLabel(const std::string& name) {
    if (name == "nsga2")
        return QCoreApplication::translate("edgenas::app::Naming", "NSGA-II");
    if (name == "evrsnas")
        return QCoreApplication::translate("edgenas::app::Naming", "HW-EvRSNAS");
    return QString::fromStdString(name);
}

QString spaceLabel(const std::string& name) {
    if (name == "nb201")
        return QCoreApplication::translate("edgenas::app::Naming", "NAS-Bench-201 cells");
    if (name == "mobilenet")
        return QCoreApplication::translate("edgenas::app::Naming", "MobileNetV2 / FBNet layers");
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
    if (name == "accuracy")
        return QCoreApplication::translate("edgenas::app::Naming", "Accuracy (trained)");
    if (name == "proxy")
        return QCoreApplication::translate("edgenas::app::Naming", "Proxy score (training-free)");
    if (name == "latency")
        return QCoreApplication::translate("edgenas::app::Naming", "Latency");
    if (name == "energy")
        return QCoreApplication::translate("edgenas::app::Naming", "Energy per inference");
    if (name == "macs")
        return QCoreApplication::translate("edgenas::app::Naming", "MACs");
    if (name == "params")
        return QCoreApplication::translate("edgenas::app::Naming", "Parameters");
    return QString::fromStdString(name);
}

QString objectiveUnit(const std::string& name) {
    if (name == "latency")
        return QCoreApplication::translate("edgenas::app::Naming", "ms");
    if (name == "energy")
        return QCoreApplication::translate("edgenas::app::Naming", "mJ");
    if (name == "macs")
        return QCoreApplication::translate("edgenas::app::Naming", "MACs");
    if (name == "params")
        return QCoreApplication::translate("edgenas::app::Naming", "parameters");
    return {};
}

QString metricOfObjective(const std::string& name) {
    try {
        return QString::fromStdString(search::metricForObjective(name));
    } catch (const std::exception&) {
        return QString::fromStdString(name);
    }
}

} // namespace edgenas::app
