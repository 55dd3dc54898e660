#include "window_settings.h"

#include "run_browser.h"

#include <QAction>
#include <QFileInfo>
#include <QMainWindow>
#include <QSettings>

namespace edgenas::app {

void WindowSettings::restore(QMainWindow& window, QAction& logX, RunBrowser& browser) {
    QSettings settings;
    if (const QByteArray geometry = settings.value(QStringLiteral("window/geometry")).toByteArray(); !geometry.isEmpty())
        window.restoreGeometry(geometry);
    if (const QByteArray state = settings.value(QStringLiteral("window/state")).toByteArray(); !state.isEmpty())
        window.restoreState(state, kStateVersion);
    logX.setChecked(settings.value(QStringLiteral("plot/logX"), false).toBool());
    const QStringList recent = browser.recentFiles();
    if (!recent.isEmpty() && QFileInfo::exists(recent.first()))
        browser.openDatabase(recent.first());
}

void WindowSettings::save(const QMainWindow& window, const QAction& logX) {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), window.saveGeometry());
    settings.setValue(QStringLiteral("window/state"), window.saveState(kStateVersion));
    settings.setValue(QStringLiteral("plot/logX"), logX.isChecked());
}

} // namespace edgenas::app
