#pragma once

#include "architecture_codec.h"
#include "core/candidate.h"
#include "run_records.h"
#include "sqlite_transaction.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace edgenas::store {

class SqliteConnection;
class SqliteStatement;

/// The reading side of a run database, on its own read-only connection (one per thread, e.g.
/// the GUI's). In WAL mode it never blocks the writer and sees only committed transactions, so a
/// generation appears whole. Each call reads one consistent state; use snapshot() to make several
/// calls agree with each other.
///
/// Candidates stored by genome alone (see RunStore) get their architecture JSON back from the
/// ArchitectureCodec; reading them without one, or with one that decodes the run's space
/// differently from the writer, throws core::InputError naming the run.
///
/// Errors as RunStore: core::InputError for foreign, damaged or newer files; StoreError otherwise.
class RunReader {
public:
    /// How open() reads a file that no writer has open (it has no -wal file).
    enum class WhenIdle {
        Follow,    ///< read-only: sees a writer that starts later; SQLite leaves -wal and -shm behind
        Snapshot,  ///< immutable: creates no file; for one-shot reads such as `edgenas runs` and `show`
    };

    /// Opens an existing database read-only. Works on read-only files. A file with an older
    /// schema must be opened once with RunStore (which upgrades it) before it can be read.
    static RunReader open(const std::string& path, std::shared_ptr<const ArchitectureCodec> codec = nullptr,
                          WhenIdle whenIdle = WhenIdle::Follow);

    RunReader(RunReader&&) noexcept;
    RunReader& operator=(RunReader&&) noexcept;
    ~RunReader();

    const std::string& path() const;

    /// Every run, oldest first, with counts and metric ranges.
    std::vector<RunSummary> listRuns() const;
    std::optional<RunRecord> run(std::int64_t runId) const;

    /// The run's candidates with id > sinceCandidateId, ascending, metrics attached. A live view
    /// polls with the last id it has seen.
    std::vector<core::Candidate> candidates(std::int64_t runId, std::int64_t sinceCandidateId = 0) const;
    /// The earliest candidate of the run with this canonical hash. Walks the run (about 10 ms per
    /// 100,000 candidates): for occasional lookups, not for every candidate.
    std::optional<core::Candidate> findCandidateByHash(std::int64_t runId, const std::string& hash) const;

    /// Committed generations, oldest first. The search state (often large, and only needed to
    /// resume) is left empty unless asked for.
    std::vector<GenerationRecord> generations(std::int64_t runId, bool withState = false) const;
    /// The newest committed generation with its state: where a killed run resumes.
    std::optional<GenerationRecord> lastGeneration(std::int64_t runId) const;

    std::vector<EventRecord> events(std::int64_t runId, std::int64_t sinceEventId = 0) const;
    /// The run's method records in commit order; only those of `kind` when it is given.
    std::vector<MethodStateRecord> runRecords(std::int64_t runId, const std::string& kind = {}) const;
    std::vector<ArtefactRecord> artefacts(std::int64_t runId) const;

    /// Pins the current committed state: until the returned object is destroyed (or committed),
    /// every read of this reader sees that state. Keep it short: while it lives the writer's
    /// checkpoints cannot recycle the WAL, which then grows.
    [[nodiscard]] SqliteTransaction snapshot() const;

    /// Full structural check (PRAGMA quick_check), as RunStore::verifyIntegrity.
    void verifyIntegrity() const;

private:
    /// What this reader knows of a run whose candidates it rebuilds.
    struct RunDecoding {
        std::string configJson;
        bool verified = false;  ///< a rebuilt network matched its stored canonical hash
    };

    RunReader(std::unique_ptr<SqliteConnection> db, std::shared_ptr<const ArchitectureCodec> codec);
    std::vector<core::Candidate> readCandidates(SqliteStatement& query, std::int64_t runId) const;
    /// Adds the stored result records to candidates sorted by id.
    void attachRecords(std::vector<core::Candidate>& candidates) const;
    /// The run's config as stored now; a changed one (a reused run id) is verified again.
    RunDecoding& decodingOf(std::int64_t runId) const;
    /// One candidate's architecture JSON, checked against its hash when first for the run; throws
    /// core::InputError when it cannot be rebuilt.
    std::string rebuildArchitecture(std::int64_t runId, RunDecoding& decoding, const core::Candidate& candidate) const;
    /// Fills in the JSON of the candidates at `positions` (stored by genome), in parallel when
    /// there are many.
    void rebuildArchitectures(std::int64_t runId, std::vector<core::Candidate>& candidates,
                              const std::vector<std::size_t>& positions) const;
    GenerationRecord readGeneration(const SqliteStatement& query) const;

    std::unique_ptr<SqliteConnection> m_db;
    std::shared_ptr<const ArchitectureCodec> m_codec;
    mutable std::unordered_map<std::int64_t, RunDecoding> m_decodings;  ///< by run id
};

} // namespace edgenas::store
