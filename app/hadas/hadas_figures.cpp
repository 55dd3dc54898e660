#include "hadas_figures.h"

#include "widgets/metric_naming.h"

#include <QStringList>

namespace edgenas::app {

double metricOr(const core::Candidate& candidate, const char* name, double fallback) {
    const core::Metric* m = candidate.metric(name);
    return m ? m->value : fallback;
}

QString provenanceOr(const core::Candidate& candidate, const char* name, const QString& fallback) {
    const core::Metric* m = candidate.metric(name);
    return m ? widgets::provenanceLabel(m->provenance) : fallback;
}

QString exitsText(const std::vector<int>& blocks) {
    QStringList parts;
    for (int b : blocks)
        parts << QString::number(b);
    return parts.isEmpty() ? QStringLiteral("—") : parts.join(QStringLiteral(", "));
}

} // namespace edgenas::app
