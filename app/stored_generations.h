#pragma once

#include "search/search_observer.h"
#include "store/run_reader.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgenas::app {

/// A run's committed generations from the `first`-th on, as the summaries a live search sends
/// (GenerationSummary with the method records stored with each generation), so a replayed, a
/// followed and a resumed run reach the views the same way as a live one. `budget` is the run's
/// evaluation budget. Read inside the caller's snapshot when it needs a consistent state.
std::vector<search::GenerationSummary> storedGenerationSummaries(const store::RunReader& reader, std::int64_t runId,
                                                                 std::size_t first, int budget);

} // namespace edgenas::app
