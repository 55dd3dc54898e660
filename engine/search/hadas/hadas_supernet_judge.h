#pragma once

#include "hadas_judge.h"
#include "hadas_settings.h"

#include <memory>

namespace edgenas::search {

class SearchContext;

/// The judge of a real run: the weight-sharing supernet of the run's space and data set, trained
/// once (sandwich rule) or loaded from the artefact cache, with exit heads trained per backbone on
/// frozen features. Progress goes to the run's log; a stop request cancels the training, which
/// resumes from its last finished epoch next time.
std::unique_ptr<HadasJudge> makeSupernetJudge(SearchContext& context, const HadasSettings& settings);

} // namespace edgenas::search
