#include "method_panel_docks.h"

#include "widgets/candidate_table_model.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>

#include <algorithm>

namespace edgenas::app {

void MethodPanelDocks::add(QDockWidget* dock, std::vector<std::string> methods) {
    m_docks.emplace_back(dock, std::move(methods));
}

void MethodPanelDocks::showFor(const std::string& method, QMainWindow& window) const {
    for (const auto& [dock, methods] : m_docks) {
        const bool fits = std::find(methods.begin(), methods.end(), method) != methods.end();
        const bool appears = fits && dock->isHidden();
        dock->toggleViewAction()->setVisible(fits);
        dock->setVisible(fits);
        if (!appears)
            continue;
        dock->raise();
        // A dock shown after the window was laid out starts squeezed to its minimum: it gets the
        // size its panel asks for, as far as the central view can give it up without the
        // window growing.
        const QSize want = dock->widget()->sizeHint();
        const QWidget* centre = window.centralWidget();
        const QSize spare = centre ? (centre->size() - centre->minimumSizeHint()).expandedTo(QSize(0, 0)) : QSize();
        window.resizeDocks({dock}, {std::min(want.width(), dock->width() + spare.width())}, Qt::Horizontal);
        window.resizeDocks({dock}, {std::min(want.height(), dock->height() + spare.height())}, Qt::Vertical);
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
