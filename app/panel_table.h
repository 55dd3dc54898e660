#pragma once

#include <QAbstractItemView>
#include <QString>
#include <QStringList>

class QTableWidget;
class QTableWidgetItem;

namespace edgenas::app {

// The read-only tables of the method panels (GRAM's pruning steps, HADAS's backbones, ...) look
// and behave alike: built here once.

/// `value` with `digits` significant digits in the user's locale; "—" when not finite.
QString panelNumber(double value, int digits = 4);
/// A selectable, read-only cell with an optional tool tip.
QTableWidgetItem* panelCell(const QString& text, const QString& tip = {});

/// The role of column 0 that holds a row's store id (see panelRowOfId).
inline constexpr int kPanelIdRole = Qt::UserRole + 1;
/// The row whose first cell holds store id `id` (kPanelIdRole); -1 if none.
int panelRowOfId(const QTableWidget* table, qint64 id);
/// The store id of the row of the first selected cell; -1 when nothing is selected.
qint64 selectedPanelId(const QTableWidget* table);
/// Selects `row` (none for -1) and scrolls to it without signalling: the program chose it.
void selectPanelRowQuietly(QTableWidget* table, int row);
/// Whole-row selection, no editing, compact rows sized to the font, columns fitted to their
/// contents with the last one stretched, alternating row colours.
QTableWidget* panelTable(const QStringList& headers, QAbstractItemView::SelectionMode selection, int minimumHeight);

} // namespace edgenas::app
