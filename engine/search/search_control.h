#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace edgenas::search {

/// One steering request, applied by the engine at its next step and recorded as an event.
struct SteeringAction {
    enum class Kind { SetConstraint, ClearConstraint, SetLowerBound, ClearLowerBound, SetObjectives, InjectCandidate };
    Kind kind = Kind::SetConstraint;
    std::string name;                    ///< metric name for constraints
    double value = 0.0;                  ///< new bound (a ceiling, or a floor for SetLowerBound)
    std::vector<std::string> objectives; ///< for SetObjectives
    std::string architectureJson;        ///< for InjectCandidate
};

/// Thread-safe steering of a running search. The GUI thread calls it directly; the engine
/// polls it between steps and between batches, so nothing waits behind queued events.
class SearchControl {
public:
    void pause();
    void resume();
    void requestStop();
    bool stopRequested() const { return m_stop.load(); }
    bool paused() const { return m_paused.load(); }

    /// Blocks the engine thread while paused; returns false if a stop was requested meanwhile.
    bool waitWhilePaused();

    void setConstraint(const std::string& metric, double bound);
    void clearConstraint(const std::string& metric);
    /// A floor on a metric ("accuracy at least 0.8"), beside or instead of a ceiling.
    void setLowerBound(const std::string& metric, double bound);
    void clearLowerBound(const std::string& metric);
    void setObjectives(std::vector<std::string> objectives);
    void injectCandidate(std::string architectureJson);

    /// Everything requested since the last call, in order.
    std::vector<SteeringAction> takeActions();

private:
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_paused{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<SteeringAction> m_inbox;
};

} // namespace edgenas::search
