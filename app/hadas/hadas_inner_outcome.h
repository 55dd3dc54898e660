#pragma once

#include "search/hadas/hadas_records.h"

#include <cstdint>
#include <string>
#include <vector>

namespace edgenas::app {

// search::kHadasInnerRunRecord ("hadas.inner/1") is committed when a backbone's inner search is
// done (HadasSearch::searchInner): which backbone, its inner front's knee, the exit positions
// trained and the trained heads. The backbone's own record is written before the outer
// selection, so its heads and "searched" flag come from here.
using search::kHadasInnerRunRecord;

struct HadasInnerOutcome {
    std::int64_t backboneId = -1;
    std::string backboneHash;
    std::string kneeHash;              ///< identity of the inner front's knee; empty when none
    std::vector<int> exitPositions;    ///< blocks heads were trained after
    std::vector<search::HadasExitHead> heads;
};

/// Reads a "hadas.inner/1" record; throws core::InputError naming the bad key.
HadasInnerOutcome hadasInnerOutcomeFromJson(const std::string& json);

/// `record` with what the inner search found: marked searched, its heads from `outcome` when the
/// record carries none.
search::HadasBackboneRecord withInnerOutcome(search::HadasBackboneRecord record, const HadasInnerOutcome* outcome,
                                             bool hasDynamicModels);

} // namespace edgenas::app
