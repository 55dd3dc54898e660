#pragma once

#include "core/candidate.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <string>
#include <vector>

namespace edgenas::widgets {

/// One metric over all candidates, column-wise: far smaller than keeping the candidates.
struct MetricColumn {
    std::string key;  ///< the engine's name, compared without converting to QString
    QString name;
    QString unit;
    std::vector<double> values;        ///< NaN where a candidate lacks the metric
    std::vector<quint8> provenance;    ///< core::Provenance
    unsigned provenancesSeen = 0;      ///< provenanceBit()s, for the axis label
};

/// The figures of every candidate a plot has received, a row per candidate and a column per
/// metric: what the Pareto plot draws and its tooltips show, without the architectures.
class CandidateColumns {
public:
    /// What taking in candidates changed.
    struct Added {
        bool newMetrics = false;         ///< a metric seen for the first time
        bool provenanceChanged = false;  ///< a known metric got figures of another provenance
        int firstReplacedRow = -1;       ///< the lowest row sent again, -1 if none
    };

    /// A candidate sent again (by id: pending, then evaluated) replaces its earlier figures.
    Added add(const std::vector<core::Candidate>& candidates);
    void clear();

    int rowCount() const { return static_cast<int>(m_ids.size()); }
    qint64 idAt(int row) const { return m_ids[static_cast<std::size_t>(row)]; }
    /// The row of candidate `id`, -1 if it has not arrived.
    int rowOf(qint64 id) const { return m_rowOfId.value(id, -1); }

    const std::vector<MetricColumn>& columns() const { return m_columns; }
    /// The column of metric `name`; null if no candidate has it.
    const MetricColumn* column(const QString& name) const;
    bool has(const QString& name) const { return m_columnOf.contains(name); }

    /// Rich-text tooltip of a candidate: id, generation, status, every figure (the axes' in
    /// bold) with its provenance, the genome, and the notes given.
    QString tooltip(int row, const QString& xMetric, const QString& yMetric, bool onFront, bool violatesBound) const;

private:
    void setRow(int row, const core::Candidate& candidate);

    std::vector<qint64> m_ids;
    std::vector<int> m_generations;
    std::vector<quint8> m_statuses;  ///< index into m_statusNames
    QStringList m_statusNames;
    std::vector<std::string> m_genomes;
    std::vector<MetricColumn> m_columns;
    QHash<QString, int> m_columnOf;
    QHash<qint64, int> m_rowOfId;
};

} // namespace edgenas::widgets
