#pragma once

#include "store/run_reader.h"

#include <cstdint>
#include <string>
#include <vector>

namespace edgenas::search {

/// What a stored run's method has to say about its outcome (MethodDescriptor::reportLines), from
/// the run's config and its last committed state. Empty for a method without a report, one this
/// build does not know, a run that is not stored, and a state this version cannot read (the
/// front is then the whole report).
std::vector<std::string> methodReportLines(const store::RunReader& reader, std::int64_t runId);

} // namespace edgenas::search
