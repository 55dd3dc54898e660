#pragma once

#include "graph_layout.h"

#include <QSizeF>

#include <utility>
#include <vector>

namespace edgenas::widgets {

/// Where the meta-graph's nodes and edges go: the complete DAG on `nodes` nodes laid out once,
/// so stepping through sweeps changes widths and colours, never positions. Laid out again only
/// when the node count, the box size or the direction (down a tall view, across a wide one)
/// changes.
class MetaGraphLayout {
public:
    /// Lays the DAG out for these boxes and direction unless it already is; true if it moved.
    bool update(int nodes, QSizeF box, bool across);

    /// -1 before the first layout.
    int nodeCount() const { return m_nodes; }
    bool isAcross() const { return m_across; }
    /// Every edge i -> j (i < j) of the complete DAG, in the order of the paths.
    const std::vector<std::pair<int, int>>& edges() const { return m_edges; }
    const GraphLayout::Result& result() const { return m_result; }

private:
    int m_nodes = -1;
    QSizeF m_box;
    bool m_across = false;
    GraphLayout::Result m_result;
    std::vector<std::pair<int, int>> m_edges;
};

} // namespace edgenas::widgets
