#pragma once

#include <QAbstractItemView>
#include <QString>
#include <QStringList>

class QTableWidget;
class QTableWidgetItem;

namespace edgenas::app {

// The read-only tables of the method panels (GRAM's pruning steps, HADAS's backbones, ...) look
// and behave alike: built here once.

/// A selectable, read-only cell with an optional tool tip.
QTableWidgetItem* panelCell(const QString& text, const QString& tip = {});

/// Whole-row selection, no editing, compact rows sized to the font, columns fitted to their
/// contents with the last one stretched, alternating row colours.
QTableWidget* panelTable(const QStringList& headers, QAbstractItemView::SelectionMode selection, int minimumHeight);

} // namespace edgenas::app
