#pragma once

#include "spaces/dag_cell.h"

#include "core/rng.h"

#include <vector>

namespace edgenas::search {

/// GRAM's meta-graph: what the search has learned about good cells, as independent edge logits W
/// (edge i -> j present with probability sigma(W_ij / tau)) and per-node operator logits U
/// (softmax(U_j / tau)). Updates credit each edge by how much of the graph's input-to-output
/// traffic runs through it (graph propagation), so edges on no path learn nothing from a reward.
class MetaGraph {
public:
    MetaGraph() = default;
    /// All logits 0: every edge at probability 0.5, operators uniform.
    MetaGraph(int nodes, int ops, double tau = 1.0);

    int nodes() const { return m_nodes; }
    int ops() const { return m_ops; }
    double tau() const { return m_tau; }

    double edgeLogit(int from, int to) const { return m_edgeLogits[index(from, to)]; }
    void setEdgeLogit(int from, int to, double logit) { m_edgeLogits[index(from, to)] = logit; }
    double opLogit(int node, int op) const { return m_opLogits[static_cast<std::size_t>(node * m_ops + op)]; }
    double edgeProbability(int from, int to) const;
    std::vector<double> opProbabilities(int node) const;

    /// Mean Bernoulli entropy of the edges, in bits (1 at the start, 0 when every edge is decided).
    double meanEdgeEntropyBits() const;
    /// Mean operator entropy over nodes 1..n-1, in bits.
    double meanOpEntropyBits() const;

    /// Draws the in-edges and operator of node `to` from the meta-graph, keeping the rest of
    /// `cell`. At least one in-edge is kept (drawn in proportion to the edge probabilities when
    /// the Bernoulli draws keep none), so the node stays live whenever one of its sources is.
    spaces::DagCell sampleNode(const spaces::DagCell& cell, int to, core::Rng& rng) const;

    /// One credit update from a graph whose node `resampled` (its in-edges and operator) was just
    /// drawn, scored with (normalised) advantage `advantage`. Graph propagation spreads the credit:
    ///   live edge i -> j (on an input-to-output path): W_ij += eta * a * u_ij * (1 - sigma(W_ij / tau))
    ///   absent or dead in-edge of the resampled node:  W_ij += eta * a * (0 - sigma(W_ij / tau))
    ///   the resampled node j, if live: U_j,o += eta * a * w_j * (1[o = o_j] - softmax(U_j / tau)_o)
    /// where u_ij is the edge's share of input-to-output paths divided by the largest share in the
    /// graph (1 for the busiest edge) and w_j the node's share likewise. Edges on no path learn
    /// nothing, except the resampled node's, whose absence was part of the draw. resampled = -1
    /// treats every node as drawn.
    void reinforce(const spaces::DagCell& cell, int resampled, double advantage, double learningRate);

    /// The most probable graph: edges with probability > 0.5, each node's likeliest operator. A
    /// graph where node 0 would feed nothing keeps its likeliest out-edge, so it is never empty.
    spaces::DagCell mostProbable() const;

    const std::vector<double>& edgeLogits() const { return m_edgeLogits; }
    const std::vector<double>& opLogits() const { return m_opLogits; }
    /// Restores saved logits; throws core::InputError when the sizes do not match.
    void setLogits(std::vector<double> edgeLogits, std::vector<double> opLogits);

private:
    std::size_t index(int from, int to) const { return static_cast<std::size_t>(from * m_nodes + to); }

    int m_nodes = 0;
    int m_ops = 0;
    double m_tau = 1.0;
    std::vector<double> m_edgeLogits;  ///< nodes x nodes, row-major, used for i < j
    std::vector<double> m_opLogits;    ///< nodes x ops; row 0 unused
};

} // namespace edgenas::search
