#pragma once

#include "core/candidate.h"

#include <cstdint>
#include <string>
#include <vector>

namespace edgenas::search {

/// What a generation ended with; a value type, safe to copy across threads.
struct GenerationSummary {
    std::int64_t runId = 0;
    int generation = 0;
    int evaluations = 0;      ///< evaluated so far in the run
    int budget = 0;
    double hypervolume = 0.0; ///< of the feasible front, in normalised objective space
    std::vector<std::int64_t> frontIds;
    /// Method state stored with this generation (SearchMethod::takeRunRecords), e.g. a meta-graph.
    std::vector<core::ResultRecord> records;
};

enum class LogLevel { Info, Warning, Error };

/// Progress reports from a running search. Called on the engine's thread: implementations
/// copy what they need and return quickly (the GUI adapter queues value types to its thread).
class SearchObserver {
public:
    virtual ~SearchObserver() = default;
    virtual void runStarted(std::int64_t runId) {}
    virtual void candidateEvaluated(const core::Candidate& candidate) {}
    virtual void generationFinished(const GenerationSummary& summary) {}
    virtual void frontChanged(const std::vector<core::Candidate>& front) {}
    virtual void logLine(LogLevel level, const std::string& message) {}
    /// done/total in evaluations; fraction of the whole run in [0, 1].
    virtual void progress(int done, int total, double fraction) {}
    virtual void runFinished(std::int64_t runId, const std::string& status) {}
};

} // namespace edgenas::search
