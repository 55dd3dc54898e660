#pragma once

#include "core/architecture.h"

#include <utility>
#include <vector>

namespace edgenas::proxies {

/// Ids of the nodes that end each resolution stage of the main path, in order: for every spatial
/// resolution (H, W > 1) the last node producing it, e.g. ResNet's layer1..layer3 outputs or
/// NAS-Bench-201's last cell of each stage (for the last stage, the BN+ReLU after it). Nodes the
/// main output does not depend on (exit heads) are ignored. Throws core::ArchitectureError for
/// invalid IR.
std::vector<int> stageEndNodes(const core::Architecture& architecture);

/// Pairs `pairs` stage ends of a reference with `referenceStages` stages and a candidate with
/// `candidateStages` (fewer when either has fewer). Each side picks evenly spread stages that
/// always include its last one, so networks of different depth are compared stage for stage
/// from the output backwards: 3 of 4 stages gives indices 0, 1, 3. Returns (reference index,
/// candidate index) pairs; empty when either side has no stage.
std::vector<std::pair<int, int>> pairStages(int referenceStages, int candidateStages, int pairs);

} // namespace edgenas::proxies
