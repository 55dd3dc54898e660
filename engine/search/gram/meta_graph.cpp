#include "meta_graph.h"

#include "core/errors.h"

#include <algorithm>
#include <cmath>

namespace edgenas::search {

namespace {
double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double bernoulliEntropyBits(double p) {
    if (p <= 0.0 || p >= 1.0)
        return 0.0;
    return -(p * std::log2(p) + (1.0 - p) * std::log2(1.0 - p));
}
} // namespace

MetaGraph::MetaGraph(int nodes, int ops, double tau) : m_nodes(nodes), m_ops(ops), m_tau(tau) {
    if (nodes < 2 || ops < 1 || !(tau > 0.0))
        throw core::InputError("a meta-graph needs at least 2 nodes, 1 operator and a positive temperature");
    m_edgeLogits.assign(static_cast<std::size_t>(nodes * nodes), 0.0);
    m_opLogits.assign(static_cast<std::size_t>(nodes * ops), 0.0);
}

double MetaGraph::edgeProbability(int from, int to) const { return sigmoid(edgeLogit(from, to) / m_tau); }

std::vector<double> MetaGraph::opProbabilities(int node) const {
    std::vector<double> p(static_cast<std::size_t>(m_ops));
    double top = opLogit(node, 0);
    for (int o = 1; o < m_ops; ++o)
        top = std::max(top, opLogit(node, o));
    double sum = 0.0;
    for (int o = 0; o < m_ops; ++o)
        sum += p[o] = std::exp((opLogit(node, o) - top) / m_tau);
    for (double& v : p)
        v /= sum;
    return p;
}

double MetaGraph::meanEdgeEntropyBits() const {
    double sum = 0.0;
    for (int j = 1; j < m_nodes; ++j)
        for (int i = 0; i < j; ++i)
            sum += bernoulliEntropyBits(edgeProbability(i, j));
    return sum / spaces::dagEdgeSlots(m_nodes);
}

double MetaGraph::meanOpEntropyBits() const {
    double sum = 0.0;
    for (int j = 1; j < m_nodes; ++j)
        for (double p : opProbabilities(j))
            if (p > 0.0)
                sum -= p * std::log2(p);
    return sum / (m_nodes - 1);
}

spaces::DagCell MetaGraph::sampleNode(const spaces::DagCell& cell, int to, core::Rng& rng) const {
    spaces::DagCell out = cell;
    int kept = 0;
    for (int i = 0; i < to; ++i) {
        const bool present = rng.bernoulli(edgeProbability(i, to));
        out.setEdge(i, to, present);
        kept += present ? 1 : 0;
    }
    if (kept == 0) {
        double total = 0.0;
        for (int i = 0; i < to; ++i)
            total += edgeProbability(i, to);
        double draw = rng.uniformReal() * total;
        int chosen = to - 1;
        for (int i = 0; i < to; ++i) {
            draw -= edgeProbability(i, to);
            if (draw < 0.0) {
                chosen = i;
                break;
            }
        }
        out.setEdge(chosen, to, true);
    }
    const std::vector<double> p = opProbabilities(to);
    double draw = rng.uniformReal();
    out.ops[to] = m_ops - 1;
    for (int o = 0; o < m_ops; ++o) {
        draw -= p[o];
        if (draw < 0.0) {
            out.ops[to] = o;
            break;
        }
    }
    return out;
}

void MetaGraph::reinforce(const spaces::DagCell& cell, int resampled, double advantage, double learningRate) {
    if (cell.nodes != m_nodes)
        throw std::logic_error("meta-graph and cell have different node counts");
    const spaces::DagPathCounts counts = spaces::pathCounts(cell);
    std::vector<double> usage(static_cast<std::size_t>(m_nodes * m_nodes), 0.0);
    double busiestEdge = 0.0;
    for (int j = 1; j < m_nodes; ++j)
        for (int i = 0; i < j; ++i)
            busiestEdge = std::max(busiestEdge, usage[index(i, j)] = spaces::edgeUsage(cell, counts, i, j));
    std::vector<double> nodeShare(static_cast<std::size_t>(m_nodes), 0.0);
    double busiestNode = 0.0;
    if (counts.total > 0.0)
        for (int j = 1; j < m_nodes; ++j)
            busiestNode = std::max(busiestNode, nodeShare[j] = counts.forward[j] * counts.backward[j] / counts.total);

    const double step = learningRate * advantage;
    for (int j = 1; j < m_nodes; ++j)
        for (int i = 0; i < j; ++i) {
            const double share = usage[index(i, j)];
            if (share > 0.0)
                m_edgeLogits[index(i, j)] += step * (share / busiestEdge) * (1.0 - edgeProbability(i, j));
            else if (resampled < 0 || j == resampled)
                m_edgeLogits[index(i, j)] -= step * edgeProbability(i, j);
        }
    for (int j = 1; j < m_nodes; ++j) {
        // Only a drawn operator carries information about operators: crediting the fixed ones
        // with every variant's advantage would lock in whatever the chain happened to start with.
        if (busiestNode <= 0.0 || nodeShare[j] <= 0.0 || (resampled >= 0 && j != resampled))
            continue;
        const double weight = nodeShare[j] / busiestNode;
        const std::vector<double> p = opProbabilities(j);
        for (int o = 0; o < m_ops; ++o)
            m_opLogits[static_cast<std::size_t>(j * m_ops + o)] +=
                step * weight * ((o == cell.ops[j] ? 1.0 : 0.0) - p[o]);
    }
}

spaces::DagCell MetaGraph::mostProbable() const {
    spaces::DagCell cell = spaces::DagCell::empty(m_nodes);
    for (int j = 1; j < m_nodes; ++j) {
        for (int i = 0; i < j; ++i)
            cell.setEdge(i, j, edgeProbability(i, j) > 0.5);
        const std::vector<double> p = opProbabilities(j);
        cell.ops[j] = static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
    }
    bool feeds = false;
    for (int j = 1; j < m_nodes; ++j)
        feeds = feeds || cell.edge(0, j);
    if (!feeds) {
        int best = 1;
        for (int j = 2; j < m_nodes; ++j)
            if (edgeLogit(0, j) > edgeLogit(0, best))
                best = j;
        cell.setEdge(0, best, true);
    }
    return cell;
}

void MetaGraph::setLogits(std::vector<double> edgeLogits, std::vector<double> opLogits) {
    if (edgeLogits.size() != m_edgeLogits.size() || opLogits.size() != m_opLogits.size())
        throw core::InputError("meta-graph state does not match " + std::to_string(m_nodes) + " nodes and " +
                               std::to_string(m_ops) + " operators");
    m_edgeLogits = std::move(edgeLogits);
    m_opLogits = std::move(opLogits);
}

} // namespace edgenas::search
