// The malformed-input corpus (tests/data/malformed/inputs) through the workbench's own paths:
// opening a database or a run, loading a config into the launch dialog, method settings in the
// form, injecting an architecture file into a running search. Each bad input is refused with a
// message naming it (what the window shows in a dialog), nothing crashes, and no file in the
// corpus folder is created or changed.

#include "app_test_support.h"

#include "launch_dialog.h"
#include "log_panel.h"
#include "search_session.h"
#include "steering_panel.h"
#include "workbench_window.h"

#include "folder_snapshot.h"

#include <QAction>
#include <QApplication>
#include <QMessageBox>
#include <QTimer>
#include <QSignalSpy>
#include <QtTest/QtTest>

using namespace edgenas;

namespace {

const QString kInputs = QStringLiteral(EDGENAS_TEST_DATA_DIR "/malformed/inputs");

QStringList filesIn(const QString& folder) {
    QStringList out;
    for (const QFileInfo& info : QDir(folder).entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot, QDir::Name))
        out << info.absoluteFilePath();
    return out;
}

// Closes each message box the window opens, keeping its text: a test cannot click "OK", and the
// box is what the user would see.
class MessageBoxCatcher : public QObject {
public:
    MessageBoxCatcher() {
        m_timer.setInterval(50);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                m_texts << box->text();
                box->done(QMessageBox::Ok);
            }
        });
        m_timer.start();
    }
    const QStringList& texts() const { return m_texts; }

private:
    QTimer m_timer;
    QStringList m_texts;
};

} // namespace

class TestMalformedInWorkbench : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_settings.isValid());
        app::test::isolateSettings(m_settings);
        QVERIFY(m_work.isValid());
        QVERIFY(test::copyTree(kInputs, m_work.path()));
        m_before = test::folderSnapshot(m_work.path());
        QVERIFY(m_before.size() > 60);
    }

    // Not SQLite, another program's SQLite, a newer schema, truncated, a bad page size, a folder,
    // a missing file: refused by the Runs panel and by "show run", naming the file.
    void databasesAreRefused() {
        app::WorkbenchWindow window;
        QStringList paths = filesIn(m_work.filePath(QStringLiteral("db")));
        paths << m_work.filePath(QStringLiteral("db/no-such.sqlite"))
              << m_work.filePath(QStringLiteral("no-such-folder/runs.sqlite"));
        QVERIFY(paths.size() >= 8);
        for (const QString& path : paths) {
            const QString name = QFileInfo(path).fileName();
            QString error;
            QVERIFY2(!window.openDatabase(path, &error), qPrintable(path));
            QVERIFY2(error.contains(name), qPrintable(name + ": " + error));
            error.clear();
            QVERIFY2(!window.showStoredRun(path, 1, &error), qPrintable(path));
            QVERIFY2(!error.isEmpty(), qPrintable(name));
            ++m_refused;
        }
    }

    // Every config of the corpus is refused when loaded, or loads and blocks the Start button
    // with a message; none starts.
    void configsAreRefused() {
        int refusedAtLoad = 0, blocked = 0;
        for (const QString& path : filesIn(m_work.filePath(QStringLiteral("config")))) {
            app::LaunchDialog dialog;
            dialog.setDatabasePath(m_scratch.filePath(QStringLiteral("runs.sqlite")));
            QString error;
            if (!dialog.loadConfigFile(path, &error)) {
                QVERIFY2(!error.isEmpty(), qPrintable(path));
                ++refusedAtLoad;
            } else {
                QVERIFY2(!dialog.canStart(), qPrintable(QFileInfo(path).fileName() + " was accepted"));
                QVERIFY2(!dialog.messageText().isEmpty(), qPrintable(path));
                ++blocked;
            }
            ++m_refused;
        }
        qInfo("configs: %d refused when loaded, %d loaded with Start blocked", refusedAtLoad, blocked);
        QVERIFY(refusedAtLoad + blocked >= 30);
    }

    // Method settings that the CLI refuses with exit 2 block the dialog's Start button too.
    void methodSettingsAreRefused() {
        for (const QString& path : filesIn(m_work.filePath(QStringLiteral("settings")))) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            app::LaunchDialog dialog;
            dialog.setDatabasePath(m_scratch.filePath(QStringLiteral("runs.sqlite")));
            search::RunConfig c = dialog.config();
            c.method = QFileInfo(path).fileName().section('-', 0, 0).toStdString();
            c.methodSettingsJson = file.readAll().toStdString();
            dialog.setConfig(c);
            QVERIFY2(!dialog.canStart(), qPrintable(QFileInfo(path).fileName() + " was accepted"));
            QVERIFY2(!dialog.messageText().isEmpty(), qPrintable(path));
            ++m_refused;
        }
    }

    // Bad architecture files injected into a running search: refused at once naming the file
    // when they do not parse, or refused by the engine and logged; the search runs on.
    void architecturesInjectedAreRefused() {
        app::WorkbenchWindow window;
        window.setEvaluatorProvider(std::make_shared<app::test::SlowEvaluators>(std::chrono::milliseconds(30)));
        QSignalSpy finished(&window, &app::WorkbenchWindow::searchFinished);
        QString error;
        QVERIFY2(window.startSearch(app::test::tinyConfig(400, 6), m_scratch.filePath(QStringLiteral("inject.sqlite")),
                                    QStringLiteral("inject"), &error),
                 qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->runId() >= 0, 30'000);
        int refusedAtOnce = 0, sent = 0;
        for (const QString& path : filesIn(m_work.filePath(QStringLiteral("arch")))) {
            if (QFileInfo(path).fileName().startsWith(QLatin1String("valid")))
                continue;  // the corpus's good files, kept for the CLI's data-set cases
            error.clear();
            if (window.steeringPanel()->injectFile(path, &error)) {
                ++sent;
            } else {
                QVERIFY2(error.contains(QFileInfo(path).fileName()), qPrintable(path + ": " + error));
                ++refusedAtOnce;
            }
            ++m_refused;
        }
        qInfo("architectures: %d refused at once, %d sent and left to the engine", refusedAtOnce, sent);
        // What the engine refuses it logs; the search carries on until stopped.
        QTRY_VERIFY_WITH_TIMEOUT(window.logPanel()->text().count(QStringLiteral("steering ignored")) >= sent, 60'000);
        QVERIFY(window.isSearchRunning());
        window.stopAction()->trigger();
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("interrupted"));
    }

    // A damaged data set folder: the search started on it ends at once with a message that names
    // the damaged file (the window shows it in a dialog); nothing was trained on it.
    void damagedDataSetsStopTheSearch() {
        struct Folder {
            QString dataset;
            QString path;
        };
        std::vector<Folder> folders;
        for (const QString& dataset : {QStringLiteral("fashion-mnist"), QStringLiteral("cifar10"), QStringLiteral("cifar100")})
            for (const QString& path : filesIn(m_work.filePath(dataset)))
                if (QFileInfo(path).fileName() != QLatin1String("valid"))
                    folders.push_back({dataset, path});
        QVERIFY(folders.size() >= 20);
        app::WorkbenchWindow window;
        MessageBoxCatcher boxes;
        int stopped = 0;
        for (const Folder& folder : folders) {
            search::RunConfig c = app::test::tinyConfig(6, 6);
            c.dataset = folder.dataset.toStdString();
            c.datasetDirectory = folder.path.toStdString();
            QSignalSpy finished(&window, &app::WorkbenchWindow::searchFinished);
            QString error;
            const QString db = m_scratch.filePath(QStringLiteral("data-%1.sqlite").arg(stopped));
            if (!window.startSearch(c, db, QStringLiteral("damaged data"), &error)) {
                QVERIFY2(error.contains(QFileInfo(folder.path).fileName()), qPrintable(folder.path + ": " + error));
            } else {
                QVERIFY2(finished.wait(120'000) || !finished.isEmpty(), qPrintable(folder.path));
                QCOMPARE(finished.first().at(1).toString(), QStringLiteral("failed"));
                // The dialog the user sees names the damaged folder's file.
                QTRY_VERIFY_WITH_TIMEOUT(!boxes.texts().isEmpty(), 10'000);
                const QString shown = boxes.texts().last();
                QVERIFY2(shown.contains(QFileInfo(folder.path).fileName() + QLatin1Char('/')),
                         qPrintable(folder.path + ":\n" + shown));
            }
            ++stopped;
            ++m_refused;
        }
        qInfo("data sets: %d damaged folders stopped the search before training", stopped);
    }

    // A damaged latency table: refused by the dialog's check, or the search on it stops at once
    // with a dialog naming the table.
    void damagedLatencyTablesStopTheSearch() {
        app::WorkbenchWindow window;
        MessageBoxCatcher boxes;
        int stopped = 0;
        for (const QString& path : filesIn(m_work.filePath(QStringLiteral("table")))) {
            search::RunConfig c = app::test::tinyConfig(6, 6);
            c.objectives = {"params", "latency"};
            c.device = "raspberry-pi-4";
            c.latencyTable = path.toStdString();
            app::LaunchDialog dialog;
            dialog.setDatabasePath(m_scratch.filePath(QStringLiteral("runs.sqlite")));
            dialog.setConfig(c);
            const QString name = QFileInfo(path).fileName();
            if (!dialog.canStart()) {
                QVERIFY2(dialog.messageText().contains(name), qPrintable(name + ": " + dialog.messageText()));
            } else {
                QSignalSpy finished(&window, &app::WorkbenchWindow::searchFinished);
                QString error;
                const QString db = m_scratch.filePath(QStringLiteral("table-%1.sqlite").arg(stopped));
                if (!window.startSearch(c, db, QStringLiteral("damaged table"), &error)) {
                    QVERIFY2(error.contains(name), qPrintable(name + ": " + error));
                } else {
                    QVERIFY2(finished.wait(60'000) || !finished.isEmpty(), qPrintable(path));
                    QCOMPARE(finished.first().at(1).toString(), QStringLiteral("failed"));
                    QTRY_VERIFY_WITH_TIMEOUT(!boxes.texts().isEmpty(), 10'000);
                    QVERIFY2(boxes.texts().last().contains(name), qPrintable(name + ": " + boxes.texts().last()));
                }
            }
            ++stopped;
            ++m_refused;
        }
        qInfo("latency tables: %d damaged tables refused", stopped);
        QVERIFY(stopped >= 14);
    }

    void corpusFolderUnchanged() {
        const QString changes = test::snapshotChanges(m_before, test::folderSnapshot(m_work.path()));
        QVERIFY2(changes.isEmpty(), qPrintable(changes));
        qInfo("%d bad inputs refused through the workbench's paths", m_refused);
    }

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_work;
    QTemporaryDir m_scratch;
    QMap<QString, QString> m_before;
    int m_refused = 0;
};

QTEST_MAIN(TestMalformedInWorkbench)
#include "test_malformed_in_workbench.moc"
