#pragma once

#include "dag_cell.h"
#include "search_space.h"
#include "space_options.h"

namespace edgenas::spaces {

/// The SwiftNet/AutoShrink-style DAG cell space (GRAM's space): one cell graph of N nodes (edges
/// i -> j for i < j, an operator per node) shared by S stages of widths C, 2C, 4C, ...
/// Network: stem Conv3x3(C)+BN+ReLU; per stage one cell whose node 0 is the stage input (an
/// identity in the first stage, MaxPool 2x2 stride 2 in later ones); each live node concatenates
/// its live inputs along channels, so its convolutions cost more with every extra input, and runs
/// its operator (separable k x k = depthwise k x k -> pointwise C_s -> BN -> ReLU, or conv_1x1 =
/// pointwise C_s -> BN -> ReLU); the cell output is its single live leaf or the concatenation of
/// its live leaves. Head: global average pooling and a linear classifier. Dead nodes (unreachable
/// from node 0) are not built, so genomes differing only in dead parts build the same network.
/// The genome is dagGenomeOf's: the N(N-1)/2 edge bits, then the operators of nodes 1..N-1.
class DagSpace final : public SearchSpace {
public:
    /// Throws core::InputError for options the network cannot be built with (nodes outside
    /// 2..16, stages outside 1..4, an input too small for the stage reductions, ...).
    explicit DagSpace(const SpaceOptions& options = {});

    std::string name() const override { return "dag"; }
    std::string description() const override;
    std::vector<int> geneCardinalities() const override;
    /// "off", "on" for an edge gene; kDagOpNames for an operator gene.
    std::vector<std::string> geneChoiceNames(int gene) const override;
    /// "edge 3<-1" or "node 3 op".
    std::string geneLabel(int gene) const override;
    core::Architecture decode(const Genome& genome) const override;

    int nodes() const { return m_nodes; }
    int stages() const { return m_stages; }
    int channels() const { return m_channels; }
    /// Number of edge genes; operator genes follow them.
    int edgeGeneCount() const { return dagEdgeSlots(m_nodes); }
    /// The cell a genome describes; throws core::InputError naming a bad gene.
    DagCell cellOf(const Genome& genome) const;

private:
    core::TensorShape m_input;
    int m_numClasses;
    int m_nodes;
    int m_stages;
    int m_channels;
};

} // namespace edgenas::spaces
