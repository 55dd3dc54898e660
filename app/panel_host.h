#pragma once

#include "method_panel_docks.h"

#include "search/run_config.h"

#include <QString>
#include <QtCore/qnamespace.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

class QDockWidget;
class QMainWindow;
class QMenu;
class QWidget;

namespace edgenas::app {

class RunPanel;

/// Hosts the window's dock panels: docks them, lists them in View ▸ Panels, creates the panels
/// registered in PanelRegistry beside the built-in ones, and shows the method panels for the
/// method of the shown run. The run panels among them are kept for the window to feed.
class PanelHost {
public:
    /// How a run panel asks the window to select candidates (by Candidate::hash).
    using SelectionRequest = std::function<void(const std::vector<std::string>& identities)>;

    PanelHost(QMainWindow& window, SelectionRequest selectionRequest);

    /// A panel docked beside the central view; the window takes ownership of the widget.
    QDockWidget* addPanel(const QString& id, const QString& title, QWidget* widget, Qt::DockWidgetArea area,
                          bool visible = true);
    /// The window's own panels, each in the dock of the id given.
    struct BuiltInPanels {
        QWidget* progress;      ///< "progress"
        QWidget* steering;      ///< "steering"
        QWidget* architecture;  ///< "architecture"
        QWidget* compare;       ///< "compare"
        QWidget* table;         ///< "table"
        QWidget* runs;          ///< "runs"
        QWidget* log;           ///< "log"
    };
    /// Docks the window's own panels: how the run goes and how to steer it on the left, the
    /// selected networks on the right, the lists at the bottom.
    void addBuiltInPanels(const BuiltInPanels& panels);
    /// Creates the panels of PanelRegistry; those for some methods only are shown when the
    /// shown run's method is one of theirs.
    void addRegisteredPanels(const std::string& shownMethod);
    /// Lists every dock in `menu` (View ▸ Panels), and the docks added later too.
    void listIn(QMenu* menu);

    QDockWidget* dock(const QString& id) const;
    /// Shows and raises a dock (above those it is tabbed with); nothing if there is no such dock.
    void bringForward(const QString& id) const;
    /// Shows the panels for runs like `config` (its method, its objectives) and hides the others.
    void showFor(const search::RunConfig& config) { m_methodPanels.showFor(config, m_window); }

    const std::vector<RunPanel*>& runPanels() const { return m_runPanels; }

private:
    QMainWindow& m_window;
    SelectionRequest m_selectionRequest;
    std::vector<std::pair<QString, QDockWidget*>> m_docks;
    std::vector<RunPanel*> m_runPanels;
    MethodPanelDocks m_methodPanels;
    QMenu* m_panelsMenu = nullptr;
};

} // namespace edgenas::app
