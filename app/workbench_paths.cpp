#include "workbench_paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace edgenas::app {

namespace {

const char* kExportFolderKey = "export/folder";

// The dialogs' texts keep the window's translation context, where they were written first.
QString tr(const char* text) { return QCoreApplication::translate("edgenas::app::WorkbenchWindow", text); }

} // namespace

QString defaultDatabasePath() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/edgenas/runs");
    return QDir(dir).filePath(QStringLiteral("workbench.sqlite"));
}

QString lastExportFolder() { return QSettings().value(QLatin1String(kExportFolderKey), QDir::homePath()).toString(); }

void rememberExportFolder(const QString& folder) { QSettings().setValue(QLatin1String(kExportFolderKey), folder); }

QString askDatabaseToOpen(QWidget* parent, const QString& currentDatabase) {
    QString start = currentDatabase;
    if (start.isEmpty())
        start = QFileInfo(defaultDatabasePath()).absolutePath();
    return QFileDialog::getOpenFileName(parent, tr("Open Run Database"), start,
                                        tr("Run databases (*.sqlite *.db);;All files (*)"));
}

QString askCsvPath(QWidget* parent) {
    return QFileDialog::getSaveFileName(parent, tr("Export Candidates as CSV"),
                                        lastExportFolder() + QStringLiteral("/candidates.csv"),
                                        tr("CSV files (*.csv);;All files (*)"));
}

QString askReportPath(QWidget* parent, qint64 runId) {
    QString selectedFilter;
    QString path = QFileDialog::getSaveFileName(parent, tr("Write Run Report"),
                                                lastExportFolder() + QStringLiteral("/run-%1-report.html").arg(runId),
                                                tr("HTML report (*.html);;PDF report (*.pdf)"), &selectedFilter);
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty())
        path += selectedFilter.contains(QStringLiteral("pdf")) ? QStringLiteral(".pdf") : QStringLiteral(".html");
    return path;
}

} // namespace edgenas::app
