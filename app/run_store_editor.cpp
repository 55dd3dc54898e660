#include "run_store_editor.h"

#include "search/run_database.h"
#include "store/run_store.h"

#include <exception>

namespace edgenas::app {

RunStoreEditor::RunStoreEditor(QObject* parent) : QObject(parent), m_worker(new QObject) {
    m_thread.setObjectName(QStringLiteral("run store edits"));
    m_worker->moveToThread(&m_thread);
}

RunStoreEditor::~RunStoreEditor() {
    if (m_thread.isRunning()) {
        // Queued behind the edits already asked for, so none of them is dropped.
        QMetaObject::invokeMethod(m_worker, [this] { m_thread.quit(); }, Qt::QueuedConnection);
        m_thread.wait();
    }
    delete m_worker;
}

void RunStoreEditor::submit(const QString& databasePath, Edit edit, Done done) {
    if (!m_thread.isRunning())
        m_thread.start();
    ++m_pending;
    QMetaObject::invokeMethod(
        m_worker,
        [this, path = databasePath.toStdString(), edit = std::move(edit), done = std::move(done)]() mutable {
            QString error;
            try {
                store::RunStore store = search::openRunStore(path);
                edit(store);
            } catch (const std::exception& e) {
                error = QString::fromUtf8(e.what());
                if (error.isEmpty())
                    error = tr("unknown error");
            }
            // Back on the owner's thread; dropped when the owner is being destroyed.
            QMetaObject::invokeMethod(
                this,
                [this, done = std::move(done), error] {
                    --m_pending;
                    if (done)
                        done(error);
                    if (m_pending == 0)
                        emit idle();
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

} // namespace edgenas::app
