#pragma once

class QAction;
class QMainWindow;

namespace edgenas::app {

class RunBrowser;

/// What the workbench remembers between sessions (QSettings): the window's geometry and dock
/// layout, the plot's log-x choice, and the database opened last, reopened at start.
class WindowSettings {
public:
    static void restore(QMainWindow& window, QAction& logX, RunBrowser& browser);
    static void save(const QMainWindow& window, const QAction& logX);

private:
    // Bumped when the docks change so much that an old saved layout would misplace them.
    static constexpr int kStateVersion = 1;
};

} // namespace edgenas::app
