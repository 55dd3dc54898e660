#pragma once

#include "core/candidate.h"

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgenas::store {

/// One search run as stored: what was asked for, where and when it ran, and how it ended.
struct RunRecord {
    std::int64_t id = -1;            ///< store row id; -1 before the run is created
    std::string name;                ///< shown in the run browser; the user can rename it
    std::string method;              ///< a registered method name (search::MethodRegistry)
    std::string configJson = "{}";   ///< the search::RunConfig JSON, so the run can be repeated
    std::uint64_t seed = 0;
    std::string status = "running";  ///< "running", "paused", "finished", "interrupted", "failed"
    std::string startedAt;           ///< ISO-8601 UTC; empty = now, filled in by createRun
    std::string endedAt;             ///< ISO-8601 UTC; empty while the run is not over
    std::string host;                ///< host name; empty = this machine's, filled in by createRun
    std::string versionsJson = "{}"; ///< library versions supplied by the caller
    std::string notes;               ///< free text the user attaches

    friend bool operator==(const RunRecord&, const RunRecord&) = default;
};

/// One committed generation: progress figures plus the search's own state for an exact resume.
struct GenerationRecord {
    std::int64_t runId = -1;
    int generation = 0;
    std::int64_t evaluations = 0;  ///< evaluations spent so far in the run
    double hypervolume = 0.0;
    /// Store ids of the Pareto front. In RunStore::commitGeneration, RunStore::newCandidateRef(i)
    /// stands for the i-th new candidate of the same call, whose id is not known yet.
    std::vector<std::int64_t> frontCandidateIds;
    std::string stateJson = "{}";  ///< opaque to the store; the search reads it back to resume
    std::string committedAt;       ///< ISO-8601 UTC; empty = now, filled in on commit
    /// Method state kept with this generation beyond stateJson (a GRAM meta-graph per sweep),
    /// written by commitGeneration and read back by RunReader::runRecords.
    std::vector<core::ResultRecord> records;

    friend bool operator==(const GenerationRecord&, const GenerationRecord&) = default;
};

/// A method record of a run as read back, with the generation it was committed with.
struct MethodStateRecord {
    int generation = 0;
    core::ResultRecord record;

    friend bool operator==(const MethodStateRecord&, const MethodStateRecord&) = default;
};

/// A line of the run's log: messages, steering commands, status changes and errors.
struct EventRecord {
    std::int64_t id = -1;
    std::int64_t runId = -1;
    std::string time;               ///< ISO-8601 UTC; empty = now
    std::string kind = "log";       ///< "log", "steer", "status", "error"
    std::string message;
    std::string payloadJson = "{}";

    friend bool operator==(const EventRecord&, const EventRecord&) = default;
};

/// A file produced by a run (exported model, report, plot), stored by path, not by content.
struct ArtefactRecord {
    std::int64_t id = -1;
    std::int64_t runId = -1;
    std::optional<std::int64_t> candidateId;  ///< the candidate it belongs to, if any
    std::string kind;                         ///< "torchscript", "report", "plot", ...
    std::string path;
    std::string createdAt;                    ///< ISO-8601 UTC; empty = now

    friend bool operator==(const ArtefactRecord&, const ArtefactRecord&) = default;
};

/// Range of one metric over a run's candidates. The store does not know which direction is
/// better (the run's objectives do), so it keeps both ends. NaN values are not counted.
struct MetricRange {
    double min = std::numeric_limits<double>::quiet_NaN();
    double max = std::numeric_limits<double>::quiet_NaN();
    std::string unit;
    std::int64_t count = 0;  ///< candidates with a (non-NaN) value

    friend bool operator==(const MetricRange&, const MetricRange&) = default;
};

/// A row of the run browser: the run plus figures that are cheap to keep up to date.
struct RunSummary {
    RunRecord run;
    std::int64_t candidateCount = 0;
    int generationCount = 0;
    std::int64_t evaluations = 0;  ///< of the last committed generation
    double hypervolume = std::numeric_limits<double>::quiet_NaN();  ///< of the last committed generation
    std::map<std::string, MetricRange> metrics;  ///< by metric name
};

/// Current time as ISO-8601 UTC with milliseconds, e.g. "2024-05-01T12:34:56.789Z".
std::string utcTimestamp();
/// This machine's host name, or "" if the system will not tell.
std::string localHostName();

bool isRunStatus(std::string_view status);
bool isEventKind(std::string_view kind);

} // namespace edgenas::store
