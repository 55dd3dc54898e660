#pragma once

#include "candidate_table_model.h"

#include <QList>
#include <QWidget>

class QCheckBox;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace edgenas::widgets {

/// The candidate table with a text filter and an "only front" switch over a sorting proxy.
/// Rows have a fixed height and the model answers in O(1), so 100,000 rows scroll smoothly.
class CandidateTableView : public QWidget {
    Q_OBJECT
public:
    explicit CandidateTableView(QWidget* parent = nullptr);
    ~CandidateTableView() override;

    CandidateTableModel* model() const { return m_model; }
    QSortFilterProxyModel* proxyModel() const;
    QTableView* tableView() const { return m_table; }

    /// Selects these candidates (those the filter hides stay unselected) without emitting
    /// selectionChanged, so that views can mirror each other without echo loops.
    void setSelectedIds(const QList<qint64>& ids);
    /// Ids of the selected rows, ascending.
    QList<qint64> selectedIds() const;

    void setFilterText(const QString& text);
    void setOnlyFront(bool on);

signals:
    /// The user changed the selection.
    void selectionChanged(QList<qint64> ids);
    /// The user double-clicked a row or pressed Enter on it.
    void candidateActivated(qint64 id);

private:
    CandidateTableModel* m_model = nullptr;
    class Proxy;
    Proxy* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QLineEdit* m_filter = nullptr;
    QCheckBox* m_onlyFront = nullptr;
    bool m_settingSelection = false;
};

} // namespace edgenas::widgets
