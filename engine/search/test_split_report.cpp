#include "test_split_report.h"

#include "search_context.h"

#include "core/architecture_json.h"
#include "core/errors.h"
#include "store/run_store.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace edgenas::search {

namespace {

// At most `wanted` of the front, evenly spaced along its first objective, the ends included.
std::vector<std::string> spread(SearchContext& context, std::vector<std::string> front, std::size_t wanted) {
    if (front.size() <= wanted)
        return front;
    std::stable_sort(front.begin(), front.end(), [&](const std::string& a, const std::string& b) {
        return context.point(a).objectives.front() < context.point(b).objectives.front();
    });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < wanted; ++i)
        out.push_back(front[i * (front.size() - 1) / (wanted - 1)]);
    return out;
}

} // namespace

TestSplitReport::TestSplitReport(SearchContext& context, EvaluatorProvider& evaluators, store::RunStore& store,
                                 SearchObserver& observer)
    : m_context(context), m_evaluators(evaluators), m_store(store), m_observer(observer) {}

int TestSplitReport::run(std::int64_t runId, const std::vector<std::string>& front) {
    auto log = [&](LogLevel level, const std::string& message) {
        m_store.logEvent({.runId = runId, .kind = "log", .message = message});
        m_observer.logLine(level, message);
    };
    std::vector<std::string> todo;
    for (const std::string& hash : front) {
        const core::Candidate& c = m_context.candidate(hash);
        const core::Metric* accuracy = c.metric("accuracy");
        if (accuracy && accuracy->provenance == core::Provenance::Trained && !c.metric("test_accuracy"))
            todo.push_back(hash);
    }
    if (todo.empty())
        return 0;  // nothing trained to report (a proxy or cost-only run), or already reported
    CandidateEvaluator* evaluator = nullptr;
    try {
        evaluator = &m_evaluators.evaluatorFor("test_accuracy");
    } catch (const core::InputError& e) {
        log(LogLevel::Warning, std::string("test split: not reported (") + e.what() +
                                   "); the accuracies shown are validation accuracies");
        return 0;
    }
    if (todo.size() > kMaxReported) {
        log(LogLevel::Info, "test split: " + std::to_string(kMaxReported) + " of the " + std::to_string(todo.size()) +
                                " networks of the front, spread along it, are reported");
        todo = spread(m_context, todo, kMaxReported);
    }
    const CancelCheck cancel = [this] { return m_context.control().stopRequested(); };
    int reported = 0;
    for (const std::string& hash : todo) {
        const core::Candidate& c = m_context.candidate(hash);
        const std::vector<core::Metric> metrics = evaluator->evaluate(core::architectureFromJson(c.architectureJson), cancel);
        m_store.addMetrics(c.id, metrics);  // the run has committed its last generation: write now
        core::Candidate* cached = m_context.cache().find(hash);
        cached->metrics.insert(cached->metrics.end(), metrics.begin(), metrics.end());
        char line[160];
        std::snprintf(line, sizeof line, "test split: candidate %lld, validation accuracy %.4f, test accuracy %.4f",
                      static_cast<long long>(c.id), c.metric("accuracy")->value, metrics.front().value);
        log(LogLevel::Info, line);
        ++reported;
    }
    return reported;
}

} // namespace edgenas::search
