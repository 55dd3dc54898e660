#include "metric_naming.h"

#include "core/metric_catalog.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace edgenas::widgets {

bool isMaximisedMetric(const QString& name) { return core::MetricCatalog::global().isMaximised(name.toStdString()); }

QString metricLabel(const QString& name) {
    // Labels are declared once with the metric (core::MetricCatalog); the views translate them.
    const core::MetricDescriptor* d = core::MetricCatalog::global().find(name.toStdString());
    if (!d || d->name != name.toStdString())
        return name;  // unknown, or a family member such as accuracy_seed2: its own name says more
    return QCoreApplication::translate("edgenas::widgets::MetricNames", d->label.c_str());
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
    const core::MetricDescriptor* d = core::MetricCatalog::global().find(name.toStdString());
    if (d && d->integral && std::abs(value) < 9.0e15)
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
