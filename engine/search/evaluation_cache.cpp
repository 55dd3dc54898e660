#include "evaluation_cache.h"

namespace edgenas::search {

const core::Candidate* EvaluationCache::find(const std::string& hash) const {
    auto it = m_byHash.find(hash);
    return it == m_byHash.end() ? nullptr : &it->second;
}

core::Candidate* EvaluationCache::find(const std::string& hash) {
    auto it = m_byHash.find(hash);
    return it == m_byHash.end() ? nullptr : &it->second;
}

const core::Candidate& EvaluationCache::at(const std::string& hash) const { return m_byHash.at(hash); }

core::Candidate& EvaluationCache::insert(core::Candidate candidate) {
    auto [it, inserted] = m_byHash.try_emplace(candidate.hash, std::move(candidate));
    if (inserted)
        m_order.push_back(it->first);
    return it->second;
}

} // namespace edgenas::search
