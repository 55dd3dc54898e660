#include "metric_naming.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace edgenas::widgets {

bool isMaximisedMetric(const QString& name) {
    // HW-EvRSNAS's similarity to the reference (phi, CKA) is a score; its RMI loss is not.
    return name.startsWith(QLatin1String("accuracy")) || name.startsWith(QLatin1String("proxy")) ||
           name.startsWith(QLatin1String("rmi_phi")) || name.startsWith(QLatin1String("rmi_cka"));
}

QString metricLabel(const QString& name) {
    if (name == QLatin1String("accuracy"))
        return QCoreApplication::translate("edgenas::widgets::MetricNames", "Accuracy");
    if (name == QLatin1String("proxy"))
        return QCoreApplication::translate("edgenas::widgets::MetricNames", "Proxy score");
    if (name == QLatin1String("rmi_phi"))
        return QCoreApplication::translate("edgenas::widgets::MetricNames", "RMI similarity \u03c6 (proxy)");
    if (name == QLatin1String("rmi_cka"))
        return QCoreApplication::translate("edgenas::widgets::MetricNames", "Mean CKA (proxy)");
    if (name == QLatin1String("rmi_loss"))
        return QCoreApplication::translate("edgenas::widgets::MetricNames", "RMI loss (proxy)");
    if (name == QLatin1String("latency_ms"))
        return QCoreApplication::translate("edgenas::widgets::MetricNames", "Latency");
    if (name == QLatin1String("energy_mj"))
        return QCoreApplication::translate("edgenas::widgets::MetricNames", "Energy");
    if (name == QLatin1String("macs"))
        return QCoreApplication::translate("edgenas::widgets::MetricNames", "MACs");
    if (name == QLatin1String("params"))
        return QCoreApplication::translate("edgenas::widgets::MetricNames", "Parameters");
    if (name == QLatin1String("power_w"))
        return QCoreApplication::translate("edgenas::widgets::MetricNames", "Power");
    return name;
}

QString metricLabelWithUnit(const QString& name, const QString& unit) {
    const QString label = metricLabel(name);
    // "MACs [MACs]" says nothing twice.
    if (unit.isEmpty() || unit.compare(label, Qt::CaseInsensitive) == 0)
        return label;
    return QStringLiteral("%1 [%2]").arg(label, unit);
}

QString formatMetricValue(const QString& name, double value) {
    if (!std::isfinite(value))
        return QStringLiteral("–");
    const QLocale locale;
    if ((name == QLatin1String("macs") || name == QLatin1String("params")) && std::abs(value) < 9.0e15)
        return locale.toString(static_cast<qlonglong>(std::llround(value)));
    return locale.toString(value, 'g', 4);
}

QString provenanceLabel(core::Provenance provenance) {
    switch (provenance) {
    case core::Provenance::Measured: return QCoreApplication::translate("edgenas::widgets::MetricNames", "measured");
    case core::Provenance::Table: return QCoreApplication::translate("edgenas::widgets::MetricNames", "table");
    case core::Provenance::Modelled: return QCoreApplication::translate("edgenas::widgets::MetricNames", "modelled");
    case core::Provenance::Predicted: return QCoreApplication::translate("edgenas::widgets::MetricNames", "predicted");
    case core::Provenance::Proxy: return QCoreApplication::translate("edgenas::widgets::MetricNames", "proxy");
    case core::Provenance::Trained: return QCoreApplication::translate("edgenas::widgets::MetricNames", "trained");
    case core::Provenance::Counted: return QCoreApplication::translate("edgenas::widgets::MetricNames", "counted");
    }
    return QStringLiteral("?");
}

QString statusLabel(const QString& status) {
    if (status == QLatin1String("evaluated"))
        return QCoreApplication::translate("edgenas::widgets::MetricNames", "evaluated");
    if (status == QLatin1String("pending"))
        return QCoreApplication::translate("edgenas::widgets::MetricNames", "pending");
    if (status == QLatin1String("failed"))
        return QCoreApplication::translate("edgenas::widgets::MetricNames", "failed");
    if (status == QLatin1String("injected"))
        return QCoreApplication::translate("edgenas::widgets::MetricNames", "injected");
    return status;
}

QString provenanceSummary(unsigned provenanceMask) {
    QStringList names;
    for (core::Provenance p : {core::Provenance::Measured, core::Provenance::Table, core::Provenance::Modelled,
                               core::Provenance::Predicted, core::Provenance::Proxy, core::Provenance::Trained,
                               core::Provenance::Counted})
        if (provenanceMask & provenanceBit(p))
            names << provenanceLabel(p);
    if (names.size() <= 1)
        return names.isEmpty() ? QString() : names.front();
    return QCoreApplication::translate("edgenas::widgets::MetricNames", "mixed: %1").arg(names.join(QStringLiteral(", ")));
}

} // namespace edgenas::widgets
