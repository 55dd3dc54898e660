#pragma once

#include "core/candidate.h"
#include "search/run_config.h"

#include <QList>

#include <functional>
#include <string>
#include <utility>
#include <vector>

class QDockWidget;
class QMainWindow;

namespace edgenas::widgets {
class CandidateTableModel;
}

namespace edgenas::app {

/// The docks of panels made for some runs only (PanelSpec::methods, PanelSpec::runs): there while
/// such a run is shown, hidden and out of the View menu otherwise.
class MethodPanelDocks {
public:
    using RunFilter = std::function<bool(const search::RunConfig&)>;
    void add(QDockWidget* dock, std::vector<std::string> methods);
    void add(QDockWidget* dock, RunFilter isFor);
    /// Shows the docks for runs like `config` and hides the others. A dock that appears is raised
    /// (above the docks it is tabbed with) and given the size its panel asks for.
    void showFor(const search::RunConfig& config, QMainWindow& window) const;

    /// Store ids of the candidates with these identities (Candidate::hash), in table order;
    /// identities the table does not hold are left out.
    static QList<qint64> idsOf(const widgets::CandidateTableModel& table, const std::vector<std::string>& identities);

private:
    std::vector<std::pair<QDockWidget*, RunFilter>> m_docks;
};

} // namespace edgenas::app
