#pragma once

// Engine value types that cross from the search thread to the GUI thread in queued signals.
// core::Candidate and std::vector<core::Candidate> are declared by widgets/candidate_metatypes.h.

#include "widgets/candidate_metatypes.h"

#include "search/run_config.h"
#include "search/search_observer.h"

#include <QMetaType>

#include <vector>

Q_DECLARE_METATYPE(edgenas::search::GenerationSummary)
Q_DECLARE_METATYPE(std::vector<edgenas::search::GenerationSummary>)
Q_DECLARE_METATYPE(edgenas::search::RunConfig)

namespace edgenas::app {

/// Registers the engine value types with Qt's meta-type system; call once before threads start.
void registerAppMetaTypes();

} // namespace edgenas::app
