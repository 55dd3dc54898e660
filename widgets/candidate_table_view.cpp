#include "candidate_table_view.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelection>
#include <QKeyEvent>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <string>

namespace edgenas::widgets {

namespace {
constexpr int kResortBatch = 64;
} // namespace

/// Sorts by the model's raw numbers (no QVariant per comparison, absent values last) and
/// filters by text and front membership.
class CandidateTableView::Proxy : public QSortFilterProxyModel {
public:
    explicit Proxy(QObject* parent) : QSortFilterProxyModel(parent) {}

    void setText(const QString& text) {
        const std::string next = text.trimmed().toStdString();
        if (next == m_text)
            return;
        m_text = next;
        invalidateRowsFilter();
    }
    void setOnlyFront(bool on) {
        if (on == m_onlyFront)
            return;
        m_onlyFront = on;
        invalidateRowsFilter();
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex&) const override {
        const auto* model = static_cast<const CandidateTableModel*>(sourceModel());
        if (m_onlyFront && !model->isFront(sourceRow))
            return false;
        return model->matchesText(sourceRow, m_text);
    }

    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override {
        const auto* model = static_cast<const CandidateTableModel*>(sourceModel());
        const int column = left.column();
        if (column == CandidateTableModel::StatusColumn)
            return QString::compare(model->data(left, Qt::UserRole).toString(),
                                    model->data(right, Qt::UserRole).toString()) < 0;
        const double a = model->sortValue(left.row(), column);
        const double b = model->sortValue(right.row(), column);
        // Absent values sort after present ones in ascending order (a strict weak order with NaN).
        if (std::isnan(a) || std::isnan(b))
            return !std::isnan(a) && std::isnan(b);
        if (a != b)
            return a < b;
        return left.row() < right.row();
    }

private:
    std::string m_text;
    bool m_onlyFront = false;
};

CandidateTableView::CandidateTableView(QWidget* parent) : QWidget(parent) {
    m_model = new CandidateTableModel(this);
    m_proxy = new Proxy(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(Qt::UserRole);
    // Dynamic: new batches land in sorted place, and rows whose front mark changes are
    // filtered again (the model signals only those rows).
    m_proxy->setDynamicSortFilter(true);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("candidateFilter"));
    m_filter->setPlaceholderText(tr("Filter by id, status, genome or hash…"));
    m_filter->setClearButtonEnabled(true);
    m_onlyFront = new QCheckBox(tr("Only front"), this);
    m_onlyFront->setObjectName(QStringLiteral("onlyFront"));
    m_onlyFront->setToolTip(tr("Show only members of the current Pareto front"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("candidateTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(CandidateTableModel::IdColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Uniform rows: the view never measures row contents, whatever the row count.
    QHeaderView* rows = m_table->verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 6);
    rows->hide();
    QHeaderView* columns = m_table->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setDefaultSectionSize(fontMetrics().horizontalAdvance(QStringLiteral("0000000.000")) + 16);
    // Metric columns arrive with the data: each gets room for its header, and none stretches.
    columns->setStretchLastSection(false);
    // A header that grows later (a column gaining a second source) widens its column, never
    // narrows one the user has set.
    const auto headerWidth = [this](int column) {
        const QString title = m_proxy->headerData(column, Qt::Horizontal).toString();
        return m_table->horizontalHeader()->fontMetrics().horizontalAdvance(title) + 28;  // sort arrow, margins
    };
    connect(m_proxy, &QAbstractItemModel::columnsInserted, this, [this, headerWidth](const QModelIndex&, int first, int last) {
        for (int column = first; column <= last; ++column)
            m_table->setColumnWidth(column, std::max(m_table->horizontalHeader()->defaultSectionSize(), headerWidth(column)));
    });
    connect(m_proxy, &QAbstractItemModel::headerDataChanged, this,
            [this, headerWidth](Qt::Orientation orientation, int first, int last) {
                if (orientation != Qt::Horizontal)
                    return;
                for (int column = first; column <= last; ++column)
                    if (headerWidth(column) > m_table->columnWidth(column))
                        m_table->setColumnWidth(column, headerWidth(column));
            });
    columns->setHighlightSections(false);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_onlyFront);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);

    // The fixed columns exist from the start; the marker and generation columns are narrow.
    const int narrow = fontMetrics().horizontalAdvance(tr("Front")) + 24;
    m_table->setColumnWidth(CandidateTableModel::FrontColumn, narrow);
    m_table->setColumnWidth(CandidateTableModel::GenerationColumn, narrow);
    m_table->setColumnWidth(CandidateTableModel::IdColumn, narrow + 16);
    // A large batch inserted into a sorted proxy goes in row by row (one insertion and one view
    // update per row, each O(rows)): 2,000 rows into 100,000 took seconds. For large batches
    // the proxy appends them unsorted and then sorts once, O(n log n).
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this](const QModelIndex&, int first, int last) {
        if (last - first + 1 >= kResortBatch && m_proxy->sortColumn() >= 0)
            m_proxy->setDynamicSortFilter(false);
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_proxy->dynamicSortFilter())
            m_proxy->setDynamicSortFilter(true);  // sorts everything once
    });
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) { m_proxy->setText(text); });
    connect(m_onlyFront, &QCheckBox::toggled, this, [this](bool on) { m_proxy->setOnlyFront(on); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (!m_settingSelection)
            emit selectionChanged(selectedIds());
    });
    connect(m_table, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        const QModelIndex source = m_proxy->mapToSource(index);
        if (source.isValid())
            emit candidateActivated(m_model->candidateAt(source.row()).id);
    });
}

CandidateTableView::~CandidateTableView() = default;

QSortFilterProxyModel* CandidateTableView::proxyModel() const { return m_proxy; }

void CandidateTableView::setSelectedIds(const QList<qint64>& ids) {
    std::vector<int> proxyRows;
    proxyRows.reserve(static_cast<std::size_t>(ids.size()));
    for (qint64 id : ids) {
        const int row = m_model->rowOfId(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        if (index.isValid())
            proxyRows.push_back(index.row());
    }
    std::sort(proxyRows.begin(), proxyRows.end());
    QItemSelection selection;
    const int lastColumn = m_proxy->columnCount() - 1;
    for (std::size_t i = 0; i < proxyRows.size();) {
        std::size_t j = i;
        while (j + 1 < proxyRows.size() && proxyRows[j + 1] <= proxyRows[j] + 1)
            ++j;
        selection.select(m_proxy->index(proxyRows[i], 0), m_proxy->index(proxyRows[j], lastColumn));
        i = j + 1;
    }
    m_settingSelection = true;
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    m_settingSelection = false;
    if (!proxyRows.empty())
        m_table->scrollTo(m_proxy->index(proxyRows.front(), 0));
}

QList<qint64> CandidateTableView::selectedIds() const {
    QList<qint64> out;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
        const QModelIndex source = m_proxy->mapToSource(index);
        if (source.isValid())
            out.append(m_model->candidateAt(source.row()).id);
    }
    std::sort(out.begin(), out.end());
    return out;
}

void CandidateTableView::setFilterText(const QString& text) { m_filter->setText(text); }

void CandidateTableView::setOnlyFront(bool on) { m_onlyFront->setChecked(on); }

} // namespace edgenas::widgets
