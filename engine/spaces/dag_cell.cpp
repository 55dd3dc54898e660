#include "dag_cell.h"

#include "core/errors.h"

#include <string>

namespace edgenas::spaces {

namespace {
DagCell filledCell(int nodes, int op, bool present) {
    if (nodes < 2)
        throw core::InputError("a DAG cell needs at least 2 nodes, got " + std::to_string(nodes));
    DagCell cell;
    cell.nodes = nodes;
    cell.edges.assign(static_cast<std::size_t>(nodes * nodes), 0);
    cell.ops.assign(static_cast<std::size_t>(nodes), op);
    cell.ops[0] = 0;
    for (int j = 1; j < nodes; ++j)
        for (int i = 0; i < j; ++i)
            cell.setEdge(i, j, present);
    return cell;
}
} // namespace

DagCell DagCell::complete(int nodes, int op) { return filledCell(nodes, op, true); }
DagCell DagCell::empty(int nodes, int op) { return filledCell(nodes, op, false); }

int DagCell::edgeCount() const {
    int count = 0;
    for (int j = 1; j < nodes; ++j)
        for (int i = 0; i < j; ++i)
            count += edge(i, j) ? 1 : 0;
    return count;
}

std::vector<bool> liveNodes(const DagCell& cell) {
    std::vector<bool> live(static_cast<std::size_t>(cell.nodes), false);
    if (cell.nodes == 0)
        return live;
    live[0] = true;
    for (int j = 1; j < cell.nodes; ++j)
        for (int i = 0; i < j && !live[j]; ++i)
            live[j] = live[i] && cell.edge(i, j);
    return live;
}

std::vector<int> liveLeaves(const DagCell& cell) {
    const std::vector<bool> live = liveNodes(cell);
    std::vector<int> leaves;
    for (int i = 0; i < cell.nodes; ++i) {
        if (!live[i])
            continue;
        bool feeds = false;
        for (int j = i + 1; j < cell.nodes && !feeds; ++j)
            feeds = live[j] && cell.edge(i, j);
        if (!feeds)
            leaves.push_back(i);
    }
    return leaves;
}

std::vector<int> liveInputs(const DagCell& cell, int to) {
    const std::vector<bool> live = liveNodes(cell);
    std::vector<int> inputs;
    if (!live[to])
        return inputs;
    for (int i = 0; i < to; ++i)
        if (live[i] && cell.edge(i, to))
            inputs.push_back(i);
    return inputs;
}

DagCell withoutDeadParts(const DagCell& cell) {
    const std::vector<bool> live = liveNodes(cell);
    DagCell reduced = cell;
    for (int j = 1; j < cell.nodes; ++j) {
        if (!live[j])
            reduced.ops[j] = 0;
        for (int i = 0; i < j; ++i)
            if (!live[i] || !live[j])
                reduced.setEdge(i, j, false);
    }
    return reduced;
}

DagPathCounts pathCounts(const DagCell& cell) {
    const std::vector<bool> live = liveNodes(cell);
    const std::size_t n = static_cast<std::size_t>(cell.nodes);
    DagPathCounts counts;
    counts.forward.assign(n, 0.0);
    counts.backward.assign(n, 0.0);
    if (n == 0)
        return counts;
    counts.forward[0] = 1.0;
    for (int j = 1; j < cell.nodes; ++j)
        for (int i = 0; i < j; ++i)
            if (live[j] && live[i] && cell.edge(i, j))
                counts.forward[j] += counts.forward[i];
    for (int i = cell.nodes - 1; i >= 0; --i) {
        if (!live[i])
            continue;
        bool feeds = false;
        for (int j = i + 1; j < cell.nodes; ++j)
            if (live[j] && cell.edge(i, j)) {
                feeds = true;
                counts.backward[i] += counts.backward[j];
            }
        if (!feeds) {
            counts.backward[i] = 1.0;
            counts.total += counts.forward[i];
        }
    }
    return counts;
}

double edgeUsage(const DagCell& cell, const DagPathCounts& counts, int from, int to) {
    if (!cell.edge(from, to) || counts.total <= 0.0 || counts.forward[from] == 0.0 || counts.backward[to] == 0.0)
        return 0.0;
    return counts.forward[from] * counts.backward[to] / counts.total;
}

std::vector<int> dagGenomeOf(const DagCell& cell) {
    std::vector<int> genome;
    genome.reserve(static_cast<std::size_t>(dagEdgeSlots(cell.nodes) + cell.nodes - 1));
    for (int j = 1; j < cell.nodes; ++j)
        for (int i = 0; i < j; ++i)
            genome.push_back(cell.edge(i, j) ? 1 : 0);
    for (int j = 1; j < cell.nodes; ++j)
        genome.push_back(cell.ops[j]);
    return genome;
}

DagCell dagCellOf(const std::vector<int>& genome, int nodes) {
    if (nodes < 2) // before the gene count, which is meaningless (even negative) below 2 nodes
        throw core::InputError("a DAG cell needs at least 2 nodes, got " + std::to_string(nodes));
    const int expected = dagEdgeSlots(nodes) + nodes - 1;
    if (static_cast<int>(genome.size()) != expected)
        throw core::InputError("a genome of the " + std::to_string(nodes) + "-node DAG space has " +
                               std::to_string(expected) + " genes, got " + std::to_string(genome.size()));
    DagCell cell = DagCell::empty(nodes);
    std::size_t gene = 0;
    for (int j = 1; j < nodes; ++j)
        for (int i = 0; i < j; ++i, ++gene) {
            if (genome[gene] != 0 && genome[gene] != 1)
                throw core::InputError("gene " + std::to_string(gene) + " (edge " + std::to_string(j) + "<-" +
                                       std::to_string(i) + ") must be 0 or 1, got " + std::to_string(genome[gene]));
            cell.setEdge(i, j, genome[gene] == 1);
        }
    for (int j = 1; j < nodes; ++j, ++gene) {
        if (genome[gene] < 0 || genome[gene] >= static_cast<int>(kDagOpNames.size()))
            throw core::InputError("gene " + std::to_string(gene) + " (operator of node " + std::to_string(j) +
                                   ") must be 0.." + std::to_string(kDagOpNames.size() - 1) + ", got " +
                                   std::to_string(genome[gene]));
        cell.ops[j] = genome[gene];
    }
    return cell;
}

} // namespace edgenas::spaces
