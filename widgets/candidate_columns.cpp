#include "candidate_columns.h"

#include "metric_naming.h"
#include "pareto_plot.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgenas::widgets {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

} // namespace

CandidateColumns::Added CandidateColumns::add(const std::vector<core::Candidate>& candidates) {
    Added added;
    const std::size_t before = m_columns.size();
    std::vector<unsigned> provenancesBefore;
    for (const MetricColumn& column : m_columns)
        provenancesBefore.push_back(column.provenancesSeen);
    for (const core::Candidate& c : candidates) {
        // A candidate sent again (e.g. pending, then evaluated) replaces its earlier figures.
        if (c.id >= 0) {
            if (auto it = m_rowOfId.constFind(c.id); it != m_rowOfId.constEnd()) {
                setRow(*it, c);
                if (added.firstReplacedRow < 0 || *it < added.firstReplacedRow)
                    added.firstReplacedRow = *it;
                continue;
            }
        }
        const int row = static_cast<int>(m_ids.size());
        m_ids.push_back(c.id);
        m_generations.push_back(0);
        m_statuses.push_back(0);
        m_genomes.emplace_back();
        for (MetricColumn& column : m_columns) {
            column.values.push_back(kNaN);
            column.provenance.push_back(0);
        }
        if (c.id >= 0)
            m_rowOfId.insert(c.id, row);
        setRow(row, c);
    }
    added.newMetrics = m_columns.size() != before;
    for (std::size_t i = 0; i < before; ++i)
        if (m_columns[i].provenancesSeen != provenancesBefore[i])
            added.provenanceChanged = true;  // e.g. "measured" became "mixed: measured, modelled"
    return added;
}

void CandidateColumns::setRow(int row, const core::Candidate& c) {
    const auto r = static_cast<std::size_t>(row);
    m_generations[r] = c.generation;
    // Few distinct statuses and metric names: compare the engine's strings directly rather
    // than building a QString and hashing it for each of 100,000 candidates.
    const QString status = QString::fromStdString(c.status);
    qsizetype statusIndex = m_statusNames.indexOf(status);
    if (statusIndex < 0) {
        m_statusNames << status;
        statusIndex = m_statusNames.size() - 1;
    }
    m_statuses[r] = static_cast<quint8>(std::min<qsizetype>(statusIndex, 255));
    m_genomes[r] = c.genome;
    for (MetricColumn& column : m_columns) {
        column.values[r] = kNaN;
        column.provenance[r] = 0;
    }
    for (const core::Metric& m : c.metrics) {
        auto it = std::find_if(m_columns.begin(), m_columns.end(), [&](const MetricColumn& col) { return col.key == m.name; });
        if (it == m_columns.end()) {
            MetricColumn column;
            column.key = m.name;
            column.name = QString::fromStdString(m.name);
            column.unit = QString::fromStdString(m.unit);
            column.values.assign(m_ids.size(), kNaN);
            column.provenance.assign(m_ids.size(), 0);
            m_columns.push_back(std::move(column));
            m_columnOf.insert(m_columns.back().name, static_cast<int>(m_columns.size()) - 1);
            it = m_columns.end() - 1;
        }
        it->values[r] = m.value;
        it->provenance[r] = static_cast<quint8>(m.provenance);
        it->provenancesSeen |= provenanceBit(m.provenance);
    }
}

void CandidateColumns::clear() {
    m_ids.clear();
    m_generations.clear();
    m_statuses.clear();
    m_statusNames.clear();
    m_genomes.clear();
    m_columns.clear();
    m_columnOf.clear();
    m_rowOfId.clear();
}

const MetricColumn* CandidateColumns::column(const QString& name) const {
    const auto it = m_columnOf.constFind(name);
    return it == m_columnOf.constEnd() ? nullptr : &m_columns[static_cast<std::size_t>(*it)];
}

QString CandidateColumns::tooltip(int row, const QString& xMetric, const QString& yMetric, bool onFront,
                                  bool violatesBound) const {
    const auto r = static_cast<std::size_t>(row);
    QString html = QStringLiteral("<b>%1</b>").arg(ParetoPlot::tr("Candidate %1").arg(m_ids[r]));
    html += QStringLiteral("<br/>%1").arg(ParetoPlot::tr("generation %1 · %2")
                                               .arg(m_generations[r])
                                               .arg(statusLabel(m_statusNames.value(m_statuses[r])).toHtmlEscaped()));
    html += QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    for (const MetricColumn& column : m_columns) {
        const double v = column.values[r];
        if (!std::isfinite(v))
            continue;
        const bool onAxis = column.name == xMetric || column.name == yMetric;
        html += QStringLiteral("<tr><td>%1%2%3</td><td align='right'>&nbsp;%4 %5</td><td>&nbsp;<i>%6</i></td></tr>")
                    .arg(onAxis ? QStringLiteral("<b>") : QString(), metricLabel(column.name).toHtmlEscaped(),
                         onAxis ? QStringLiteral("</b>") : QString(), formatMetricValue(column.name, v),
                         column.unit.toHtmlEscaped(),
                         provenanceLabel(static_cast<core::Provenance>(column.provenance[r])));
    }
    html += QStringLiteral("</table>");
    if (!m_genomes[r].empty())
        html += QStringLiteral("%1 <tt>%2</tt>").arg(ParetoPlot::tr("genome"), QString::fromStdString(m_genomes[r]).toHtmlEscaped());
    if (m_ids[r] >= 0 && onFront)
        html += QStringLiteral("<br/><b>%1</b>").arg(ParetoPlot::tr("on the Pareto front"));
    if (violatesBound)
        html += QStringLiteral("<br/>%1").arg(ParetoPlot::tr("violates the constraint"));
    return html;
}

} // namespace edgenas::widgets
