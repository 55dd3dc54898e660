#pragma once

#include "core/candidate.h"

#include <string>
#include <vector>

namespace edgenas::search::test {

/// The candidates' canonical hashes in their order: what two runs drew, compared in one QCOMPARE.
inline std::vector<std::string> hashesOf(const std::vector<core::Candidate>& candidates) {
    std::vector<std::string> out;
    for (const core::Candidate& c : candidates)
        out.push_back(c.hash);
    return out;
}

} // namespace edgenas::search::test
