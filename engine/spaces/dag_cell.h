#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace edgenas::spaces {

/// The operators a node of the DAG space can run (gene values index this list).
inline constexpr std::array<std::string_view, 3> kDagOpNames{"sep_conv_3x3", "sep_conv_5x5", "conv_1x1"};

/// The cell graph of the DAG (SwiftNet/AutoShrink-style) space: `nodes` nodes in topological
/// order, edges i -> j only for i < j, one operator per node. Node 0 is the cell input (it has no
/// operator); a node with several inputs concatenates them.
struct DagCell {
    int nodes = 0;
    std::vector<std::uint8_t> edges;  ///< nodes x nodes, row-major: edges[i * nodes + j], i < j
    std::vector<int> ops;             ///< per node, an index into kDagOpNames; ops[0] is unused (0)

    /// Every edge present, every node running `op`: where a GRAM search starts.
    static DagCell complete(int nodes, int op = 0);
    /// No edge at all, every node running `op`.
    static DagCell empty(int nodes, int op = 0);

    bool edge(int from, int to) const { return edges[static_cast<std::size_t>(from * nodes + to)] != 0; }
    void setEdge(int from, int to, bool present) {
        edges[static_cast<std::size_t>(from * nodes + to)] = present ? 1 : 0;
    }
    int edgeCount() const;

    friend bool operator==(const DagCell&, const DagCell&) = default;
};

/// Number of possible edges (and edge genes) of an n-node cell: n (n - 1) / 2.
inline int dagEdgeSlots(int nodes) { return nodes * (nodes - 1) / 2; }

/// Live nodes: node 0, and every node with an edge from a live node. Dead nodes are not built.
std::vector<bool> liveNodes(const DagCell& cell);
/// Live nodes with no edge to a live node: the cell output concatenates them. {0} when node 0
/// feeds nothing.
std::vector<int> liveLeaves(const DagCell& cell);
/// Edges between live nodes into `to`, in order of their source.
std::vector<int> liveInputs(const DagCell& cell, int to);
/// The same cell with every edge from or into a dead node removed and dead nodes' operators
/// reset to 0: two cells that build the same network have the same reduced form.
DagCell withoutDeadParts(const DagCell& cell);

/// Input-to-output path counts over the live graph. forward[j]: paths from node 0 to j;
/// backward[i]: paths from i to any leaf; total: paths from node 0 to any leaf. Counts are
/// doubles because they grow combinatorially (a complete 16-node cell has 2^14 paths to its leaf).
struct DagPathCounts {
    std::vector<double> forward;
    std::vector<double> backward;
    double total = 0.0;
};
DagPathCounts pathCounts(const DagCell& cell);
/// Share of input-to-output paths that run through the edge from -> to (0 for an absent or dead
/// edge): GRAM's graph-propagation credit.
double edgeUsage(const DagCell& cell, const DagPathCounts& counts, int from, int to);

/// The genome of the DAG space: the edge bits in the order (0->1), (0->2), (1->2), (0->3), ... (all
/// inputs of node 1, then of node 2, ...), followed by the operator of nodes 1 .. n-1.
std::vector<int> dagGenomeOf(const DagCell& cell);
/// Inverse of dagGenomeOf; throws core::InputError when the genome has the wrong length or a value
/// out of range.
DagCell dagCellOf(const std::vector<int>& genome, int nodes);

} // namespace edgenas::spaces
