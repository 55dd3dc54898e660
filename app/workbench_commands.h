#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace edgenas::app {

class LaunchDialog;
class PanelHost;
class WorkbenchWindow;

/// The window's interactive commands: each asks for what it needs (a file, a folder, the
/// runs chosen in the Runs panel), calls the window's operation and shows what went wrong in a
/// message box, which the log keeps too. Also tells the user how a run comparison turned out.
/// It drives the window only through its public operations, as tests and scripts do.
class WorkbenchCommands : public QObject {
    Q_OBJECT
public:
    WorkbenchCommands(WorkbenchWindow& window, PanelHost& panels);

    /// Starts the search `dialog` was accepted with, and remembers it as the last launch.
    void startSearch(const LaunchDialog& dialog);
    void openDatabase();
    /// Shows, or resumes, run `runId` of the database at `path`.
    void showRun(const QString& path, qint64 runId);
    void resumeRun(const QString& path, qint64 runId);
    void exportCandidate();
    void exportCsv();
    void writeReport();
    /// Compares the selected candidates side by side (two or more).
    void compareSelected();
    /// Overlays `runIds` of the shown run's database on it.
    void compareRuns(const QList<qint64>& runIds);
    /// Says in the log and status bar what is compared and what was refused, and makes room
    /// for the hypervolume curves.
    void showComparison(const QStringList& labels, const QStringList& refused);

    /// Logs `text` as an error and shows it in a message box titled `title`.
    void showError(const QString& title, const QString& text);

private:
    WorkbenchWindow& m_window;
    PanelHost& m_panels;
};

} // namespace edgenas::app
