#include "run_space.h"

#include "core/architecture_json.h"
#include "data/dataset_spec.h"
#include "spaces/space_factory.h"

namespace edgenas::search {

spaces::SpaceOptions spaceOptionsFor(const RunConfig& config) {
    spaces::SpaceOptions options;
    options.input = data::datasetInputShape(config.dataset);
    options.numClasses = data::datasetClassCount(config.dataset);
    options.nb201Channels = config.spaceChannels;
    options.nb201CellsPerStage = config.spaceCells;
    options.widthMultiplier = config.spaceWidth;
    options.dagChannels = config.spaceChannels;
    options.dagNodes = config.spaceNodes;
    options.dagStages = config.spaceStages;
    options.attentiveLayout = config.spaceLayout;
    return options;
}

std::unique_ptr<spaces::SearchSpace> makeRunSpace(const RunConfig& config) {
    return spaces::makeSearchSpace(config.space, spaceOptionsFor(config));
}

std::string candidateArchitectureJson(const core::Architecture& architecture) {
    return core::toJson(architecture, -1);
}

} // namespace edgenas::search
