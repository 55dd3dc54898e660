#include "stored_generations.h"

#include <algorithm>

namespace edgenas::app {

std::vector<search::GenerationSummary> storedGenerationSummaries(const store::RunReader& reader, std::int64_t runId,
                                                                 std::size_t first, int budget) {
    const std::vector<store::GenerationRecord> generations = reader.generations(runId);
    if (first >= generations.size())
        return {};
    std::vector<search::GenerationSummary> summaries;
    summaries.reserve(generations.size() - first);
    for (std::size_t i = first; i < generations.size(); ++i) {
        const store::GenerationRecord& g = generations[i];
        search::GenerationSummary s;
        s.runId = g.runId;
        s.generation = g.generation;
        s.evaluations = int(g.evaluations);
        s.budget = budget;
        s.hypervolume = g.hypervolume;
        s.frontIds = g.frontCandidateIds;
        summaries.push_back(std::move(s));
    }
    // Records come in (generation, ordinal) order; each joins its generation's summary.
    for (store::MethodStateRecord& r : reader.runRecords(runId)) {
        const auto at = std::lower_bound(summaries.begin(), summaries.end(), r.generation,
                                         [](const search::GenerationSummary& s, int g) { return s.generation < g; });
        if (at != summaries.end() && at->generation == r.generation)
            at->records.push_back(std::move(r.record));
    }
    return summaries;
}

} // namespace edgenas::app
