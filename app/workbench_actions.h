#pragma once

#include <QObject>

class QAction;
class QMainWindow;
class QMenu;

namespace edgenas::app {

/// The workbench window's actions (text, icons, shortcuts, status tips) and the menus and tool
/// bar that show them. It only makes and arranges them; the window connects what they do.
class WorkbenchActions : public QObject {
    Q_OBJECT
public:
    explicit WorkbenchActions(QMainWindow* window);

    /// Fills the window's menu bar (File, Run, View, Help) and adds the main tool bar.
    /// `recentDatabases` joins the File menu.
    void buildMenus(QMainWindow* window, QMenu* recentDatabases);
    /// View ▸ Panels, which lists every dock; null before buildMenus.
    QMenu* panelsMenu() const { return m_panelsMenu; }
    /// Pause turns into Resume while the running search is paused.
    void showRunState(bool running, bool paused);

    QAction* newSearch = nullptr;
    QAction* openDatabase = nullptr;
    QAction* pause = nullptr;
    QAction* stop = nullptr;
    QAction* exportCandidate = nullptr;
    QAction* exportCsv = nullptr;
    QAction* report = nullptr;
    QAction* compare = nullptr;
    QAction* compareRuns = nullptr;
    QAction* clearComparison = nullptr;
    QAction* resetView = nullptr;
    QAction* logX = nullptr;
    QAction* quit = nullptr;

private:
    QMainWindow* m_window;
    QMenu* m_panelsMenu = nullptr;
};

} // namespace edgenas::app
