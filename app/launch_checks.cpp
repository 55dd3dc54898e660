#include "launch_checks.h"

// Its texts keep the translation context of the launch dialog they were written in first.
#include "launch_dialog.h"

#include "cost/device_catalog.h"
#include "data/dataset_spec.h"
#include "search/method_registry.h"
#include "search/run_space.h"

#include <QFileInfo>

#include <algorithm>
#include <exception>

namespace edgenas::app {

namespace {

// Accuracy-like objectives need a data set; cost objectives do not.
bool needsData(const std::vector<std::string>& objectives) {
    return std::any_of(objectives.begin(), objectives.end(),
                       [](const std::string& o) { return o.rfind("accuracy", 0) == 0; });
}

} // namespace

QString dataProblem(const search::RunConfig& c, const QString& label) {
    if (!needsData(c.objectives))
        return {};
    const data::DatasetSpec spec{c.dataset, c.datasetDirectory};
    const QString folder = QString::fromStdString(c.datasetDirectory);
    if (c.datasetDirectory.empty() && data::defaultDatasetDirectory(c.dataset).empty())
        return LaunchDialog::tr("%1 has no default location: choose the folder holding its binary batch files.").arg(label);
    if (!folder.isEmpty() && !QFileInfo(folder).isDir())
        return LaunchDialog::tr("The data folder %1 does not exist.").arg(folder);
    if (!data::datasetAvailable(spec))
        return LaunchDialog::tr("The %1 files are not in %2.")
            .arg(label, folder.isEmpty() ? QString::fromStdString(data::defaultDatasetDirectory(c.dataset)) : folder);
    return {};
}

QString deviceProblem(const search::RunConfig& c) {
    const cost::DeviceProfile* profile = cost::DeviceCatalog::builtIn().tryFind(c.device);
    if (!profile)
        return LaunchDialog::tr("There is no device profile named '%1': choose one of the listed devices.")
            .arg(QString::fromStdString(c.device));
    if (c.dvfs.empty())
        return {};
    try {
        profile->operatingPoint(c.dvfs);
        return {};
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
}

QString latencyTableProblem(const search::RunConfig& c) {
    if (!c.latencyTable.empty() && !QFileInfo(QString::fromStdString(c.latencyTable)).isFile())
        return LaunchDialog::tr("The latency table %1 does not exist.").arg(QString::fromStdString(c.latencyTable));
    return {};
}

QString databaseProblem(const QString& db) {
    if (db.isEmpty())
        return LaunchDialog::tr("Choose a database file for the run.");
    const QFileInfo file(db);
    const QFileInfo folder(file.absolutePath());
    if (file.isDir())
        return LaunchDialog::tr("The database %1 is a folder; choose a file.").arg(db);
    if (!folder.isDir())
        return LaunchDialog::tr("The folder %1 does not exist.").arg(folder.filePath());
    if (file.exists() ? !file.isWritable() : !folder.isWritable())
        return LaunchDialog::tr("The database %1 cannot be written here.").arg(db);
    return {};
}

QString engineProblem(const search::RunConfig& config) {
    try {
        const search::RunConfig checked = search::runConfigFromJson(search::toJson(config));
        search::makeSearchMethod(checked.method, checked.methodSettingsJson);
        search::makeRunSpace(checked);  // an unknown space, or sizes it cannot take
    } catch (const std::exception& e) {
        return LaunchDialog::tr("The configuration is not usable: %1").arg(QString::fromUtf8(e.what()));
    }
    return {};
}

} // namespace edgenas::app
