#include "run_store.h"

#include "core/errors.h"
#include "crash_test_hook.h"
#include "database_file_checks.h"
#include "id_list.h"
#include "schema.h"
#include "sqlite_connection.h"
#include "sqlite_statement.h"
#include "sqlite_transaction.h"
#include "store_error.h"

#include <cmath>
#include <stdexcept>

namespace edgenas::store {

namespace {

constexpr const char* kRunExists = "SELECT 1 FROM runs WHERE id = ?1";
constexpr const char* kRunConfig = "SELECT config_json FROM runs WHERE id = ?1";
constexpr const char* kCandidateRunAndNextOrdinal =
    "SELECT c.run_id, (SELECT coalesce(max(m.ordinal) + 1, 0) FROM metrics m WHERE m.candidate_id = c.id) "
    "FROM candidates c WHERE c.id = ?1";
constexpr const char* kGenerationExists = "SELECT 1 FROM generations WHERE run_id = ?1 AND generation = ?2";
constexpr const char* kCandidateOfRunExists = "SELECT 1 FROM candidates WHERE id = ?1 AND run_id = ?2";
constexpr const char* kInsertRun =
    "INSERT INTO runs (name, method, config_json, seed, status, started_at, ended_at, host, versions_json, notes) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* kInsertCandidate =
    "INSERT INTO candidates (run_id, generation, hash, genome, architecture_id, parents_json, status, settings_json, "
    "level_parent_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr const char* kInsertRunRecord =
    "INSERT INTO run_records (run_id, generation, ordinal, kind, json) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kInsertCandidateRecord =
    "INSERT INTO candidate_records (candidate_id, ordinal, kind, json) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kFindArchitecture = "SELECT id, json FROM architectures WHERE hash = ?1";
constexpr const char* kInsertArchitecture = "INSERT INTO architectures (hash, json) VALUES (?1, ?2)";
// One pass over the candidates (SQLite builds a temporary index of the ids in use).
constexpr const char* kDeleteOrphanArchitectures =
    "DELETE FROM architectures WHERE id NOT IN "
    "(SELECT architecture_id FROM candidates WHERE architecture_id IS NOT NULL)";
constexpr const char* kInsertMetric =
    "INSERT INTO metrics (candidate_id, ordinal, name, value, unit, provenance) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
// coalesce on both sides: a NULL (all-NaN) end must not swallow the other one, as min(NULL, x) would.
constexpr const char* kUpsertSummary =
    "INSERT INTO run_metric_summary (run_id, name, min_value, max_value, unit, value_count) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (run_id, name) DO UPDATE SET "
    "min_value = min(coalesce(min_value, excluded.min_value), coalesce(excluded.min_value, min_value)), "
    "max_value = max(coalesce(max_value, excluded.max_value), coalesce(excluded.max_value, max_value)), "
    "value_count = value_count + excluded.value_count";
constexpr const char* kInsertGeneration =
    "INSERT INTO generations (run_id, generation, evaluations, hypervolume, front_json, state_json, committed_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kInsertEvent =
    "INSERT INTO events (run_id, time, kind, message, payload_json) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kInsertArtefact =
    "INSERT INTO artefacts (run_id, candidate_id, kind, path, created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kUpdateStatus = "UPDATE runs SET status = ?2, ended_at = ?3 WHERE id = ?1";
constexpr const char* kUpdateName = "UPDATE runs SET name = ?2 WHERE id = ?1";
constexpr const char* kUpdateNotes = "UPDATE runs SET notes = ?2 WHERE id = ?1";
constexpr const char* kDeleteRun = "DELETE FROM runs WHERE id = ?1";

// Matches SQLite's compile-time default SQLITE_MAX_PAGE_COUNT (2^30 - 1): "no cap".
constexpr std::int64_t kUncappedPages = 1073741823;

// Per-call range of one metric name; views into the caller's metrics, alive for the call.
struct MetricAggregate {
    std::string_view name;
    std::string_view unit;
    double min = NAN;
    double max = NAN;
    std::int64_t count = 0;
};

void aggregate(std::vector<MetricAggregate>& aggregates, const core::Metric& metric) {
    // A handful of names per run: a linear search beats any map here.
    MetricAggregate* entry = nullptr;
    for (MetricAggregate& a : aggregates)
        if (a.name == metric.name)
            entry = &a;
    if (!entry)
        entry = &aggregates.emplace_back(MetricAggregate{.name = metric.name, .unit = metric.unit});
    if (!std::isnan(metric.value)) {
        entry->min = entry->count == 0 ? metric.value : std::min(entry->min, metric.value);
        entry->max = entry->count == 0 ? metric.value : std::max(entry->max, metric.value);
        ++entry->count;
    }
}

// Metrics of one candidate, numbered from firstOrdinal; adds them to the call's aggregates.
// One row per statement: a statement of several rows measured slower (SQLite then keeps a
// statement journal so it can undo a half-done statement).
void insertMetrics(SqliteConnection& db, std::int64_t candidateId, std::int64_t firstOrdinal,
                   const std::vector<core::Metric>& metrics, std::vector<MetricAggregate>& aggregates) {
    SqliteStatement& insert = db.cached(kInsertMetric);
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        const core::Metric& metric = metrics[i];
        insert.bindInt(1, candidateId)
            .bindInt(2, firstOrdinal + static_cast<std::int64_t>(i))
            .bindText(3, metric.name)
            .bindReal(4, metric.value)
            .bindText(5, metric.unit)
            .bindText(6, core::toString(metric.provenance));
        insert.run();
        aggregate(aggregates, metric);
    }
}

void updateSummary(SqliteConnection& db, std::int64_t runId, const std::vector<MetricAggregate>& aggregates) {
    SqliteStatement& upsert = db.cached(kUpsertSummary);
    for (const MetricAggregate& entry : aggregates) {
        upsert.bindInt(1, runId)
            .bindText(2, entry.name)
            .bindReal(3, entry.min)
            .bindReal(4, entry.max)
            .bindText(5, entry.unit)
            .bindInt(6, entry.count);
        upsert.run();
    }
}

void requireStatus(std::string_view status) {
    if (!isRunStatus(status))
        throw core::InputError("unknown run status '" + std::string(status) +
                               "' (expected running, paused, finished, interrupted or failed)");
}

// Turns newCandidateRef(i) into the id assigned to the i-th candidate; only ids already assigned
// (`known` of them) can be referred to.
std::int64_t resolveRef(std::int64_t id, const std::vector<std::int64_t>& ids, std::size_t known) {
    if (id >= 0)
        return id;
    const auto index = static_cast<std::size_t>(-(id + 1));
    if (index >= known)
        throw std::invalid_argument("reference to new candidate " + std::to_string(index) +
                                    " which is not (yet) part of this call");
    return ids[index];
}

} // namespace

RunStore::RunStore(std::unique_ptr<SqliteConnection> db, std::shared_ptr<const ArchitectureCodec> codec)
    : m_db(std::move(db)), m_codec(std::move(codec)) {}
RunStore::RunStore(RunStore&&) noexcept = default;
RunStore& RunStore::operator=(RunStore&&) noexcept = default;
RunStore::~RunStore() = default;

RunStore RunStore::open(const std::string& path, std::shared_ptr<const ArchitectureCodec> codec) {
    const DatabaseFileState state = inspectDatabaseFile(path);
    requireWritable(path, state);
    if (state == DatabaseFileState::Database) {
        // Probe read-only first: a refused file must not be touched, and a read-write open may
        // roll back a hot journal or switch the journal mode before we know the file is ours.
        SqliteConnection probe(path, probeMode(path));
        inspectSchema(probe);
    }
    auto db = std::make_unique<SqliteConnection>(path, SqliteConnection::Mode::ReadWrite);
    if (db->isReadOnly())
        throw StoreError(StoreError::Reason::ReadOnly, "cannot write to " + path + ": it is read-only");
    const int version = inspectSchema(*db);  // again: the file may have changed since the probe
    if (version == 0) {
        // Only possible before the first table (and before WAL mode). An architecture row is
        // 2.5-8 KB: a 4 KB page holds at most one and wastes much of it (or overflows), a 16 KB
        // page holds several. Measured with 2.5 KB rows: the file shrinks by 40% and writing
        // gets 1.5x faster.
        db->exec("PRAGMA page_size = 16384");
    }
    db->exec("PRAGMA journal_mode = WAL");
    // NORMAL in WAL mode: a power cut may lose the last commits but never corrupts the file.
    db->exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
             "PRAGMA cache_size = -32768");
    upgradeSchema(*db, version);
    return RunStore(std::move(db), std::move(codec));
}

const std::string& RunStore::path() const { return m_db->path(); }

void RunStore::requireRun(std::int64_t runId) {
    SqliteStatement& query = m_db->cached(kRunExists);
    query.bindInt(1, runId);
    const bool found = query.step();
    query.reset();
    if (!found)
        throw StoreError(StoreError::Reason::NotFound,
                         "run " + std::to_string(runId) + " does not exist in " + m_db->path());
}

RunStore::RunEncoding* RunStore::encodingOf(std::int64_t runId) {
    if (!m_codec) {
        requireRun(runId);
        return nullptr;
    }
    SqliteStatement& query = m_db->cached(kRunConfig);
    query.bindInt(1, runId);
    if (!query.step()) {
        query.reset();
        requireRun(runId);  // throws the "does not exist" message
    }
    // Run ids come back after the newest run is deleted (by another connection too): a decision
    // holds only for the config it was made for.
    RunEncoding& encoding = m_encodings[runId];
    if (encoding.configJson != query.textView(0))
        encoding = RunEncoding{.configJson = query.text(0)};
    query.reset();
    return &encoding;
}

bool RunStore::storesGenomeOnly(RunEncoding* encoding, const core::Candidate& candidate) const {
    // A candidate with settings (a HADAS dynamic model) carries more than its genome builds.
    if (!encoding || candidate.genome.empty() || !candidate.settingsJson.empty())
        return false;
    if (encoding->form == RunEncoding::Form::Unchecked) {
        // The reader will trust the codec for every candidate of the run, so it must reproduce
        // the first one exactly; if it does not, the run keeps storing JSON.
        const std::optional<std::string> rebuilt = m_codec->architectureJson(encoding->configJson, candidate.genome);
        encoding->form = rebuilt && *rebuilt == candidate.architectureJson ? RunEncoding::Form::GenomeOnly
                                                                          : RunEncoding::Form::Json;
    }
    return encoding->form == RunEncoding::Form::GenomeOnly;
}

std::int64_t RunStore::createRun(const RunRecord& run) {
    requireStatus(run.status);
    const std::string startedAt = run.startedAt.empty() ? utcTimestamp() : run.startedAt;
    const std::string host = run.host.empty() ? localHostName() : run.host;
    SqliteStatement& insert = m_db->cached(kInsertRun);
    insert.bindText(1, run.name)
        .bindText(2, run.method)
        .bindText(3, run.configJson)
        .bindInt(4, static_cast<std::int64_t>(run.seed))  // bit pattern kept; read back as uint64
        .bindText(5, run.status)
        .bindText(6, startedAt)
        .bindText(7, run.endedAt)
        .bindText(8, host)
        .bindText(9, run.versionsJson)
        .bindText(10, run.notes);
    insert.run();
    return m_db->lastInsertId();
}

std::int64_t RunStore::architectureId(const std::string& hash, const std::string& json) {
    SqliteStatement& find = m_db->cached(kFindArchitecture);
    find.bindText(1, hash);
    while (find.step()) {
        if (find.textView(1) == json) {
            const std::int64_t id = find.integer(0);
            find.reset();
            return id;
        }
    }
    find.reset();
    SqliteStatement& insert = m_db->cached(kInsertArchitecture);
    insert.bindText(1, hash).bindText(2, json);
    insert.run();
    return m_db->lastInsertId();
}

std::vector<std::int64_t> RunStore::insertCandidates(std::int64_t runId, RunEncoding* encoding,
                                                      const std::vector<core::Candidate>& candidates) {
    SqliteStatement& insertCandidate = m_db->cached(kInsertCandidate);
    std::vector<std::int64_t> ids;
    ids.reserve(candidates.size());
    std::vector<std::int64_t> parents;
    std::vector<MetricAggregate> aggregates;

    for (const core::Candidate& candidate : candidates) {
        parents.clear();
        for (std::int64_t parent : candidate.parents)
            parents.push_back(resolveRef(parent, ids, ids.size()));
        m_scratch.clear();
        appendIdList(m_scratch, parents);

        insertCandidate.bindInt(1, runId)
            .bindInt(2, candidate.generation)
            .bindText(3, candidate.hash)
            .bindText(4, candidate.genome)
            .bindText(6, m_scratch)
            .bindText(7, candidate.status)
            .bindText(8, candidate.settingsJson);
        if (candidate.levelParent)
            insertCandidate.bindInt(9, resolveRef(*candidate.levelParent, ids, ids.size()));
        else
            insertCandidate.bindNull(9);
        if (storesGenomeOnly(encoding, candidate))
            insertCandidate.bindNull(5);
        else
            insertCandidate.bindInt(5, architectureId(core::architectureHashOf(candidate.hash), candidate.architectureJson));
        insertCandidate.run();
        const std::int64_t id = m_db->lastInsertId();
        ids.push_back(id);
        insertMetrics(*m_db, id, 0, candidate.metrics, aggregates);
        for (std::size_t r = 0; r < candidate.records.size(); ++r) {
            SqliteStatement& insertRecord = m_db->cached(kInsertCandidateRecord);
            insertRecord.bindInt(1, id)
                .bindInt(2, static_cast<std::int64_t>(r))
                .bindText(3, candidate.records[r].kind)
                .bindText(4, candidate.records[r].json);
            insertRecord.run();
        }
    }
    updateSummary(*m_db, runId, aggregates);
    return ids;
}

std::vector<std::int64_t> RunStore::commitGeneration(std::int64_t runId, const GenerationRecord& generation,
                                                      const std::vector<core::Candidate>& newCandidates) {
    if (generation.runId >= 0 && generation.runId != runId)
        throw std::invalid_argument("generation record of run " + std::to_string(generation.runId) +
                                    " committed to run " + std::to_string(runId));
    crashTestHook("before-commit", generation.generation);
    SqliteTransaction transaction(*m_db, SqliteTransaction::Kind::Write);
    RunEncoding* encoding = encodingOf(runId);
    SqliteStatement& exists = m_db->cached(kGenerationExists);
    exists.bindInt(1, runId).bindInt(2, generation.generation);
    const bool duplicate = exists.step();
    exists.reset();
    if (duplicate)
        throw StoreError(StoreError::Reason::Other, "generation " + std::to_string(generation.generation) +
                                                        " of run " + std::to_string(runId) +
                                                        " is already committed in " + m_db->path());

    std::vector<std::int64_t> ids = insertCandidates(runId, encoding, newCandidates);
    if (readOnlyTestHook(generation.generation))
        m_db->exec("PRAGMA query_only = 1");  // the generation's candidates are written, its row not yet

    std::vector<std::int64_t> front;
    front.reserve(generation.frontCandidateIds.size());
    for (std::int64_t id : generation.frontCandidateIds)
        front.push_back(resolveRef(id, ids, ids.size()));
    m_scratch.clear();
    appendIdList(m_scratch, front);
    const std::string committedAt = generation.committedAt.empty() ? utcTimestamp() : generation.committedAt;

    SqliteStatement& insert = m_db->cached(kInsertGeneration);
    insert.bindInt(1, runId)
        .bindInt(2, generation.generation)
        .bindInt(3, generation.evaluations)
        .bindReal(4, generation.hypervolume)
        .bindText(5, m_scratch)
        .bindText(6, generation.stateJson)
        .bindText(7, committedAt);
    insert.run();
    for (std::size_t r = 0; r < generation.records.size(); ++r) {
        SqliteStatement& insertRecord = m_db->cached(kInsertRunRecord);
        insertRecord.bindInt(1, runId)
            .bindInt(2, generation.generation)
            .bindInt(3, static_cast<std::int64_t>(r))
            .bindText(4, generation.records[r].kind)
            .bindText(5, generation.records[r].json);
        insertRecord.run();
    }
    crashTestHook("inside-commit", generation.generation);
    transaction.commit();
    crashTestHook("after-commit", generation.generation);
    return ids;
}

std::vector<std::int64_t> RunStore::addCandidates(std::int64_t runId,
                                                   const std::vector<core::Candidate>& candidates) {
    SqliteTransaction transaction(*m_db, SqliteTransaction::Kind::Write);
    std::vector<std::int64_t> ids = insertCandidates(runId, encodingOf(runId), candidates);
    transaction.commit();
    return ids;
}

void RunStore::addMetrics(std::int64_t candidateId, const std::vector<core::Metric>& metrics) {
    SqliteTransaction transaction(*m_db, SqliteTransaction::Kind::Write);
    SqliteStatement& find = m_db->cached(kCandidateRunAndNextOrdinal);
    find.bindInt(1, candidateId);
    if (!find.step()) {
        find.reset();
        throw StoreError(StoreError::Reason::NotFound,
                         "candidate " + std::to_string(candidateId) + " does not exist in " + m_db->path());
    }
    const std::int64_t runId = find.integer(0);
    const std::int64_t nextOrdinal = find.integer(1);
    find.reset();
    std::vector<MetricAggregate> aggregates;
    insertMetrics(*m_db, candidateId, nextOrdinal, metrics, aggregates);
    updateSummary(*m_db, runId, aggregates);
    transaction.commit();
}

std::int64_t RunStore::logEvent(const EventRecord& event) {
    if (!isEventKind(event.kind))
        throw core::InputError("unknown event kind '" + event.kind + "' (expected log, steer, status or error)");
    requireRun(event.runId);
    const std::string time = event.time.empty() ? utcTimestamp() : event.time;
    SqliteStatement& insert = m_db->cached(kInsertEvent);
    insert.bindInt(1, event.runId)
        .bindText(2, time)
        .bindText(3, event.kind)
        .bindText(4, event.message)
        .bindText(5, event.payloadJson);
    insert.run();
    return m_db->lastInsertId();
}

void RunStore::setRunStatus(std::int64_t runId, std::string_view status, std::string_view endedAt) {
    requireStatus(status);
    std::string end(endedAt);
    if (end.empty() && status != "running" && status != "paused")
        end = utcTimestamp();
    SqliteStatement& update = m_db->cached(kUpdateStatus);
    update.bindInt(1, runId).bindText(2, status).bindText(3, end);
    update.run();
    if (m_db->changes() == 0)
        requireRun(runId);
}

void RunStore::updateRunText(const char* sql, std::int64_t runId, std::string_view value) {
    SqliteStatement& update = m_db->cached(sql);
    update.bindInt(1, runId).bindText(2, value);
    update.run();
    if (m_db->changes() == 0)
        requireRun(runId);  // throws the "does not exist" message
}

void RunStore::renameRun(std::int64_t runId, std::string_view name) { updateRunText(kUpdateName, runId, name); }

void RunStore::annotateRun(std::int64_t runId, std::string_view notes) { updateRunText(kUpdateNotes, runId, notes); }

bool RunStore::deleteRun(std::int64_t runId) {
    SqliteTransaction transaction(*m_db, SqliteTransaction::Kind::Write);
    SqliteStatement& remove = m_db->cached(kDeleteRun);
    remove.bindInt(1, runId);
    remove.run();
    const bool deleted = m_db->changes() > 0;  // counts the run row only, not the cascade
    if (deleted)
        m_db->cached(kDeleteOrphanArchitectures).run();
    transaction.commit();
    m_encodings.erase(runId);
    return deleted;
}

std::int64_t RunStore::addArtefact(const ArtefactRecord& artefact) {
    SqliteTransaction transaction(*m_db, SqliteTransaction::Kind::Write);
    requireRun(artefact.runId);
    if (artefact.candidateId) {
        SqliteStatement& exists = m_db->cached(kCandidateOfRunExists);
        exists.bindInt(1, *artefact.candidateId).bindInt(2, artefact.runId);
        const bool found = exists.step();
        exists.reset();
        if (!found)
            throw StoreError(StoreError::Reason::NotFound, "candidate " + std::to_string(*artefact.candidateId) +
                                                               " of run " + std::to_string(artefact.runId) +
                                                               " does not exist in " + m_db->path());
    }
    const std::string createdAt = artefact.createdAt.empty() ? utcTimestamp() : artefact.createdAt;
    SqliteStatement& insert = m_db->cached(kInsertArtefact);
    insert.bindInt(1, artefact.runId);
    if (artefact.candidateId)
        insert.bindInt(2, *artefact.candidateId);
    else
        insert.bindNull(2);
    insert.bindText(3, artefact.kind).bindText(4, artefact.path).bindText(5, createdAt);
    insert.run();
    const std::int64_t id = m_db->lastInsertId();
    transaction.commit();
    return id;
}

void RunStore::limitSize(std::int64_t maxBytes) {
    const std::int64_t pageSize = m_db->pragmaInt("page_size");
    const std::int64_t pages = maxBytes > 0 ? std::max<std::int64_t>(1, maxBytes / pageSize) : kUncappedPages;
    m_db->pragmaInt("max_page_count = " + std::to_string(pages));
}

void RunStore::verifyIntegrity() {
    const std::vector<std::string> problems = m_db->quickCheck();
    if (!problems.empty())
        throw core::InputError(m_db->path() + " is damaged (" + problems.front() + "); it was left as it is");
}

} // namespace edgenas::store
