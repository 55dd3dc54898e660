#include "schema.h"

#include "core/errors.h"
#include "sqlite_connection.h"
#include "sqlite_statement.h"
#include "sqlite_transaction.h"
#include "store_error.h"

#include <array>
#include <string>

namespace edgenas::store {

namespace {

// Version 1: the initial schema. Text columns hold JSON where the value is structured.
constexpr std::string_view kVersion1 = R"sql(
PRAGMA application_id = 1162104403;

CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    method        TEXT NOT NULL,
    config_json   TEXT NOT NULL DEFAULT '{}',
    seed          INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'running',
    started_at    TEXT NOT NULL,
    ended_at      TEXT NOT NULL DEFAULT '',
    host          TEXT NOT NULL DEFAULT '',
    versions_json TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE candidates (
    id                INTEGER PRIMARY KEY,
    run_id            INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    generation        INTEGER NOT NULL,
    hash              TEXT NOT NULL,
    genome            TEXT NOT NULL DEFAULT '',
    architecture_json TEXT NOT NULL,
    parents_json      TEXT NOT NULL DEFAULT '[]',
    status            TEXT NOT NULL
);
-- Entries are (run_id, id): serves "candidates of a run after id N" without sorting.
CREATE INDEX candidates_by_run ON candidates(run_id);
CREATE INDEX candidates_by_hash ON candidates(run_id, hash);

-- Clustered by candidate, in the order the candidate listed them; NULL value = NaN.
CREATE TABLE metrics (
    candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    name         TEXT NOT NULL,
    value        REAL,
    unit         TEXT NOT NULL DEFAULT '',
    provenance   TEXT NOT NULL,
    PRIMARY KEY (candidate_id, ordinal)
) WITHOUT ROWID;

CREATE TABLE generations (
    run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    generation   INTEGER NOT NULL,
    evaluations  INTEGER NOT NULL,
    hypervolume  REAL,
    front_json   TEXT NOT NULL DEFAULT '[]',
    state_json   TEXT NOT NULL DEFAULT '{}',
    committed_at TEXT NOT NULL,
    PRIMARY KEY (run_id, generation)
);

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    time         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    message      TEXT NOT NULL DEFAULT '',
    payload_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_by_run ON events(run_id);

CREATE TABLE artefacts (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    candidate_id INTEGER REFERENCES candidates(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    path         TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX artefacts_by_run ON artefacts(run_id);
-- Without it every deleted candidate would scan the whole table for its artefacts.
CREATE INDEX artefacts_by_candidate ON artefacts(candidate_id);
)sql";

// Version 2: user-facing run names and notes, and per-run metric ranges kept up to date on
// commit so the run browser lists runs without scanning every metric. Its primary key is also
// the metric-name lookup: an index on metrics(name) cost a quarter of the write rate and no
// query needed it.
constexpr std::string_view kVersion2 = R"sql(
ALTER TABLE runs ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN notes TEXT NOT NULL DEFAULT '';
UPDATE runs SET name = method || ' #' || id;

CREATE TABLE run_metric_summary (
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    min_value   REAL,
    max_value   REAL,
    unit        TEXT NOT NULL DEFAULT '',
    value_count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, name)
) WITHOUT ROWID;

INSERT INTO run_metric_summary (run_id, name, min_value, max_value, unit, value_count)
SELECT c.run_id, m.name, min(m.value), max(m.value), min(m.unit), count(m.value)
FROM metrics m JOIN candidates c ON c.id = m.candidate_id
GROUP BY c.run_id, m.name;
)sql";

// Version 3: each distinct architecture is stored once and candidates refer to it. A search
// never stores a network twice within a run, but runs over the same space meet the same networks
// again and again (NB-201 has 15,625 cells; a campaign of runs revisits most of them), and the
// architecture JSON (5-8 KB) is most of a candidate's bytes, so writing it once is what makes
// batched commits fast. Keyed by canonical hash and then by the exact text: networks with the
// same hash may differ in labels or metadata, and a reader must get back what was written.
// No REFERENCES clause: deleting a run sweeps orphaned architectures in one pass, where a foreign
// key would check every candidate for every deleted architecture.
constexpr std::string_view kVersion3 = R"sql(
CREATE TABLE architectures (
    id   INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX architectures_by_hash ON architectures(hash);

INSERT INTO architectures (hash, json)
SELECT hash, architecture_json FROM candidates GROUP BY hash, architecture_json ORDER BY min(id);

ALTER TABLE candidates ADD COLUMN architecture_id INTEGER;
UPDATE candidates SET architecture_id =
    (SELECT a.id FROM architectures a WHERE a.hash = candidates.hash AND a.json = candidates.architecture_json);
ALTER TABLE candidates DROP COLUMN architecture_json;
)sql";

// Version 4: a candidate of a search space may be stored by its genome alone (architecture_id
// NULL); the reader rebuilds its JSON from the genome and the run's config (store::
// ArchitectureCodec). In a search nearly every network is new to the file, and writing its JSON
// (5-7 KB) capped batched commits near 10,000 candidates/s; a genome is a few dozen bytes. An
// older EdgeNAS would read such a candidate as an empty architecture, so the version changes.
// The index by (run, hash) goes: hashes arrive in random order, so every commit rewrote most of
// its pages into the WAL (about 5 KB per candidate, more than the candidate itself) and halved the
// write rate; looking a hash up now scans the run's candidates, which only rare lookups do (the
// search keeps its own cache by hash).
constexpr std::string_view kVersion4 = R"sql(
DROP INDEX candidates_by_hash;
)sql";

// Version 5: candidates of any method. A candidate is an architecture plus how the method runs it
// (settings_json; '' = nothing more, as every earlier candidate), may belong to a candidate of the
// level above (level_parent_id: a HADAS inner candidate's backbone; no REFERENCES clause, for the
// reason given at version 3), and carries typed result records (a GOS per-layer table) instead of
// structure encoded in metric names. A run keeps method state beyond the generation's state_json
// (a GRAM meta-graph per sweep) as run records.
constexpr std::string_view kVersion5 = R"sql(
ALTER TABLE candidates ADD COLUMN settings_json TEXT NOT NULL DEFAULT '';
ALTER TABLE candidates ADD COLUMN level_parent_id INTEGER;

CREATE TABLE candidate_records (
    candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    json         TEXT NOT NULL,
    PRIMARY KEY (candidate_id, ordinal)
) WITHOUT ROWID;

CREATE TABLE run_records (
    run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    generation INTEGER NOT NULL,
    ordinal    INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    json       TEXT NOT NULL,
    PRIMARY KEY (run_id, generation, ordinal)
) WITHOUT ROWID;
)sql";

constexpr std::array<Migration, 5> kMigrations{{
    {1, kVersion1},
    {2, kVersion2},
    {3, kVersion3},
    {4, kVersion4},
    {5, kVersion5},
}};

} // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latestSchemaVersion() { return kMigrations.back().version; }

int inspectSchema(SqliteConnection& db) {
    // One read transaction, so the three answers describe the same state of the file.
    SqliteTransaction snapshot(db, SqliteTransaction::Kind::Read);
    const std::int64_t applicationId = db.pragmaInt("application_id");
    const std::int64_t version = db.pragmaInt("user_version");
    SqliteStatement objects(db, "SELECT count(*) FROM sqlite_schema");
    objects.step();
    const std::int64_t objectCount = objects.integer(0);
    objects.reset();
    snapshot.commit();

    if (applicationId != kApplicationId) {
        if (applicationId == 0 && version == 0 && objectCount == 0)
            return 0;
        throw core::InputError(db.path() +
                               " is not an EdgeNAS run database (it is an SQLite database of another program)");
    }
    if (version > latestSchemaVersion())
        throw core::InputError(db.path() + " was written by a newer EdgeNAS (run database schema version " +
                               std::to_string(version) + "; this version reads up to " +
                               std::to_string(latestSchemaVersion()) +
                               "). Update EdgeNAS to open it; the file was not modified.");
    return static_cast<int>(version);
}

void upgradeSchema(SqliteConnection& db, int fromVersion) {
    for (const Migration& migration : kMigrations) {
        if (migration.version <= fromVersion)
            continue;
        SqliteTransaction transaction(db, SqliteTransaction::Kind::Write);
        if (db.pragmaInt("user_version") >= migration.version)
            continue;  // another writer upgraded the file while we waited for the lock
        try {
            db.exec(std::string(migration.sql).c_str());
            db.exec(("PRAGMA user_version = " + std::to_string(migration.version)).c_str());
            transaction.commit();
        } catch (const StoreError& error) {
            throw StoreError(error.reason(), "upgrading " + db.path() + " to run database schema version " +
                                                 std::to_string(migration.version) + " failed: " + error.what());
        }
    }
}

} // namespace edgenas::store
