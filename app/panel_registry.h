#pragma once

#include "core/candidate.h"
#include "search/run_config.h"

#include <QString>
#include <QtCore/qnamespace.h>

#include <functional>
#include <vector>

class QWidget;

namespace edgenas::app {

/// A dock panel that follows the run the window shows. Method-specific views (GOS diff, HADAS
/// exits and DVFS, GRAM meta-graph) implement it and register themselves in PanelRegistry.
class RunPanel {
public:
    virtual ~RunPanel() = default;
    /// A new run is shown (started, resumed or opened from a database).
    virtual void runCleared(const search::RunConfig& config) {}
    virtual void candidatesAdded(const std::vector<core::Candidate>& candidates) {}
    virtual void selectionChanged(const std::vector<core::Candidate>& selected) {}
};

/// Describes a dock panel the workbench window creates at start-up, besides its built-in ones.
struct PanelSpec {
    QString id;                          ///< stable object name, used to save the window layout
    std::function<QString()> title;      ///< translated title
    Qt::DockWidgetArea area = Qt::RightDockWidgetArea;
    std::function<QWidget*()> create;    ///< the window takes ownership; a RunPanel gets run data
    bool visibleByDefault = false;
};

/// Panels added by later modules without touching the window's code.
class PanelRegistry {
public:
    static void add(PanelSpec spec);
    static const std::vector<PanelSpec>& panels();
};

} // namespace edgenas::app
