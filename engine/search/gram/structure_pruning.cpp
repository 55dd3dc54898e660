#include "structure_pruning.h"

#include <algorithm>

namespace edgenas::search {

std::vector<PruningMove> pruningMoves(const spaces::DagCell& cell, const MetaGraph& meta) {
    const spaces::DagCell live = spaces::withoutDeadParts(cell);
    std::vector<PruningMove> moves;
    for (int j = 1; j < live.nodes; ++j) {
        const std::vector<int> inputs = spaces::liveInputs(live, j);
        if (inputs.size() < 2)
            continue;
        for (int i : inputs) {
            PruningMove move{i, j, meta.edgeLogit(i, j), live};
            move.result.setEdge(i, j, false);
            moves.push_back(std::move(move));
        }
    }
    if (moves.empty()) {
        const std::vector<bool> alive = spaces::liveNodes(live);
        const long liveNodes = std::count(alive.begin() + 1, alive.end(), true);
        if (liveNodes >= 2)
            for (int leaf : spaces::liveLeaves(live)) {
                if (leaf == 0)
                    continue;
                const std::vector<int> inputs = spaces::liveInputs(live, leaf);
                double sum = 0.0;
                PruningMove move{-1, leaf, 0.0, live};
                for (int i : inputs) {
                    sum += meta.edgeLogit(i, leaf);
                    move.result.setEdge(i, leaf, false);
                }
                move.logit = inputs.empty() ? 0.0 : sum / static_cast<double>(inputs.size());
                move.result = spaces::withoutDeadParts(move.result);
                moves.push_back(std::move(move));
            }
    }
    std::stable_sort(moves.begin(), moves.end(),
                     [](const PruningMove& a, const PruningMove& b) { return a.logit < b.logit; });
    return moves;
}

} // namespace edgenas::search
