#pragma once

#include "core/candidate.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QStringList>

#include <string>
#include <vector>

namespace edgenas::widgets {

/// One row per candidate: front marker, id, generation, status, then one column per metric name
/// in order of first appearance (columns are added as new names arrive). Display text is
/// formatted for people, Qt::UserRole gives the raw value for sorting (numbers as double, NaN
/// when absent), tooltips carry unit and provenance. Every lookup is O(1), so views over
/// 100,000 rows stay smooth.
class CandidateTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { FrontColumn = 0, IdColumn, GenerationColumn, StatusColumn, FirstMetricColumn };
    enum Role {
        /// Lower-case text the filter matches: id, status, genome, hash.
        FilterTextRole = Qt::UserRole + 1,
        /// The metric's name for metric columns (header and cells), empty for the fixed columns.
        MetricNameRole,
    };

    explicit CandidateTableModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Appends a batch (one row insertion); a candidate whose id is already present replaces
    /// that row instead (e.g. pending, then evaluated).
    void appendCandidates(const std::vector<core::Candidate>& candidates);
    /// Marks these ids as the current front; only rows whose mark changes are signalled.
    void setFrontIds(const QList<qint64>& ids);
    void clear();

    const core::Candidate& candidateAt(int row) const;
    /// Row of a candidate id, -1 if absent; O(1).
    int rowOfId(qint64 id) const;
    bool isFront(int row) const;
    /// Metric names in column order.
    QStringList metricNames() const { return m_metricNames; }
    /// Column of a metric name, -1 if none.
    int columnOfMetric(const QString& name) const;

    /// The value sorting uses, without a QVariant: NaN when absent (status sorts by text).
    double sortValue(int row, int column) const;
    /// Whether the id, status, genome or hash contains `needle` (case-insensitive; an empty
    /// needle matches). Allocation-free, for filtering 100,000 rows.
    bool matchesText(int row, const std::string& needle) const;

private:
    void indexMetrics(int row);
    const core::Metric* metricAt(int row, int column) const;

    std::vector<core::Candidate> m_candidates;
    // Per row, for each metric column, the index into that candidate's metrics (-1 if absent);
    // a row's list only covers the columns that existed when it arrived or was replaced.
    std::vector<std::vector<qint16>> m_metricSlots;
    // Metric values column by column (NaN when absent): sorting reads only these, and contiguous
    // doubles keep a 100,000-row sort within the cache instead of chasing each candidate.
    std::vector<std::vector<double>> m_values;
    std::vector<char> m_front;
    QHash<qint64, int> m_rowOfId;
    QStringList m_metricNames;
    QStringList m_metricUnits;
    std::vector<unsigned> m_metricProvenances;  ///< per metric column, provenanceBit()s seen
    QHash<QString, int> m_metricIndex;
};

} // namespace edgenas::widgets
