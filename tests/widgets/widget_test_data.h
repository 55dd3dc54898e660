#pragma once

// Candidates made up for the widget tests.

#include "core/candidate.h"

#include <cstdint>
#include <string>
#include <vector>

namespace edgenas::widgets::testing {

inline core::Candidate makeCandidate(std::int64_t id, double latencyMs, double accuracy, double macs = 1.0e6,
                                     int generation = 0, std::string status = "evaluated") {
    core::Candidate c;
    c.id = id;
    c.generation = generation;
    c.status = std::move(status);
    // append() rather than operator+: GCC 12 warns falsely (-Wrestrict) about "h" + std::to_string.
    c.genome = std::to_string(id % 5).append(",1,2");
    c.hash = std::string("h").append(std::to_string(id));
    c.metrics = {
        {"accuracy", accuracy, "", core::Provenance::Trained},
        {"latency_ms", latencyMs, "ms", core::Provenance::Table},
        {"macs", macs, "MACs", core::Provenance::Counted},
    };
    return c;
}

} // namespace edgenas::widgets::testing
