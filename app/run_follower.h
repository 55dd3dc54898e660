#pragma once

#include "app_metatypes.h"

#include "core/candidate.h"
#include "search/run_config.h"
#include "search/search_observer.h"
#include "store/run_reader.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

namespace edgenas::app {

/// Shows a stored run: the first read replays its candidates and generations; while the run's
/// status says another process is still writing it ("running", "paused"), a timer polls the
/// database for what has been committed since (RunReader::candidates(run, since)), read-only.
class RunFollower : public QObject {
    Q_OBJECT
public:
    /// What a stored run was set up with and where it stands, read once without following it.
    struct StoredRun {
        search::RunConfig config;
        QString status;
    };
    /// Reads run `runId` of `databasePath`; nothing, with `error` naming the problem, when it
    /// cannot be read.
    static std::optional<StoredRun> readStoredRun(const QString& databasePath, qint64 runId, QString* error = nullptr);

    explicit RunFollower(QObject* parent = nullptr);
    ~RunFollower() override;

    /// Opens the run and replays it (signals are emitted before this returns). Returns false with
    /// `error` naming the file or run when it cannot be read.
    bool open(const QString& databasePath, qint64 runId, QString* error = nullptr);
    /// Stops polling and forgets the run.
    void close();

    bool isFollowing() const { return m_timer.isActive(); }
    qint64 runId() const { return m_runId; }
    QString databasePath() const { return m_path; }
    /// The stored run's record as of the last poll.
    const store::RunRecord& record() const { return m_record; }
    /// The run's config as stored (defaults when the stored JSON cannot be read).
    const search::RunConfig& config() const { return m_config; }
    /// Poll interval while following; 500 ms by default.
    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }

public slots:
    /// Reads what has been committed since the last poll (also run by the timer).
    void poll();

signals:
    void candidatesArrived(const std::vector<edgenas::core::Candidate>& candidates);
    void generationsArrived(const std::vector<edgenas::search::GenerationSummary>& summaries);
    /// The stored status changed, e.g. from "running" to "finished"; polling stops at an end.
    void statusChanged(const QString& status);
    void failed(const QString& error);

private:
    std::optional<store::RunReader> m_reader;
    QString m_path;
    qint64 m_runId = -1;
    store::RunRecord m_record;
    search::RunConfig m_config;
    std::int64_t m_lastCandidate = 0;
    int m_generationsSeen = 0;
    QTimer m_timer;
};

} // namespace edgenas::app
