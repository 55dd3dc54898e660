#pragma once

#include "core/candidate.h"

#include <QList>

#include <string>
#include <utility>
#include <vector>

class QDockWidget;
class QMainWindow;

namespace edgenas::widgets {
class CandidateTableModel;
}

namespace edgenas::app {

/// The docks of panels made for some methods only (PanelSpec::methods): there while a run of
/// one of those methods is shown, hidden and out of the View menu otherwise.
class MethodPanelDocks {
public:
    void add(QDockWidget* dock, std::vector<std::string> methods);
    /// Shows the docks for runs of `method` and hides the others. A dock that appears is raised
    /// (above the docks it is tabbed with) and given the size its panel asks for.
    void showFor(const std::string& method, QMainWindow& window) const;

    /// Store ids of the candidates with these identities (Candidate::hash), in table order;
    /// identities the table does not hold are left out.
    static QList<qint64> idsOf(const widgets::CandidateTableModel& table, const std::vector<std::string>& identities);

private:
    std::vector<std::pair<QDockWidget*, std::vector<std::string>>> m_docks;
};

} // namespace edgenas::app
