#pragma once

#include "core/candidate.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace edgenas::search {

/// A Pareto front as a plain-text table, one row per candidate and one column per objective
/// (accuracy in %, the others in their units), for the CLI's search summary and `show`.
std::string formatFrontTable(const std::vector<core::Candidate>& front, const std::vector<std::string>& objectives);

/// {"id", "generation", "hash", "genome", "status", "parents", "metrics": {name: {value, unit, provenance}}}.
nlohmann::ordered_json candidateToJson(const core::Candidate& candidate);

} // namespace edgenas::search
