#include "app_metatypes.h"

#include "widgets/candidate_metatypes.h"

namespace edgenas::app {

void registerAppMetaTypes() {
    widgets::registerCandidateMetaTypes();
    qRegisterMetaType<edgenas::search::GenerationSummary>("edgenas::search::GenerationSummary");
    qRegisterMetaType<std::vector<edgenas::search::GenerationSummary>>(
        "std::vector<edgenas::search::GenerationSummary>");
    qRegisterMetaType<edgenas::search::RunConfig>("edgenas::search::RunConfig");
}

} // namespace edgenas::app
