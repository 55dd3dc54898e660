#include "method_panel_docks.h"

#include "widgets/candidate_table_model.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QTimer>

#include <algorithm>

namespace edgenas::app {

void MethodPanelDocks::add(QDockWidget* dock, std::vector<std::string> methods) {
    add(dock, [methods = std::move(methods)](const search::RunConfig& config) {
        return std::find(methods.begin(), methods.end(), config.method) != methods.end();
    });
}

void MethodPanelDocks::add(QDockWidget* dock, RunFilter isFor) { m_docks.emplace_back(dock, std::move(isFor)); }

void MethodPanelDocks::showFor(const search::RunConfig& config, QMainWindow& window) const {
    for (const auto& [dock, isFor] : m_docks) {
        const bool fits = isFor(config);
        const bool appears = fits && dock->isHidden();
        dock->toggleViewAction()->setVisible(fits);
        dock->setVisible(fits);
        if (!appears)
            continue;
        dock->raise();
        // A dock shown after the window was laid out starts squeezed to its minimum: it gets the
        // size its panel asks for, as far as the central view can give it up without the
        // window growing. Once the layout has placed it (a run shown as the window opens is
        // not laid out yet).
        QTimer::singleShot(0, dock, [dock = dock, &window] {
            const QSize want = dock->widget()->sizeHint();
            const QWidget* centre = window.centralWidget();
            const QSize spare =
                centre ? (centre->size() - centre->minimumSizeHint()).expandedTo(QSize(0, 0)) : QSize();
            // A dock at the top or bottom takes its width from the docks beside it, not the centre.
            const Qt::DockWidgetArea area = window.dockWidgetArea(dock);
            const bool across = area == Qt::TopDockWidgetArea || area == Qt::BottomDockWidgetArea;
            window.resizeDocks({dock}, {across ? want.width() : std::min(want.width(), dock->width() + spare.width())},
                               Qt::Horizontal);
            // Docks side by side share one height: a later, shorter one must not squeeze the others.
            const int height = std::min(want.height(), dock->height() + spare.height());
            window.resizeDocks({dock}, {across ? std::max(height, dock->height()) : height}, Qt::Vertical);
        });
    }
}

QList<qint64> MethodPanelDocks::idsOf(const widgets::CandidateTableModel& table,
                                      const std::vector<std::string>& identities) {
    QList<qint64> ids;
    for (int row = 0; row < table.rowCount() && ids.size() < qsizetype(identities.size()); ++row)
        if (std::find(identities.begin(), identities.end(), table.candidateAt(row).hash) != identities.end())
            ids << table.candidateAt(row).id;
    return ids;
}

} // namespace edgenas::app
