#pragma once

#include <QString>
#include <QStringList>

#include <utility>
#include <vector>

namespace edgenas::widgets {

/// What MetaGraphView draws: a meta-graph over a DAG cell of `nodes` topologically ordered nodes
/// (edges i -> j for i < j), as plain values so the view needs no engine search types. The app
/// fills it from a GRAM sweep record.
struct MetaGraphDrawing {
    int nodes = 0;
    /// Operator names: the columns of opProbability, and the legend's entries.
    QStringList opNames;
    /// P(edge i -> j), nodes x nodes row-major; only i < j is read.
    std::vector<double> edgeProbability;
    /// Per node, the probability of each operator; an empty row (node 0, the cell input) has
    /// no badge.
    std::vector<std::vector<double>> opProbability;
    /// The edges of the graph the search currently stands on (highlighted).
    std::vector<std::pair<int, int>> currentEdges;
    /// Per node, the current graph's operator (index into opNames), or -1: none or not live.
    std::vector<int> currentOps;
    /// A line shown above the graph, e.g. which sweep this is, and more about it as its tooltip.
    QString caption;
    QString details;

    double probability(int from, int to) const {
        const std::size_t at =
            static_cast<std::size_t>(from) * static_cast<std::size_t>(nodes) + static_cast<std::size_t>(to);
        return at < edgeProbability.size() ? edgeProbability[at] : 0.0;
    }
};

} // namespace edgenas::widgets
