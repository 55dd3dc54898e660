#include "candidate_table_model.h"

#include "metric_naming.h"

#include <QBrush>
#include <QGuiApplication>
#include <QPalette>
#include <QSet>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace edgenas::widgets {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kFixedColumns = CandidateTableModel::FirstMetricColumn;
} // namespace

CandidateTableModel::CandidateTableModel(QObject* parent) : QAbstractTableModel(parent) {}

int CandidateTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_candidates.size());
}

int CandidateTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : kFixedColumns + static_cast<int>(m_metricNames.size());
}

const core::Metric* CandidateTableModel::metricAt(int row, int column) const {
    const int metric = column - kFixedColumns;
    const auto& positions = m_metricSlots[static_cast<std::size_t>(row)];
    if (metric < 0 || metric >= static_cast<int>(positions.size()) || positions[static_cast<std::size_t>(metric)] < 0)
        return nullptr;
    return &m_candidates[static_cast<std::size_t>(row)].metrics[static_cast<std::size_t>(positions[static_cast<std::size_t>(metric)])];
}

double CandidateTableModel::sortValue(int row, int column) const {
    const core::Candidate& c = m_candidates[static_cast<std::size_t>(row)];
    switch (column) {
    case FrontColumn: return m_front[static_cast<std::size_t>(row)] ? 1.0 : 0.0;
    case IdColumn: return static_cast<double>(c.id);
    case GenerationColumn: return c.generation;
    case StatusColumn: return kNaN;
    default: {
        const int metric = column - kFixedColumns;
        return metric < static_cast<int>(m_values.size()) ? m_values[static_cast<std::size_t>(metric)][static_cast<std::size_t>(row)]
                                                          : kNaN;
    }
    }
}

bool CandidateTableModel::matchesText(int row, const std::string& needle) const {
    if (needle.empty())
        return true;
    const core::Candidate& c = m_candidates[static_cast<std::size_t>(row)];
    auto contains = [&needle](std::string_view haystack) {
        const auto lower = [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        };
        return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), lower) != haystack.end();
    };
    return contains(std::to_string(c.id)) || contains(c.status) || contains(c.genome) || contains(c.hash);
}

QVariant CandidateTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    const int row = index.row();
    const int column = index.column();
    const core::Candidate& c = m_candidates[static_cast<std::size_t>(row)];
    const bool front = m_front[static_cast<std::size_t>(row)] != 0;

    if (role == FilterTextRole) {
        return QStringLiteral("%1 %2 %3 %4")
            .arg(c.id)
            .arg(QString::fromStdString(c.status), QString::fromStdString(c.genome), QString::fromStdString(c.hash))
            .toLower();
    }
    if (role == MetricNameRole)
        return column >= kFixedColumns ? m_metricNames[column - kFixedColumns] : QString();

    switch (column) {
    case FrontColumn:
        if (role == Qt::DisplayRole)
            return front ? QStringLiteral("★") : QString();
        if (role == Qt::UserRole)
            return front ? 1 : 0;
        if (role == Qt::ToolTipRole && front)
            return tr("On the current Pareto front");
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignCenter);
        if (role == Qt::ForegroundRole && front)
            return QGuiApplication::palette().brush(QPalette::Highlight);
        return {};
    case IdColumn:
        if (role == Qt::DisplayRole || role == Qt::UserRole)
            return static_cast<qlonglong>(c.id);
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (role == Qt::ToolTipRole && !c.genome.empty())
            return tr("Genome %1").arg(QString::fromStdString(c.genome));
        return {};
    case GenerationColumn:
        if (role == Qt::DisplayRole || role == Qt::UserRole)
            return c.generation;
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case StatusColumn:
        if (role == Qt::DisplayRole)
            return statusLabel(QString::fromStdString(c.status));
        if (role == Qt::UserRole)
            return QString::fromStdString(c.status);
        return {};
    default: break;
    }

    const core::Metric* m = metricAt(row, column);
    const QString& name = m_metricNames[column - kFixedColumns];
    switch (role) {
    case Qt::DisplayRole:
        return m ? formatMetricValue(name, m->value) : QString();
    case Qt::UserRole:
        return m ? m->value : kNaN;
    case Qt::TextAlignmentRole:
        return int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (!m)
            return tr("%1: not available").arg(metricLabel(name));
        return tr("%1 = %2 %3\nprovenance: %4")
            .arg(metricLabel(name), QString::number(m->value, 'g', 10), QString::fromStdString(m->unit),
                 provenanceLabel(m->provenance));
    default:
        return {};
    }
}

QVariant CandidateTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section >= kFixedColumns && section < columnCount()) {
        const QString& name = m_metricNames[section - kFixedColumns];
        const QString& unit = m_metricUnits[section - kFixedColumns];
        if (role == Qt::DisplayRole) {
            const QString source = provenanceSummary(m_metricProvenances[static_cast<std::size_t>(section - kFixedColumns)]);
            return source.isEmpty() ? metricLabelWithUnit(name, unit)
                                    : tr("%1 · %2").arg(metricLabelWithUnit(name, unit), source);
        }
        if (role == Qt::ToolTipRole)
            return tr("%1 (%2; %3)")
                .arg(name, unit.isEmpty() ? tr("no unit") : unit,
                     isMaximisedMetric(name) ? tr("higher is better") : tr("lower is better"));
        if (role == MetricNameRole)
            return name;
        return {};
    }
    if (role == Qt::DisplayRole) {
        switch (section) {
        case FrontColumn: return tr("Front");
        case IdColumn: return tr("Id");
        case GenerationColumn: return tr("Gen.");
        case StatusColumn: return tr("Status");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case FrontColumn: return tr("★ marks members of the current Pareto front");
        case GenerationColumn: return tr("Generation the candidate was created in");
        default: return {};
        }
    }
    return {};
}

void CandidateTableModel::indexMetrics(int row) {
    const core::Candidate& c = m_candidates[static_cast<std::size_t>(row)];
    auto& positions = m_metricSlots[static_cast<std::size_t>(row)];
    positions.assign(static_cast<std::size_t>(m_metricNames.size()), -1);
    for (std::size_t i = 0; i < c.metrics.size(); ++i) {
        const int column = m_metricIndex.value(QString::fromStdString(c.metrics[i].name), -1);
        if (column >= 0) {
            positions[static_cast<std::size_t>(column)] = static_cast<qint16>(i);
            m_metricProvenances[static_cast<std::size_t>(column)] |= provenanceBit(c.metrics[i].provenance);
        }
    }
    for (std::size_t column = 0; column < m_values.size(); ++column) {
        const qint16 at = positions[column];
        m_values[column][static_cast<std::size_t>(row)] = at < 0 ? kNaN : c.metrics[static_cast<std::size_t>(at)].value;
    }
}

void CandidateTableModel::appendCandidates(const std::vector<core::Candidate>& candidates) {
    // New metric names first, so that the new rows arrive with all their columns.
    // Their sources too, so a view sizing the new columns to their headers sees the full header.
    QStringList newNames, newUnits;
    std::vector<unsigned> newProvenances;
    for (const core::Candidate& c : candidates)
        for (const core::Metric& m : c.metrics) {
            const QString name = QString::fromStdString(m.name);
            if (m_metricIndex.contains(name))
                continue;
            qsizetype at = newNames.indexOf(name);
            if (at < 0) {
                at = newNames.size();
                newNames << name;
                newUnits << QString::fromStdString(m.unit);
                newProvenances.push_back(0);
            }
            newProvenances[static_cast<std::size_t>(at)] |= provenanceBit(m.provenance);
        }
    if (!newNames.isEmpty()) {
        const int first = columnCount();
        beginInsertColumns({}, first, first + static_cast<int>(newNames.size()) - 1);
        for (qsizetype i = 0; i < newNames.size(); ++i) {
            m_metricIndex.insert(newNames[i], static_cast<int>(m_metricNames.size()));
            m_metricNames << newNames[i];
            m_metricUnits << newUnits[i];
            m_metricProvenances.push_back(newProvenances[static_cast<std::size_t>(i)]);
            m_values.emplace_back(m_candidates.size(), kNaN);
        }
        endInsertColumns();
    }

    // A provenance a column had not held yet changes its header (e.g. "measured" to "mixed").
    const std::vector<unsigned> provenancesBefore = m_metricProvenances;
    struct HeaderUpdate {
        CandidateTableModel* model;
        const std::vector<unsigned>& before;
        ~HeaderUpdate() {
            for (std::size_t i = 0; i < before.size(); ++i)
                if (before[i] != model->m_metricProvenances[i]) {
                    emit model->headerDataChanged(Qt::Horizontal, kFixedColumns, model->columnCount() - 1);
                    return;
                }
        }
    } headerUpdate{this, provenancesBefore};

    std::vector<const core::Candidate*> fresh;
    fresh.reserve(candidates.size());
    QSet<qint64> freshIds;
    for (const core::Candidate& c : candidates) {
        const int existing = c.id >= 0 ? m_rowOfId.value(c.id, -1) : -1;
        if (existing >= 0) {
            m_candidates[static_cast<std::size_t>(existing)] = c;
            indexMetrics(existing);
            emit dataChanged(index(existing, 0), index(existing, columnCount() - 1));
        } else if (c.id >= 0 && freshIds.contains(c.id)) {
            // The same id twice in one batch: the later one wins.
            for (const core::Candidate*& p : fresh)
                if (p->id == c.id)
                    p = &c;
        } else {
            if (c.id >= 0)
                freshIds.insert(c.id);
            fresh.push_back(&c);
        }
    }
    if (fresh.empty())
        return;
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(fresh.size()) - 1);
    m_candidates.reserve(m_candidates.size() + fresh.size());
    for (const core::Candidate* c : fresh) {
        const int row = static_cast<int>(m_candidates.size());
        m_candidates.push_back(*c);
        m_metricSlots.emplace_back();
        m_front.push_back(0);
        for (std::vector<double>& values : m_values)
            values.push_back(kNaN);
        if (c->id >= 0)
            m_rowOfId.insert(c->id, row);
        indexMetrics(row);
    }
    endInsertRows();
}

void CandidateTableModel::setFrontIds(const QList<qint64>& ids) {
    std::vector<char> next(m_candidates.size(), 0);
    for (qint64 id : ids) {
        const int row = m_rowOfId.value(id, -1);
        if (row >= 0)
            next[static_cast<std::size_t>(row)] = 1;
    }
    // Signal runs of changed rows only: a front moves a few rows at a time, and a dataChanged
    // over 100,000 rows would make a sorting proxy re-sort everything.
    const int n = static_cast<int>(next.size());
    int row = 0;
    while (row < n) {
        if (next[static_cast<std::size_t>(row)] == m_front[static_cast<std::size_t>(row)]) {
            ++row;
            continue;
        }
        const int first = row;
        while (row < n && next[static_cast<std::size_t>(row)] != m_front[static_cast<std::size_t>(row)]) {
            m_front[static_cast<std::size_t>(row)] = next[static_cast<std::size_t>(row)];
            ++row;
        }
        emit dataChanged(index(first, FrontColumn), index(row - 1, FrontColumn));
    }
}

void CandidateTableModel::clear() {
    beginResetModel();
    m_candidates.clear();
    m_metricSlots.clear();
    m_front.clear();
    m_rowOfId.clear();
    m_metricNames.clear();
    m_metricUnits.clear();
    m_metricProvenances.clear();
    m_metricIndex.clear();
    m_values.clear();
    endResetModel();
}

const core::Candidate& CandidateTableModel::candidateAt(int row) const {
    if (row < 0 || row >= rowCount())
        throw std::out_of_range("CandidateTableModel::candidateAt: row " + std::to_string(row) + " of " +
                                std::to_string(rowCount()));
    return m_candidates[static_cast<std::size_t>(row)];
}

int CandidateTableModel::rowOfId(qint64 id) const { return m_rowOfId.value(id, -1); }

bool CandidateTableModel::isFront(int row) const {
    return row >= 0 && row < rowCount() && m_front[static_cast<std::size_t>(row)] != 0;
}

int CandidateTableModel::columnOfMetric(const QString& name) const {
    const int metric = m_metricIndex.value(name, -1);
    return metric < 0 ? -1 : kFixedColumns + metric;
}

} // namespace edgenas::widgets
