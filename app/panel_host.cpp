#include "panel_host.h"

#include "panel_registry.h"
#include "workbench_window.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>

namespace edgenas::app {

PanelHost::PanelHost(QMainWindow& window, SelectionRequest selectionRequest)
    : m_window(window), m_selectionRequest(std::move(selectionRequest)) {}

QDockWidget* PanelHost::addPanel(const QString& id, const QString& title, QWidget* widget, Qt::DockWidgetArea area,
                                 bool visible) {
    auto* dock = new QDockWidget(title, &m_window);
    dock->setObjectName(id + QStringLiteral("Dock"));
    dock->setWidget(widget);
    m_window.addDockWidget(area, dock);
    dock->setVisible(visible);
    m_docks.emplace_back(id, dock);
    if (m_panelsMenu)
        m_panelsMenu->addAction(dock->toggleViewAction());
    if (auto* panel = dynamic_cast<RunPanel*>(widget)) {
        m_runPanels.push_back(panel);
        panel->setSelectionRequest(m_selectionRequest);
    }
    return dock;
}

void PanelHost::addBuiltInPanels(const BuiltInPanels& panels) {
    // Titles in the window's translation context, where they were written first.
    QDockWidget* progress = addPanel(QStringLiteral("progress"), WorkbenchWindow::tr("Progress"), panels.progress,
                                     Qt::LeftDockWidgetArea);
    QDockWidget* steering = addPanel(QStringLiteral("steering"), WorkbenchWindow::tr("Steering"), panels.steering,
                                     Qt::LeftDockWidgetArea);
    QDockWidget* architecture = addPanel(QStringLiteral("architecture"), WorkbenchWindow::tr("Architecture"),
                                         panels.architecture, Qt::RightDockWidgetArea);
    QDockWidget* compare =
        addPanel(QStringLiteral("compare"), WorkbenchWindow::tr("Compare"), panels.compare, Qt::RightDockWidgetArea);
    QDockWidget* table =
        addPanel(QStringLiteral("table"), WorkbenchWindow::tr("Candidates"), panels.table, Qt::BottomDockWidgetArea);
    QDockWidget* runs = addPanel(QStringLiteral("runs"), WorkbenchWindow::tr("Runs"), panels.runs, Qt::BottomDockWidgetArea);
    QDockWidget* log = addPanel(QStringLiteral("log"), WorkbenchWindow::tr("Log"), panels.log, Qt::BottomDockWidgetArea);
    m_window.splitDockWidget(progress, steering, Qt::Vertical);
    m_window.tabifyDockWidget(architecture, compare);
    m_window.tabifyDockWidget(table, runs);
    m_window.tabifyDockWidget(runs, log);
    architecture->raise();
    table->raise();
    m_window.resizeDocks({progress, architecture}, {300, 380}, Qt::Horizontal);
    m_window.resizeDocks({table}, {230}, Qt::Vertical);
}

void PanelHost::addRegisteredPanels(const std::string& shownMethod) {
    // Later modules (GOS, HADAS, GRAM views) add theirs through the registry.
    for (const PanelSpec& spec : PanelRegistry::panels()) {
        if (!spec.create)
            continue;
        QDockWidget* added = addPanel(spec.id, spec.title ? spec.title() : spec.id, spec.create(), spec.area,
                                      spec.visibleByDefault && spec.isFor(shownMethod));
        if (QDockWidget* beside = dock(spec.tabifyWith))
            m_window.tabifyDockWidget(beside, added);
        if (!spec.methods.empty() || spec.runs)
            m_methodPanels.add(added, [spec](const search::RunConfig& config) { return spec.isFor(config); });
    }
}

void PanelHost::listIn(QMenu* menu) {
    m_panelsMenu = menu;
    for (const auto& [id, dock] : m_docks)
        menu->addAction(dock->toggleViewAction());
}

QDockWidget* PanelHost::dock(const QString& id) const {
    for (const auto& [name, dock] : m_docks)
        if (name == id)
            return dock;
    return nullptr;
}

void PanelHost::bringForward(const QString& id) const {
    if (QDockWidget* found = dock(id)) {
        found->show();
        found->raise();
    }
}

} // namespace edgenas::app
