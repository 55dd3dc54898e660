#include "search_control.h"

namespace edgenas::search {

void SearchControl::pause() { m_paused.store(true); }

void SearchControl::resume() {
    {
        std::lock_guard lock(m_mutex);
        m_paused.store(false);
    }
    m_wake.notify_all();
}

void SearchControl::requestStop() {
    {
        std::lock_guard lock(m_mutex);
        m_stop.store(true);
    }
    m_wake.notify_all();
}

bool SearchControl::waitWhilePaused() {
    std::unique_lock lock(m_mutex);
    m_wake.wait(lock, [this] { return !m_paused.load() || m_stop.load(); });
    return !m_stop.load();
}

void SearchControl::setConstraint(const std::string& metric, double bound) {
    std::lock_guard lock(m_mutex);
    m_inbox.push_back({SteeringAction::Kind::SetConstraint, metric, bound, {}, {}});
}

void SearchControl::clearConstraint(const std::string& metric) {
    std::lock_guard lock(m_mutex);
    m_inbox.push_back({SteeringAction::Kind::ClearConstraint, metric, 0.0, {}, {}});
}

void SearchControl::setLowerBound(const std::string& metric, double bound) {
    std::lock_guard lock(m_mutex);
    m_inbox.push_back({SteeringAction::Kind::SetLowerBound, metric, bound, {}, {}});
}

void SearchControl::clearLowerBound(const std::string& metric) {
    std::lock_guard lock(m_mutex);
    m_inbox.push_back({SteeringAction::Kind::ClearLowerBound, metric, 0.0, {}, {}});
}

void SearchControl::setObjectives(std::vector<std::string> objectives) {
    std::lock_guard lock(m_mutex);
    m_inbox.push_back({SteeringAction::Kind::SetObjectives, {}, 0.0, std::move(objectives), {}});
}

void SearchControl::injectCandidate(std::string architectureJson) {
    std::lock_guard lock(m_mutex);
    m_inbox.push_back({SteeringAction::Kind::InjectCandidate, {}, 0.0, {}, std::move(architectureJson)});
}

std::vector<SteeringAction> SearchControl::takeActions() {
    std::lock_guard lock(m_mutex);
    return std::exchange(m_inbox, {});
}

} // namespace edgenas::search
