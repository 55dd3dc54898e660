#pragma once

// Candidates cross from the search thread to the GUI thread in queued signals; Qt needs to
// know the types by name for that.

#include "core/candidate.h"

#include <QMetaType>

#include <vector>

Q_DECLARE_METATYPE(edgenas::core::Candidate)
Q_DECLARE_METATYPE(std::vector<edgenas::core::Candidate>)

namespace edgenas::widgets {

/// Registers the candidate types for queued connections; cheap and safe to call repeatedly.
inline void registerCandidateMetaTypes() {
    qRegisterMetaType<edgenas::core::Candidate>("edgenas::core::Candidate");
    qRegisterMetaType<std::vector<edgenas::core::Candidate>>("std::vector<edgenas::core::Candidate>");
}

} // namespace edgenas::widgets
