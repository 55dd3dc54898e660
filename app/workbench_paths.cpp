#include "workbench_paths.h"

// Its texts keep the translation context of the window they were written in first.
#include "workbench_window.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace edgenas::app {

namespace {

const char* kExportFolderKey = "export/folder";

} // namespace

QString defaultDatabasePath() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/edgenas/runs");
    // The workbench's own data folder: made on first use, or a fresh install could not start
    // its first search without the user making a folder ("The folder ... does not exist").
    QDir().mkpath(dir);
    return QDir(dir).filePath(QStringLiteral("workbench.sqlite"));
}

QString lastExportFolder() { return QSettings().value(QLatin1String(kExportFolderKey), QDir::homePath()).toString(); }

void rememberExportFolder(const QString& folder) { QSettings().setValue(QLatin1String(kExportFolderKey), folder); }

QString askDatabaseToOpen(QWidget* parent, const QString& currentDatabase) {
    QString start = currentDatabase;
    if (start.isEmpty())
        start = QFileInfo(defaultDatabasePath()).absolutePath();
    return QFileDialog::getOpenFileName(parent, WorkbenchWindow::tr("Open Run Database"), start,
                                        WorkbenchWindow::tr("Run databases (*.sqlite *.db);;All files (*)"));
}

QString askCsvPath(QWidget* parent) {
    return QFileDialog::getSaveFileName(parent, WorkbenchWindow::tr("Export Candidates as CSV"),
                                        lastExportFolder() + QStringLiteral("/candidates.csv"),
                                        WorkbenchWindow::tr("CSV files (*.csv);;All files (*)"));
}

QString askReportPath(QWidget* parent, qint64 runId) {
    QString selectedFilter;
    QString path = QFileDialog::getSaveFileName(parent, WorkbenchWindow::tr("Write Run Report"),
                                                lastExportFolder() + QStringLiteral("/run-%1-report.html").arg(runId),
                                                WorkbenchWindow::tr("HTML report (*.html);;PDF report (*.pdf)"), &selectedFilter);
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty())
        path += selectedFilter.contains(QStringLiteral("pdf")) ? QStringLiteral(".pdf") : QStringLiteral(".html");
    return path;
}

} // namespace edgenas::app
