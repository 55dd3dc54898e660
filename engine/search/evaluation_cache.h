#pragma once

#include "core/candidate.h"

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace edgenas::search {

/// Every candidate of a run by canonical hash, in evaluation order. A hit means the network was
/// already evaluated (in this process or, after a resume, in an earlier one) and costs nothing.
class EvaluationCache {
public:
    const core::Candidate* find(const std::string& hash) const;
    core::Candidate* find(const std::string& hash);
    /// Throws std::out_of_range for an unknown hash.
    const core::Candidate& at(const std::string& hash) const;
    /// Adds a candidate; a second one with the same hash is ignored. Returns the cached one.
    core::Candidate& insert(core::Candidate candidate);
    bool contains(const std::string& hash) const { return m_byHash.count(hash) > 0; }
    std::size_t size() const { return m_order.size(); }
    /// Hashes in the order they entered.
    const std::vector<std::string>& order() const { return m_order; }

private:
    std::unordered_map<std::string, core::Candidate> m_byHash;
    std::vector<std::string> m_order;
};

} // namespace edgenas::search
