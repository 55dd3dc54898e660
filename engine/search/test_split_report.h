#pragma once

#include "candidate_evaluator.h"
#include "search_observer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace edgenas::store {
class RunStore;
}

namespace edgenas::search {

class SearchContext;

/// The last step of the evaluation protocol, the same for every method: a search chooses on the
/// validation split, and the networks it returns (its final front, at most kMaxReported of them,
/// spread along the first objective) are then trained again as in the search and measured once on
/// the test split. The figures go to the store as "test_accuracy" (Trained) and into the context.
/// Skipped, with a log line saying why, when the front carries no trained accuracy or nothing can
/// produce test figures. Returns how many networks were reported; throws core::Cancelled on stop.
class TestSplitReport {
public:
    static constexpr std::size_t kMaxReported = 10;

    TestSplitReport(SearchContext& context, EvaluatorProvider& evaluators, store::RunStore& store,
                    SearchObserver& observer);
    int run(std::int64_t runId, const std::vector<std::string>& front);

private:
    SearchContext& m_context;
    EvaluatorProvider& m_evaluators;
    store::RunStore& m_store;
    SearchObserver& m_observer;
};

} // namespace edgenas::search
