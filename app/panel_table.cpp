#include "panel_table.h"

#include <QHeaderView>
#include <QLocale>
#include <QTableWidget>

#include <cmath>

namespace edgenas::app {

QString panelNumber(double value, int digits) {
    return std::isfinite(value) ? QLocale().toString(value, 'g', digits) : QStringLiteral("—");
}

QTableWidgetItem* panelCell(const QString& text, const QString& tip) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (!tip.isEmpty())
        item->setToolTip(tip);
    return item;
}

int panelRowOfId(const QTableWidget* table, qint64 id) {
    for (int row = 0; row < table->rowCount(); ++row)
        if (const QTableWidgetItem* item = table->item(row, 0); item && item->data(kPanelIdRole).toLongLong() == id)
            return row;
    return -1;
}

qint64 selectedPanelId(const QTableWidget* table) {
    const QList<QTableWidgetItem*> items = table->selectedItems();
    if (items.isEmpty())
        return -1;
    return table->item(items.first()->row(), 0)->data(kPanelIdRole).toLongLong();
}

void selectPanelRowQuietly(QTableWidget* table, int row) {
    const QSignalBlocker block(table);
    table->clearSelection();
    if (row >= 0) {
        table->selectRow(row);
        table->scrollToItem(table->item(row, 0));
    }
}

QTableWidget* panelTable(const QStringList& headers, QAbstractItemView::SelectionMode selection, int minimumHeight) {
    auto* table = new QTableWidget(0, int(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(selection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setAlternatingRowColors(true);
    table->setMinimumHeight(minimumHeight);
    return table;
}

} // namespace edgenas::app
