#include "run_follower.h"

#include "stored_generations.h"

#include "search/run_database.h"

namespace edgenas::app {

namespace {
bool stillWritten(const std::string& status) { return status == "running" || status == "paused"; }
} // namespace

std::optional<RunFollower::StoredRun> RunFollower::readStoredRun(const QString& databasePath, qint64 runId,
                                                                QString* error) {
    RunFollower probe;
    if (!probe.open(databasePath, runId, error))
        return std::nullopt;
    StoredRun run{probe.config(), QString::fromStdString(probe.record().status)};
    probe.close();
    return run;
}

RunFollower::RunFollower(QObject* parent) : QObject(parent) {
    registerAppMetaTypes();
    m_timer.setInterval(500);
    connect(&m_timer, &QTimer::timeout, this, &RunFollower::poll);
}

RunFollower::~RunFollower() = default;

bool RunFollower::open(const QString& databasePath, qint64 runId, QString* error) {
    close();
    try {
        m_reader.emplace(search::openRunReader(databasePath.toStdString()));
        const auto record = m_reader->run(runId);
        if (!record)
            throw std::runtime_error(tr("%1 has no run %2").arg(databasePath).arg(runId).toStdString());
        m_record = *record;
    } catch (const std::exception& e) {
        m_reader.reset();
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    m_path = databasePath;
    m_runId = runId;
    try {
        m_config = search::runConfigFromJson(m_record.configJson);
    } catch (const std::exception&) {
        m_config = search::RunConfig{};  // an unreadable config still lets the figures be seen
        m_config.method = m_record.method;
    }
    poll();
    if (m_reader && stillWritten(m_record.status))
        m_timer.start();
    return true;
}

void RunFollower::close() {
    m_timer.stop();
    m_reader.reset();
    m_runId = -1;
    m_lastCandidate = 0;
    m_generationsSeen = 0;
    m_record = {};
}

void RunFollower::poll() {
    if (!m_reader)
        return;
    try {
        std::vector<core::Candidate> fresh;
        std::vector<search::GenerationSummary> summaries;
        std::optional<store::RunRecord> record;
        {
            // One consistent state: candidates, the generations that mention them and the
            // method records stored with those generations agree.
            auto pinned = m_reader->snapshot();
            record = m_reader->run(m_runId);
            fresh = m_reader->candidates(m_runId, m_lastCandidate);
            summaries = storedGenerationSummaries(*m_reader, m_runId, std::size_t(m_generationsSeen), m_config.evaluations);
        }
        if (!record) {
            m_timer.stop();
            emit failed(tr("Run %1 was deleted from %2").arg(m_runId).arg(m_path));
            return;
        }
        if (!fresh.empty()) {
            m_lastCandidate = fresh.back().id;
            emit candidatesArrived(fresh);
        }
        if (!summaries.empty()) {
            m_generationsSeen += int(summaries.size());
            emit generationsArrived(summaries);
        }
        const bool changed = record->status != m_record.status;
        m_record = *record;
        if (changed)
            emit statusChanged(QString::fromStdString(m_record.status));
        if (!stillWritten(m_record.status))
            m_timer.stop();
    } catch (const std::exception& e) {
        m_timer.stop();
        emit failed(tr("Reading %1 failed: %2").arg(m_path, QString::fromUtf8(e.what())));
    }
}

} // namespace edgenas::app
