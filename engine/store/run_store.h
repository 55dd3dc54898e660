#pragma once

#include "architecture_codec.h"
#include "core/candidate.h"
#include "run_records.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace edgenas::store {

class SqliteConnection;

/// The writing side of a run database: one per search process (or thread), used from one thread.
/// Opens or creates the file in WAL mode so readers on other connections never block it and
/// never see a generation half written. Many runs share one file.
///
/// With an ArchitectureCodec, a candidate that has a genome is stored without its architecture
/// JSON (the reader rebuilds it), once the codec has reproduced the run's first such candidate
/// exactly; otherwise, and for candidates without a genome, the JSON is stored.
///
/// Errors: core::InputError for a file that is foreign, damaged or from a newer EdgeNAS (the
/// file is never modified then); StoreError for read-only files or folders, a full disk, a
/// lock held too long, or a run id that does not exist.
class RunStore {
public:
    /// Opens `path` for writing, creating it or upgrading its schema as needed.
    static RunStore open(const std::string& path, std::shared_ptr<const ArchitectureCodec> codec = nullptr);

    RunStore(RunStore&&) noexcept;
    RunStore& operator=(RunStore&&) noexcept;
    ~RunStore();

    const std::string& path() const;

    /// Inserts the run; fills startedAt and host when empty. Returns the new id.
    std::int64_t createRun(const RunRecord& run);

    /// In commitGeneration and addCandidates, stands for the index-th candidate of the same call
    /// (in parents: an earlier one), whose store id is not known before the call.
    static constexpr std::int64_t newCandidateRef(std::size_t index) {
        return -1 - static_cast<std::int64_t>(index);
    }

    /// Writes the new candidates, their metrics and the generation row in one transaction, so a
    /// reader sees all of it or none of it and a resumed run starts from a whole generation.
    /// Returns the candidates' new ids in order. Candidates keep their own `generation` field.
    std::vector<std::int64_t> commitGeneration(std::int64_t runId, const GenerationRecord& generation,
                                               const std::vector<core::Candidate>& newCandidates);
    /// Candidates outside a generation (injected by the user, re-evaluations); one transaction.
    std::vector<std::int64_t> addCandidates(std::int64_t runId, const std::vector<core::Candidate>& candidates);
    /// Appends metrics to a stored candidate (after the ones it has, in order) and counts them in
    /// the run's metric ranges; one transaction. E.g. a final-training accuracy beside a proxy
    /// score. StoreError (NotFound) for an unknown candidate.
    void addMetrics(std::int64_t candidateId, const std::vector<core::Metric>& metrics);

    /// Appends to the run's log; fills `time` when empty. Returns the event id.
    std::int64_t logEvent(const EventRecord& event);

    /// Sets the status; `endedAt` empty means now for "finished", "interrupted" and "failed", and
    /// clears it for "running" and "paused" (a resumed run has not ended).
    void setRunStatus(std::int64_t runId, std::string_view status, std::string_view endedAt = {});
    void renameRun(std::int64_t runId, std::string_view name);
    void annotateRun(std::int64_t runId, std::string_view notes);
    /// Deletes the run with its candidates, metrics, generations, events and artefact rows (not the
    /// artefact files). Returns false if there was no such run. The file does not shrink.
    bool deleteRun(std::int64_t runId);

    /// Records a file produced by the run; fills createdAt when empty. Returns the artefact id.
    std::int64_t addArtefact(const ArtefactRecord& artefact);

    /// Caps the database size for this connection (PRAGMA max_page_count); writes beyond it fail
    /// like a full disk. For quotas on small devices and for testing the full-disk path. A cap
    /// below the current size freezes the current size; 0 or less removes the cap.
    void limitSize(std::int64_t maxBytes);

    /// Full structural check (PRAGMA quick_check); reads the whole file, so it costs about as
    /// much as reading it once. Throws core::InputError naming the file if it is damaged.
    void verifyIntegrity();

private:
    /// How this connection stores a run's candidates that have a genome.
    struct RunEncoding {
        enum class Form { Unchecked, GenomeOnly, Json };
        std::string configJson;  ///< the config the decision was made for
        Form form = Form::Unchecked;
    };

    RunStore(std::unique_ptr<SqliteConnection> db, std::shared_ptr<const ArchitectureCodec> codec);

    void requireRun(std::int64_t runId);
    /// Checks that the run exists and, with a codec, returns its encoding (nullptr without one).
    RunEncoding* encodingOf(std::int64_t runId);
    bool storesGenomeOnly(RunEncoding* encoding, const core::Candidate& candidate) const;
    /// The id of this exact architecture text, stored now if the file does not hold it yet.
    std::int64_t architectureId(const std::string& hash, const std::string& json);
    std::vector<std::int64_t> insertCandidates(std::int64_t runId, RunEncoding* encoding,
                                               const std::vector<core::Candidate>& candidates);
    void updateRunText(const char* sql, std::int64_t runId, std::string_view value);

    std::unique_ptr<SqliteConnection> m_db;
    std::shared_ptr<const ArchitectureCodec> m_codec;
    std::unordered_map<std::int64_t, RunEncoding> m_encodings;  ///< by run id; only with a codec
    std::string m_scratch;  ///< reused for parents text, saving an allocation per candidate
};

} // namespace edgenas::store
