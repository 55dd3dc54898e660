#include "run_reader.h"

#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "core/errors.h"
#include "database_file_checks.h"
#include "id_list.h"
#include "schema.h"
#include "sqlite_connection.h"
#include "sqlite_statement.h"
#include "store_error.h"

#include <algorithm>
#include <future>
#include <thread>
#include <unordered_map>

namespace edgenas::store {

namespace {

constexpr int kRunColumnCount = 11;

// Below this many networks per thread, starting a thread costs more than it saves.
constexpr std::size_t kRebuildsPerThread = 64;

constexpr const char* kListRuns =
    "SELECT r.id, r.name, r.method, r.config_json, r.seed, r.status, r.started_at, r.ended_at, r.host, "
    "r.versions_json, r.notes, "
    "(SELECT count(*) FROM candidates c WHERE c.run_id = r.id), "
    "(SELECT count(*) FROM generations g WHERE g.run_id = r.id), "
    "(SELECT g.evaluations FROM generations g WHERE g.run_id = r.id ORDER BY g.generation DESC LIMIT 1), "
    "(SELECT g.hypervolume FROM generations g WHERE g.run_id = r.id ORDER BY g.generation DESC LIMIT 1) "
    "FROM runs r ORDER BY r.id";
constexpr const char* kListSummaries =
    "SELECT run_id, name, min_value, max_value, unit, value_count FROM run_metric_summary ORDER BY run_id, name";
constexpr const char* kRun =
    "SELECT r.id, r.name, r.method, r.config_json, r.seed, r.status, r.started_at, r.ended_at, r.host, "
    "r.versions_json, r.notes FROM runs r WHERE r.id = ?1";

constexpr const char* kRunConfig = "SELECT config_json FROM runs WHERE id = ?1";

// One row per metric (or one row for a candidate without metrics), grouped by candidate. The
// candidate columns are decoded only on the first row of each candidate. The JSON is NULL for a
// candidate stored by its genome alone.
// LEFT JOIN also keeps SQLite from starting the join at the (shared, larger) architectures table.
constexpr const char* kCandidatesSince =
    "SELECT c.id, c.generation, c.hash, c.genome, a.json, c.parents_json, c.status, "
    "m.name, m.value, m.unit, m.provenance, c.settings_json, c.level_parent_id "
    "FROM candidates c LEFT JOIN architectures a ON a.id = c.architecture_id "
    "LEFT JOIN metrics m ON m.candidate_id = c.id "
    "WHERE c.run_id = ?1 AND c.id > ?2 ORDER BY c.id, m.ordinal";
// Walks the run's candidates in id order (there is no index by hash, see schema version 4).
constexpr const char* kRunRecords =
    "SELECT generation, kind, json FROM run_records WHERE run_id = ?1 AND (?2 = '' OR kind = ?2) "
    "ORDER BY generation, ordinal";
// Records of the candidates in an id range; the caller keeps those of its own candidates.
constexpr const char* kCandidateRecords =
    "SELECT candidate_id, kind, json FROM candidate_records WHERE candidate_id BETWEEN ?1 AND ?2 "
    "ORDER BY candidate_id, ordinal";
constexpr const char* kCandidateByHash =
    "SELECT c.id, c.generation, c.hash, c.genome, a.json, c.parents_json, c.status, "
    "m.name, m.value, m.unit, m.provenance, c.settings_json, c.level_parent_id "
    "FROM (SELECT * FROM candidates WHERE run_id = ?1 AND hash = ?2 ORDER BY id LIMIT 1) c "
    "LEFT JOIN architectures a ON a.id = c.architecture_id "
    "LEFT JOIN metrics m ON m.candidate_id = c.id ORDER BY c.id, m.ordinal";

constexpr const char* kGenerations =
    "SELECT run_id, generation, evaluations, hypervolume, front_json, "
    "CASE WHEN ?2 THEN state_json ELSE '' END, committed_at "
    "FROM generations WHERE run_id = ?1 ORDER BY generation";
constexpr const char* kLastGeneration =
    "SELECT run_id, generation, evaluations, hypervolume, front_json, state_json, committed_at "
    "FROM generations WHERE run_id = ?1 ORDER BY generation DESC LIMIT 1";
constexpr const char* kEvents =
    "SELECT id, run_id, time, kind, message, payload_json FROM events WHERE run_id = ?1 AND id > ?2 ORDER BY id";
constexpr const char* kArtefacts =
    "SELECT id, run_id, candidate_id, kind, path, created_at FROM artefacts WHERE run_id = ?1 ORDER BY id";

RunRecord readRun(const SqliteStatement& query) {
    RunRecord run;
    run.id = query.integer(0);
    run.name = query.text(1);
    run.method = query.text(2);
    run.configJson = query.text(3);
    run.seed = static_cast<std::uint64_t>(query.integer(4));
    run.status = query.text(5);
    run.startedAt = query.text(6);
    run.endedAt = query.text(7);
    run.host = query.text(8);
    run.versionsJson = query.text(9);
    run.notes = query.text(10);
    return run;
}

// Returns the file's schema version; an older one is read through an upgraded copy in memory.
int checkReadableVersion(SqliteConnection& db) {
    const int version = inspectSchema(db);
    if (version == 0)
        throw core::InputError(db.path() + " is not an EdgeNAS run database (it has no tables)");
    return version;
}

[[noreturn]] void damaged(const std::string& path, const std::string& what) {
    throw core::InputError(path + " is damaged (" + what + "); it was left as it is");
}

} // namespace

RunReader::RunReader(std::unique_ptr<SqliteConnection> db, std::shared_ptr<const ArchitectureCodec> codec)
    : m_db(std::move(db)), m_codec(std::move(codec)) {}
RunReader::RunReader(RunReader&&) noexcept = default;
RunReader& RunReader::operator=(RunReader&&) noexcept = default;
RunReader::~RunReader() = default;

RunReader RunReader::open(const std::string& path, std::shared_ptr<const ArchitectureCodec> codec, WhenIdle whenIdle) {
    switch (inspectDatabaseFile(path)) {
    case DatabaseFileState::Missing:
        throw StoreError(StoreError::Reason::NotFound, "cannot open " + path + ": no such file");
    case DatabaseFileState::Empty:
        throw core::InputError(path + " is not an EdgeNAS run database (it is empty)");
    case DatabaseFileState::Database:
        break;
    }
    {
        // A first look that leaves no -wal/-shm behind when the file is refused.
        SqliteConnection probe(path, probeMode(path));
        checkReadableVersion(probe);
    }
    // A read-only connection still creates -wal and -shm (and leaves them behind, empty, for the
    // next writer); where it cannot, SQLite refuses, so read immutable instead.
    // Without a -wal file no writer is active, so a one-shot read may take the file as it is.
    const bool snapshot = whenIdle == WhenIdle::Snapshot && probeMode(path) == SqliteConnection::Mode::Immutable;
    const auto mode = snapshot || needsImmutableRead(path) ? SqliteConnection::Mode::Immutable
                                                           : SqliteConnection::Mode::ReadOnly;
    auto db = std::make_unique<SqliteConnection>(path, mode);
    const int version = checkReadableVersion(*db);  // again: the file may have changed since the probe
    if (version < latestSchemaVersion()) {
        // A reader never changes the file: an older one is copied into memory and upgraded there.
        // A writer upgrades the file itself when it next opens it.
        auto copy = std::make_unique<SqliteConnection>(path, SqliteConnection::Mode::Scratch);
        copy->copyFrom(*db);
        upgradeSchema(*copy, version);
        db = std::move(copy);
    }
    db->exec("PRAGMA query_only = ON; PRAGMA cache_size = -16384");
    return RunReader(std::move(db), std::move(codec));
}

const std::string& RunReader::path() const { return m_db->path(); }

SqliteTransaction RunReader::snapshot() const {
    SqliteTransaction transaction(*m_db, SqliteTransaction::Kind::Read);
    // BEGIN alone takes no snapshot; the first read does, so read now.
    SqliteStatement& touch = m_db->cached("SELECT 1 FROM runs LIMIT 1");
    touch.step();
    touch.reset();
    return transaction;
}

std::vector<RunSummary> RunReader::listRuns() const {
    SqliteTransaction snapshot(*m_db, SqliteTransaction::Kind::Read);
    std::vector<RunSummary> summaries;
    std::unordered_map<std::int64_t, std::size_t> indexOf;
    SqliteStatement& runs = m_db->cached(kListRuns);
    while (runs.step()) {
        RunSummary summary;
        summary.run = readRun(runs);
        summary.candidateCount = runs.integer(kRunColumnCount);
        summary.generationCount = static_cast<int>(runs.integer(kRunColumnCount + 1));
        summary.evaluations = runs.integer(kRunColumnCount + 2);
        summary.hypervolume = runs.real(kRunColumnCount + 3);
        indexOf.emplace(summary.run.id, summaries.size());
        summaries.push_back(std::move(summary));
    }
    SqliteStatement& ranges = m_db->cached(kListSummaries);
    while (ranges.step()) {
        const auto it = indexOf.find(ranges.integer(0));
        if (it == indexOf.end())
            continue;
        MetricRange range;
        range.min = ranges.real(2);
        range.max = ranges.real(3);
        range.unit = ranges.text(4);
        range.count = ranges.integer(5);
        summaries[it->second].metrics.emplace(ranges.text(1), std::move(range));
    }
    snapshot.commit();
    return summaries;
}

std::optional<RunRecord> RunReader::run(std::int64_t runId) const {
    SqliteStatement& query = m_db->cached(kRun);
    query.bindInt(1, runId);
    if (!query.step())
        return std::nullopt;
    RunRecord run = readRun(query);
    query.reset();
    return run;
}

RunReader::RunDecoding& RunReader::decodingOf(std::int64_t runId) const {
    SqliteStatement& query = m_db->cached(kRunConfig);
    query.bindInt(1, runId);
    const bool found = query.step();
    RunDecoding& decoding = m_decodings[runId];
    const std::string_view config = found ? query.textView(0) : std::string_view();
    if (decoding.configJson != config)
        decoding = RunDecoding{.configJson = std::string(config)};
    query.reset();
    return decoding;
}

std::string RunReader::rebuildArchitecture(std::int64_t runId, RunDecoding& decoding,
                                           const core::Candidate& candidate) const {
    const std::string run = "run " + std::to_string(runId) + " in " + m_db->path();
    if (!m_codec)
        throw core::InputError(run + " stores candidate " + std::to_string(candidate.id) +
                               " by its genome alone, and this reader was opened without the architecture "
                               "codec that rebuilds networks from the run's search space");
    std::optional<std::string> json = m_codec->architectureJson(decoding.configJson, candidate.genome);
    if (!json)
        throw core::InputError(run + ": the architecture of candidate " + std::to_string(candidate.id) +
                               " cannot be rebuilt from its genome '" + candidate.genome +
                               "': the run's config names a search space (or options) this EdgeNAS does not "
                               "have, or the genome does not fit it");
    if (!decoding.verified) {
        // Rebuilding trusts the space to decode as it did when the run was written; one network
        // per run shows whether it still does.
        std::string hash;
        try {
            hash = core::canonicalHash(core::architectureFromJson(*json));
        } catch (const std::exception&) {
            // an unreadable rebuild is a mismatch too
        }
        if (hash != core::architectureHashOf(candidate.hash))
            throw core::InputError(run + " cannot be read faithfully: its candidates are stored by genome and the "
                                         "decoding of its search space changed since the run was written (candidate " +
                                   std::to_string(candidate.id) + " now decodes to another network). Read it "
                                   "with the EdgeNAS version that wrote it.");
        decoding.verified = true;
    }
    return std::move(*json);
}

void RunReader::rebuildArchitectures(std::int64_t runId, std::vector<core::Candidate>& candidates,
                                     const std::vector<std::size_t>& positions) const {
    if (positions.empty())
        return;
    RunDecoding& decoding = decodingOf(runId);
    // The first alone: it checks the decoding against the stored hash before the rest is trusted.
    core::Candidate& first = candidates[positions.front()];
    first.architectureJson = rebuildArchitecture(runId, decoding, first);

    // A network takes 0.1-0.3 ms to rebuild, a hundred times more than reading its row, so large
    // reads (a finished run opened in the workbench) are spread over the cores. Returns the first
    // position in [begin, end) the codec could not rebuild.
    auto rebuildRange = [&](std::size_t begin, std::size_t end) -> std::optional<std::size_t> {
        for (std::size_t k = begin; k < end; ++k) {
            core::Candidate& candidate = candidates[positions[k]];
            std::optional<std::string> json = m_codec->architectureJson(decoding.configJson, candidate.genome);
            if (!json)
                return k;
            candidate.architectureJson = std::move(*json);
        }
        return std::nullopt;
    };
    const std::size_t count = positions.size() - 1;
    const std::size_t workers =
        std::clamp<std::size_t>(count / kRebuildsPerThread, 1, std::max(1U, std::thread::hardware_concurrency()));
    std::vector<std::future<std::optional<std::size_t>>> helpers;
    for (std::size_t w = 1; w < workers; ++w)
        helpers.push_back(
            std::async(std::launch::async, rebuildRange, 1 + count * w / workers, 1 + count * (w + 1) / workers));
    std::optional<std::size_t> failed = rebuildRange(1, 1 + count / workers);
    for (auto& helper : helpers) {
        const std::optional<std::size_t> helperFailed = helper.get();
        if (helperFailed && (!failed || *helperFailed < *failed))
            failed = helperFailed;
    }
    // Rare: from the first failure on, again on this thread, which names the candidate.
    for (std::size_t k = failed.value_or(positions.size()); k < positions.size(); ++k) {
        core::Candidate& candidate = candidates[positions[k]];
        candidate.architectureJson = rebuildArchitecture(runId, decoding, candidate);
    }
}

std::vector<core::Candidate> RunReader::readCandidates(SqliteStatement& query, std::int64_t runId) const {
    std::vector<core::Candidate> candidates;
    std::vector<std::size_t> byGenome;  // positions of the candidates stored by genome alone
    while (query.step()) {
        const std::int64_t id = query.integer(0);
        if (candidates.empty() || candidates.back().id != id) {
            core::Candidate& candidate = candidates.emplace_back();
            candidate.id = id;
            candidate.generation = static_cast<int>(query.integer(1));
            candidate.hash = query.text(2);
            candidate.genome = query.text(3);
            std::optional<std::vector<std::int64_t>> parents = parseIdList(query.textView(5));
            if (!parents)
                damaged(m_db->path(), "unreadable parents of candidate " + std::to_string(id));
            candidate.parents = std::move(*parents);
            candidate.status = query.text(6);
            candidate.settingsJson = query.text(11);
            if (!query.isNull(12))
                candidate.levelParent = query.integer(12);
            if (query.isNull(4))
                byGenome.push_back(candidates.size() - 1);
            else
                candidate.architectureJson = query.text(4);
        }
        if (query.isNull(7))
            continue;  // LEFT JOIN row of a candidate without metrics
        const std::optional<core::Provenance> provenance = core::provenanceFromString(query.textView(10));
        if (!provenance)
            damaged(m_db->path(), "unknown provenance '" + query.text(10) + "' of candidate " + std::to_string(id));
        candidates.back().metrics.push_back(core::Metric{
            .name = query.text(7), .value = query.real(8), .unit = query.text(9), .provenance = *provenance});
    }
    query.reset();
    attachRecords(candidates);
    rebuildArchitectures(runId, candidates, byGenome);  // the slow part, after the reads
    return candidates;
}

std::vector<MethodStateRecord> RunReader::runRecords(std::int64_t runId, const std::string& kind) const {
    SqliteStatement& query = m_db->cached(kRunRecords);
    query.bindInt(1, runId).bindText(2, kind);
    std::vector<MethodStateRecord> out;
    while (query.step())
        out.push_back({static_cast<int>(query.integer(0)), {query.text(1), query.text(2)}});
    query.reset();
    return out;
}

void RunReader::attachRecords(std::vector<core::Candidate>& candidates) const {
    if (candidates.empty())
        return;
    SqliteStatement& query = m_db->cached(kCandidateRecords);
    query.bindInt(1, candidates.front().id).bindInt(2, candidates.back().id);
    while (query.step()) {
        const std::int64_t id = query.integer(0);
        const auto it = std::lower_bound(candidates.begin(), candidates.end(), id,
                                         [](const core::Candidate& c, std::int64_t v) { return c.id < v; });
        if (it != candidates.end() && it->id == id)
            it->records.push_back({query.text(1), query.text(2)});
    }
    query.reset();
}

std::vector<core::Candidate> RunReader::candidates(std::int64_t runId, std::int64_t sinceCandidateId) const {
    SqliteStatement& query = m_db->cached(kCandidatesSince);
    query.bindInt(1, runId).bindInt(2, sinceCandidateId);
    return readCandidates(query, runId);
}

std::optional<core::Candidate> RunReader::findCandidateByHash(std::int64_t runId, const std::string& hash) const {
    SqliteStatement& query = m_db->cached(kCandidateByHash);
    query.bindInt(1, runId).bindText(2, hash);
    std::vector<core::Candidate> found = readCandidates(query, runId);
    if (found.empty())
        return std::nullopt;
    return std::move(found.front());
}

GenerationRecord RunReader::readGeneration(const SqliteStatement& query) const {
    GenerationRecord generation;
    generation.runId = query.integer(0);
    generation.generation = static_cast<int>(query.integer(1));
    generation.evaluations = query.integer(2);
    generation.hypervolume = query.real(3);
    std::optional<std::vector<std::int64_t>> front = parseIdList(query.textView(4));
    if (!front)
        damaged(m_db->path(), "unreadable front of generation " + std::to_string(generation.generation));
    generation.frontCandidateIds = std::move(*front);
    generation.stateJson = query.text(5);
    generation.committedAt = query.text(6);
    return generation;
}

std::vector<GenerationRecord> RunReader::generations(std::int64_t runId, bool withState) const {
    SqliteStatement& query = m_db->cached(kGenerations);
    query.bindInt(1, runId).bindInt(2, withState ? 1 : 0);
    std::vector<GenerationRecord> generations;
    while (query.step())
        generations.push_back(readGeneration(query));
    return generations;
}

std::optional<GenerationRecord> RunReader::lastGeneration(std::int64_t runId) const {
    SqliteStatement& query = m_db->cached(kLastGeneration);
    query.bindInt(1, runId);
    if (!query.step())
        return std::nullopt;
    GenerationRecord generation = readGeneration(query);
    query.reset();
    return generation;
}

std::vector<EventRecord> RunReader::events(std::int64_t runId, std::int64_t sinceEventId) const {
    SqliteStatement& query = m_db->cached(kEvents);
    query.bindInt(1, runId).bindInt(2, sinceEventId);
    std::vector<EventRecord> events;
    while (query.step()) {
        events.push_back(EventRecord{.id = query.integer(0),
                                     .runId = query.integer(1),
                                     .time = query.text(2),
                                     .kind = query.text(3),
                                     .message = query.text(4),
                                     .payloadJson = query.text(5)});
    }
    return events;
}

std::vector<ArtefactRecord> RunReader::artefacts(std::int64_t runId) const {
    SqliteStatement& query = m_db->cached(kArtefacts);
    query.bindInt(1, runId);
    std::vector<ArtefactRecord> artefacts;
    while (query.step()) {
        ArtefactRecord artefact{.id = query.integer(0), .runId = query.integer(1)};
        if (!query.isNull(2))
            artefact.candidateId = query.integer(2);
        artefact.kind = query.text(3);
        artefact.path = query.text(4);
        artefact.createdAt = query.text(5);
        artefacts.push_back(std::move(artefact));
    }
    return artefacts;
}

void RunReader::verifyIntegrity() const {
    const std::vector<std::string> problems = m_db->quickCheck();
    if (!problems.empty())
        damaged(m_db->path(), problems.front());
}

} // namespace edgenas::store
