#pragma once

#include "meta_graph.h"

#include "spaces/dag_cell.h"

#include <vector>

namespace edgenas::search {

/// One structure-level pruning move: an edge removed, or (once no edge can go) a whole leaf node
/// (from = -1, to = the node) whose in-edges are all removed.
struct PruningMove {
    int from = -1;
    int to = -1;
    double logit = 0.0;  ///< W of the edge; for a node, the mean W of its live in-edges
    spaces::DagCell result;
};

/// The moves allowed on `cell`, lowest meta-graph weight first. An edge between live nodes may go
/// unless it is the last input of its target (so the output is never disconnected and no node
/// dies). Only when no edge may go, a live leaf may go while another node besides the cell input
/// stays live: our extension, without which pruning stalls once every node has one input.
std::vector<PruningMove> pruningMoves(const spaces::DagCell& cell, const MetaGraph& meta);

} // namespace edgenas::search
