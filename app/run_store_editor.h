#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <functional>

namespace edgenas::store {
class RunStore;
}

namespace edgenas::app {

/// Makes the workbench's own changes to a run database (rename, notes, delete, artefacts) on a
/// worker thread, in the order they were asked for. A write waits for the lock while another
/// process (a CLI search) commits a generation, up to SQLite's busy timeout; on the GUI thread
/// that wait would freeze the window. The GUI thread only ever reads, and reads in WAL mode never
/// wait for a writer.
class RunStoreEditor : public QObject {
    Q_OBJECT
public:
    /// The change, run on the worker thread on a RunStore of its own; throws to fail.
    using Edit = std::function<void(store::RunStore& store)>;
    /// Called on the owner's thread once the change is done; `error` is empty when it went through.
    using Done = std::function<void(const QString& error)>;

    explicit RunStoreEditor(QObject* parent = nullptr);
    /// Lets the changes asked for so far finish (their Done callbacks are not called any more).
    ~RunStoreEditor() override;

    /// Queues `edit` on `databasePath`; returns at once.
    void submit(const QString& databasePath, Edit edit, Done done);
    /// Changes asked for and not yet done.
    int pending() const { return m_pending; }

signals:
    /// The last queued change is done.
    void idle();

private:
    QThread m_thread;
    QObject* m_worker = nullptr;  ///< lives on m_thread; the edits run in its thread
    int m_pending = 0;
};

} // namespace edgenas::app
