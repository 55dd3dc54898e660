#pragma once

#include "core/candidate.h"
#include "search/run_config.h"
#include "store/run_records.h"

#include <QList>
#include <QString>
#include <QtCore/qnamespace.h>

#include <functional>
#include <string>
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
    /// Method records committed with the run's generations (a GRAM meta-graph per sweep), in
    /// commit order: from a live search, a stored run as it is replayed, or a followed run as
    /// another process commits it.
    virtual void runRecordsAdded(const std::vector<store::MethodStateRecord>& records) {}
    /// The run's front over all its objectives (store ids), after each committed generation.
    virtual void frontChanged(const QList<qint64>& frontIds) {}
    /// The objectives or bounds changed while the run is shown (steering).
    virtual void runSettingsChanged(const search::RunConfig& config) {}

    /// Set by the window: how a panel asks it to select candidates, by identity (Candidate::hash),
    /// in the plot, table, architecture and compare views.
    using SelectionRequest = std::function<void(const std::vector<std::string>& identities)>;
    void setSelectionRequest(SelectionRequest request) { m_selectionRequest = std::move(request); }
    /// Set by the window's selection: how a panel that shows the run's own candidates selects
    /// them by store id, exactly (several candidates may share an identity).
    using IdSelectionRequest = std::function<void(const QList<qint64>& ids)>;
    void setIdSelectionRequest(IdSelectionRequest request) { m_idSelectionRequest = std::move(request); }

protected:
    /// Selects these candidates in the window; nothing happens when no window listens.
    void requestSelection(const std::vector<std::string>& identities) const {
        if (m_selectionRequest)
            m_selectionRequest(identities);
    }
    /// Selects these candidates (store ids) in the window; nothing happens when no window listens.
    void requestSelectionOfIds(const QList<qint64>& ids) const {
        if (m_idSelectionRequest)
            m_idSelectionRequest(ids);
    }

private:
    SelectionRequest m_selectionRequest;
    IdSelectionRequest m_idSelectionRequest;
};

/// Describes a dock panel the workbench window creates at start-up, besides its built-in ones.
struct PanelSpec {
    QString id;                          ///< stable object name, used to save the window layout
    std::function<QString()> title;      ///< translated title
    Qt::DockWidgetArea area = Qt::RightDockWidgetArea;
    std::function<QWidget*()> create;    ///< the window takes ownership; a RunPanel gets run data
    bool visibleByDefault = false;
    /// A built-in dock ("table", "architecture", ...) to share a tab group with; empty = none.
    QString tabifyWith;
    /// Methods whose runs the panel is for (RunConfig::method); empty = every run. The window
    /// shows such a panel while a run of one of them is shown and hides it otherwise.
    std::vector<std::string> methods;
    /// Runs the panel is for besides `methods` (e.g. three or more objectives); empty = every run.
    /// Such a panel is shown and hidden with the runs, as method panels are.
    std::function<bool(const search::RunConfig&)> runs;

    bool isFor(const std::string& method) const;
    bool isFor(const search::RunConfig& config) const { return isFor(config.method) && (!runs || runs(config)); }
};

/// Panels added by later modules without touching the window's code. The methods' own panels
/// are added once, from the list in registered_panels.cpp, before the first panels() returns.
class PanelRegistry {
public:
    static void add(PanelSpec spec);
    static const std::vector<PanelSpec>& panels();
};

} // namespace edgenas::app
