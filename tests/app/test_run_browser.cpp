#include "app_test_support.h"

#include "run_browser.h"
#include "run_follower.h"

#include "search/run_database.h"
#include "search/search_runner.h"
#include "store/run_reader.h"
#include "store/run_store.h"
#include "store/run_writer_lock.h"

#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeWidget>
#include <QtTest/QtTest>

#include <atomic>
#include <thread>

using namespace edgenas;
using namespace std::chrono_literals;

namespace {

// A run written the way `edgenas search` writes it: SearchRunner on its own connection.
std::int64_t writeRun(const QString& db, const search::RunConfig& config, const std::string& name,
                      std::shared_ptr<search::EvaluatorProvider> provider) {
    search::SearchControl control;
    search::SearchObserver observer;
    search::SearchRunner runner(db.toStdString(), control, observer);
    runner.setEvaluatorProvider(std::move(provider));
    return runner.start(config, name).runId;
}

} // namespace

// The run browser over a database written by SearchRunner, and the read-only live view.
class TestRunBrowser : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        app::test::isolateSettings(m_dir);
        m_db = m_dir.filePath(QStringLiteral("runs.sqlite"));
        auto fake = std::make_shared<search::test::FakeEvaluators>();
        m_first = writeRun(m_db, app::test::tinyConfig(12, 4), "first", fake);
        search::RunConfig second = app::test::tinyConfig(18, 6);
        second.seed = 99;
        m_second = writeRun(m_db, second, "second", fake);
    }

    void listsRuns() {
        app::RunBrowser browser;
        QSignalSpy opened(&browser, &app::RunBrowser::databaseOpened);
        QString error;
        QVERIFY2(browser.openDatabase(m_db, &error), qPrintable(error));
        QCOMPARE(opened.size(), 1);
        QCOMPARE(browser.runs().size(), std::size_t(2));
        auto* tree = browser.findChild<QTreeWidget*>();
        QCOMPARE(tree->topLevelItemCount(), 2);
        QStringList names, statuses, evaluations, best;
        for (int i = 0; i < 2; ++i) {
            names << tree->topLevelItem(i)->text(0);
            statuses << tree->topLevelItem(i)->text(2);
            evaluations << tree->topLevelItem(i)->text(5);
            best << tree->topLevelItem(i)->text(6);
        }
        names.sort();
        QCOMPARE(names, QStringList({QStringLiteral("first"), QStringLiteral("second")}));
        QCOMPARE(statuses, QStringList({QStringLiteral("finished"), QStringLiteral("finished")}));
        QVERIFY(evaluations.contains(QStringLiteral("12")) && evaluations.contains(QStringLiteral("18")));
        QVERIFY2(best[0].contains(QStringLiteral("Accuracy")), qPrintable(best[0]));
        QCOMPARE(browser.recentFiles().value(0), QFileInfo(m_db).absoluteFilePath());
    }

    void renameAnnotateDelete() {
        const QString db = m_dir.filePath(QStringLiteral("edit.sqlite"));
        QVERIFY(QFile::copy(m_db, db));
        app::RunBrowser browser;
        QString error;
        QVERIFY2(browser.openDatabase(db, &error), qPrintable(error));

        // Edits run on the editor's thread; editFinished reports each.
        QSignalSpy edited(&browser, &app::RunBrowser::editFinished);
        QVERIFY2(browser.renameRun(m_first, QStringLiteral("baseline"), &error), qPrintable(error));
        QVERIFY(!browser.renameRun(m_first, QStringLiteral("  "), &error));
        QVERIFY2(browser.annotateRun(m_second, QStringLiteral("seed 99\nsecond line"), &error), qPrintable(error));
        QTRY_COMPARE(edited.size(), 2);
        QCOMPARE(edited.at(0).at(0).toLongLong(), m_first);
        QCOMPARE(edited.at(0).at(1).toString(), QString());
        QCOMPARE(edited.at(1).at(1).toString(), QString());
        QCOMPARE(browser.pendingEdits(), 0);
        {
            const auto reader = search::openRunReader(db.toStdString());
            QCOMPARE(reader.run(m_first)->name, std::string("baseline"));
            QCOMPARE(reader.run(m_second)->notes, std::string("seed 99\nsecond line"));
        }

        // Deleting asks first; "no" keeps the run.
        QStringList asked;
        bool answer = false;
        browser.setConfirmer([&](const QString& q) {
            asked << q;
            return answer;
        });
        browser.selectRun(m_first);
        QCOMPARE(browser.selectedRunId(), m_first);
        browser.deleteSelectedRun();
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.first().contains(QStringLiteral("baseline")), qPrintable(asked.first()));
        QCOMPARE(browser.runs().size(), std::size_t(2));

        QSignalSpy deleted(&browser, &app::RunBrowser::runDeleted);
        answer = true;
        browser.deleteSelectedRun();
        QTRY_COMPARE(deleted.size(), 1);
        QCOMPARE(browser.runs().size(), std::size_t(1));
        const auto reader = search::openRunReader(db.toStdString());
        QVERIFY(!reader.run(m_first));
        QVERIFY(reader.candidates(m_first).empty());
        QVERIFY(reader.run(m_second));

        // The run this window is writing cannot be deleted.
        browser.setActiveRunId(m_second);
        QVERIFY(!browser.deleteRun(m_second, &error));
        QVERIFY2(error.contains(QStringLiteral("stop it")), qPrintable(error));

        // A run that is not there: the failure comes back from the worker, named.
        QSignalSpy failed(&browser, &app::RunBrowser::errorOccurred);
        browser.setActiveRunId(-1);
        edited.clear();
        QVERIFY(browser.deleteRun(m_first, &error));
        QTRY_COMPARE(edited.size(), 1);
        QVERIFY2(edited.first().at(1).toString().contains(QStringLiteral("has no run")),
                 qPrintable(edited.first().at(1).toString()));
        QCOMPARE(failed.size(), 1);
    }

    // A run left "running" by a writer that is gone (killed, or a database that turned read-only
    // and could not take the new status) can be resumed; one with a live writer cannot.
    void resumesARunWhoseWriterIsGone() {
        const QString db = m_dir.filePath(QStringLiteral("orphan.sqlite"));
        QVERIFY(QFile::copy(m_db, db));
        search::openRunStore(db.toStdString()).setRunStatus(m_first, "running");
        app::RunBrowser browser;
        QString error;
        QVERIFY2(browser.openDatabase(db, &error), qPrintable(error));
        browser.selectRun(m_first);
        QPushButton* resume = nullptr;
        for (QPushButton* b : browser.findChildren<QPushButton*>())
            if (b->text() == app::RunBrowser::tr("Res&ume"))
                resume = b;
        QVERIFY(resume);
        QVERIFY(resume->isEnabled());
        {
            const auto lock = store::RunWriterLock::acquire(db.toStdString(), m_first);
            browser.selectRun(m_second);
            browser.selectRun(m_first);
            QVERIFY(store::RunWriterLock::liveWriter(db.toStdString(), m_first));  // OFD locks: seen in-process too
            QVERIFY(!resume->isEnabled());
        }
    }

    void refusesForeignFile() {
        const QString path = m_dir.filePath(QStringLiteral("not-a-db.sqlite"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not SQLite");
        f.close();
        app::RunBrowser browser;
        QString error;
        QVERIFY(!browser.openDatabase(path, &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY(browser.databasePath().isEmpty());
    }

    void replaysStoredRun() {
        app::RunFollower follower;
        QSignalSpy candidates(&follower, &app::RunFollower::candidatesArrived);
        QSignalSpy generations(&follower, &app::RunFollower::generationsArrived);
        QString error;
        QVERIFY2(follower.open(m_db, m_second, &error), qPrintable(error));
        QVERIFY(!follower.isFollowing());
        QCOMPARE(candidates.size(), 1);
        QCOMPARE(candidates.first().at(0).value<std::vector<core::Candidate>>().size(), std::size_t(18));
        const auto reader = search::openRunReader(m_db.toStdString());
        QCOMPARE(generations.first().at(0).value<std::vector<search::GenerationSummary>>().size(),
                 reader.generations(m_second).size());
        QCOMPARE(follower.config().seed, std::uint64_t(99));
        QVERIFY(!follower.open(m_db, 999, &error));
        QVERIFY2(error.contains(QStringLiteral("999")), qPrintable(error));
    }

    // Another writer (as a headless `edgenas search` would be) fills the run while we watch.
    void followsRunWrittenElsewhere() {
        const QString db = m_dir.filePath(QStringLiteral("live.sqlite"));
        search::SearchControl control;
        std::atomic<std::int64_t> runId{-1};
        struct IdObserver : search::SearchObserver {
            std::atomic<std::int64_t>* id;
            void runStarted(std::int64_t r) override { id->store(r); }
        } ids;
        ids.id = &runId;
        std::thread writer([&] {
            search::SearchRunner runner(db.toStdString(), control, ids);
            runner.setEvaluatorProvider(std::make_shared<app::test::SlowEvaluators>(40ms));
            runner.start(app::test::tinyConfig(30, 6), "live");
        });
        QTRY_VERIFY_WITH_TIMEOUT(runId.load() > 0, 30'000);

        app::RunFollower follower;
        follower.setInterval(50);
        std::size_t seen = 0;
        connect(&follower, &app::RunFollower::candidatesArrived, this,
                [&](const std::vector<core::Candidate>& c) { seen += c.size(); });
        QSignalSpy status(&follower, &app::RunFollower::statusChanged);
        QString error;
        QVERIFY2(follower.open(db, runId.load(), &error), qPrintable(error));
        QVERIFY(follower.isFollowing());
        QCOMPARE(follower.record().status, std::string("running"));
        QTRY_VERIFY_WITH_TIMEOUT(!follower.isFollowing(), 60'000);
        writer.join();
        QCOMPARE(status.last().at(0).toString(), QStringLiteral("finished"));
        QCOMPARE(seen, search::openRunReader(db.toStdString()).candidates(runId.load()).size());
        QCOMPARE(seen, std::size_t(30));
    }

private:
    QTemporaryDir m_dir;
    QString m_db;
    std::int64_t m_first = -1;
    std::int64_t m_second = -1;
};

QTEST_MAIN(TestRunBrowser)
#include "test_run_browser.moc"
