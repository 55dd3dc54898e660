#pragma once

#include <QString>

class QWidget;

namespace edgenas::app {

// Where the workbench reads and writes files, and the file dialogs that ask for them. The
// dialogs return an empty string when the user cancels.

/// The run database a new search goes to by default (in the user's data folder, made if missing).
QString defaultDatabasePath();
/// The folder exports and reports were last written to (the home folder at first).
QString lastExportFolder();
void rememberExportFolder(const QString& folder);

/// A run database to open, starting in `currentDatabase`'s folder or the default one.
QString askDatabaseToOpen(QWidget* parent, const QString& currentDatabase);
/// Where to write the candidate table as CSV.
QString askCsvPath(QWidget* parent);
/// Where to write run `runId`'s report; a name without suffix gets the chosen format's
/// (".html" or ".pdf").
QString askReportPath(QWidget* parent, qint64 runId);

} // namespace edgenas::app
