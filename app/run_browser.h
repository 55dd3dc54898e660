#pragma once

#include "run_store_editor.h"

#include "store/run_records.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

class QLabel;
class QMenu;
class QPushButton;
class QTreeWidget;

namespace edgenas::store {
class RunReader;
}

namespace edgenas::app {

/// Lists the runs of a database file (method, status, dates, evaluations, best figures) and
/// lets the user open, rename, annotate, resume and delete them. Recent files are remembered in
/// QSettings. The list refreshes itself every few seconds, so runs that a headless
/// `edgenas search` adds or finishes show up.
class RunBrowser : public QWidget {
    Q_OBJECT
public:
    explicit RunBrowser(QWidget* parent = nullptr);
    ~RunBrowser() override;

    /// Lists the file's runs; false with `error` naming the file when it cannot be read.
    bool openDatabase(const QString& path, QString* error = nullptr);
    QString databasePath() const { return m_path; }
    /// Newest first, at most 10.
    QStringList recentFiles() const;
    QMenu* recentMenu() const { return m_recentMenu; }

    /// Re-reads the list (keeps the selection).
    void refresh();
    const std::vector<store::RunSummary>& runs() const { return m_runs; }
    /// The current run when it is selected, else the first selected one; -1 when none is.
    qint64 selectedRunId() const;
    /// Every selected run (several can be selected to compare them), in list order.
    QList<qint64> selectedRunIds() const;
    /// Selects these runs (and no others), as a user's ctrl-click would.
    void selectRuns(const QList<qint64>& runIds);
    void selectRun(qint64 runId);

    /// The run this window is writing: it cannot be deleted or resumed meanwhile.
    void setActiveRunId(qint64 runId);

    // Direct operations (the buttons ask first, then call these). Each checks the request, starts
    // the change on the editor's worker thread and returns at once (false, with `error` naming the
    // problem, when the request is refused on the spot); editFinished tells how it went, a failure
    // also through errorOccurred. The GUI thread never waits for another program's write lock.
    bool renameRun(qint64 runId, const QString& name, QString* error = nullptr);
    bool annotateRun(qint64 runId, const QString& notes, QString* error = nullptr);
    bool deleteRun(qint64 runId, QString* error = nullptr);
    /// Changes started and not yet finished.
    int pendingEdits() const { return m_editor.pending(); }

    /// Asks for confirmation (see setConfirmer), then deletes the selected run.
    void deleteSelectedRun();

    /// Replaces the yes/no question asked before deleting (tests answer it themselves).
    void setConfirmer(std::function<bool(const QString& question)> confirmer) { m_confirm = std::move(confirmer); }

signals:
    void databaseOpened(const QString& path);
    void runActivated(const QString& databasePath, qint64 runId);
    void resumeRequested(const QString& databasePath, qint64 runId);
    /// The user asked to overlay the selected runs on the shown one.
    void compareRequested(const QString& databasePath, const QList<qint64>& runIds);
    void runDeleted(const QString& databasePath, qint64 runId);
    /// A rename, note or deletion finished; `error` is empty when it went through.
    void editFinished(qint64 runId, const QString& error);
    void errorOccurred(const QString& title, const QString& message);

private:
    void rebuild();
    void updateButtons();
    void rememberRecent(const QString& path);
    void fillRecentMenu();
    void openInteractive();
    void renameInteractive();
    void annotateInteractive();
    /// Runs `edit` on the editor's thread; `failure` is the error message's start.
    void startEdit(qint64 runId, RunStoreEditor::Edit edit, const QString& failedTitle, const QString& failure,
                   std::function<void()> done = {});
    const store::RunSummary* summaryOf(qint64 runId) const;

    /// Lists the file through a new reader that replaces m_reader once it has read the list.
    std::vector<store::RunSummary> listThroughNewReader(const QString& path);

    QString m_path;
    // The file stays open between listings, and each new reader opens before the last one
    // closes: were this process's connection ever the only one to go, a CLI writer closing the
    // file (checkpoint, -wal removed) or opening it (WAL recovery) would hold the lock exactly
    // when the next listing opened, and the GUI thread would wait for it.
    std::unique_ptr<store::RunReader> m_reader;
    std::vector<store::RunSummary> m_runs;
    qint64 m_activeRunId = -1;
    QLabel* m_file = nullptr;
    QTreeWidget* m_tree = nullptr;
    QMenu* m_recentMenu = nullptr;
    QPushButton* m_openRun = nullptr;
    QPushButton* m_resume = nullptr;
    QPushButton* m_rename = nullptr;
    QPushButton* m_annotate = nullptr;
    QPushButton* m_delete = nullptr;
    QPushButton* m_compare = nullptr;
    QTimer m_refresh;
    std::function<bool(const QString&)> m_confirm;
    RunStoreEditor m_editor;  ///< last: destroyed (and so finished) first
};

} // namespace edgenas::app
