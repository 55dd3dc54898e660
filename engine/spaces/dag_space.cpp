#include "dag_space.h"

#include "core/errors.h"
#include "core/shape_inference.h"
#include "graph_builder.h"

#include <string>
#include <utility>
#include <vector>

namespace edgenas::spaces {

namespace {

constexpr int kMinNodes = 2;
constexpr int kMaxNodes = 16;
constexpr int kMinStages = 1;
constexpr int kMaxStages = 4;
constexpr int kMaxChannels = 1024;

std::string describe(const core::TensorShape& s) {
    return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" + std::to_string(s.width);
}

// (to, from) of an edge gene: genes run over the inputs of node 1, then of node 2, ...
std::pair<int, int> edgeOfGene(int gene) {
    int to = 1;
    while (gene >= to) {
        gene -= to;
        ++to;
    }
    return {to, gene};
}

// One live node: its operator over the concatenation of its inputs. Returns its output node id.
int addNodeOp(GraphBuilder& graph, std::vector<int> inputs, int op, int width, const std::string& prefix) {
    const std::string_view name = kDagOpNames.at(static_cast<std::size_t>(op));
    int x = -1;
    if (name == "conv_1x1") {
        x = graph.pointwise(std::move(inputs), width, prefix + "/pw");
    } else {
        const int kernel = name == "sep_conv_5x5" ? 5 : 3;
        x = graph.depthwise(std::move(inputs), kernel, 1, kernel / 2, prefix + "/dw");
        x = graph.pointwise(x, width, prefix + "/pw");
    }
    x = graph.batchNorm(x, prefix + "/bn");
    return graph.relu(x, prefix + "/relu");
}

// One cell on `stageInput`; node 0 is an identity (first stage) or a 2x2 max pool.
int addCell(GraphBuilder& graph, const DagCell& cell, int stageInput, int stage, int width) {
    const std::string stagePrefix = "stage" + std::to_string(stage + 1);
    const std::vector<bool> live = liveNodes(cell);
    std::vector<int> irNode(static_cast<std::size_t>(cell.nodes), -1);
    irNode[0] = stage == 0 ? graph.identity({stageInput}, stagePrefix + "/node0 input")
                           : graph.maxPool(stageInput, 2, 2, 0, stagePrefix + "/node0 maxpool");
    for (int j = 1; j < cell.nodes; ++j) {
        if (!live[static_cast<std::size_t>(j)])
            continue;
        std::vector<int> inputs;
        for (int from : liveInputs(cell, j))
            inputs.push_back(irNode[static_cast<std::size_t>(from)]);
        const std::string prefix = stagePrefix + "/node" + std::to_string(j) + " " +
                                   std::string(kDagOpNames.at(static_cast<std::size_t>(cell.ops[j])));
        irNode[static_cast<std::size_t>(j)] = addNodeOp(graph, std::move(inputs), cell.ops[j], width, prefix);
    }
    const std::vector<int> leaves = liveLeaves(cell);
    if (leaves.size() == 1)
        return irNode[static_cast<std::size_t>(leaves.front())];
    std::vector<int> outputs;
    for (int leaf : leaves)
        outputs.push_back(irNode[static_cast<std::size_t>(leaf)]);
    return graph.concat(std::move(outputs), stagePrefix + "/output");
}

} // namespace

DagSpace::DagSpace(const SpaceOptions& options)
    : m_input(options.input),
      m_numClasses(options.numClasses),
      m_nodes(options.dagNodes),
      m_stages(options.dagStages),
      m_channels(options.dagChannels) {
    if (m_nodes < kMinNodes || m_nodes > kMaxNodes)
        throw core::InputError("dag: nodes per cell must be within " + std::to_string(kMinNodes) + ".." +
                               std::to_string(kMaxNodes) + ", got " + std::to_string(m_nodes));
    if (m_stages < kMinStages || m_stages > kMaxStages)
        throw core::InputError("dag: stages must be within " + std::to_string(kMinStages) + ".." +
                               std::to_string(kMaxStages) + ", got " + std::to_string(m_stages));
    if (m_channels < 1 || m_channels > kMaxChannels)
        throw core::InputError("dag: channels C must be within 1.." + std::to_string(kMaxChannels) + ", got " +
                               std::to_string(m_channels));
    if (m_numClasses < 1)
        throw core::InputError("dag: the number of classes must be at least 1, got " + std::to_string(m_numClasses));
    if (m_input.channels < 1 || m_input.height < 1 || m_input.width < 1)
        throw core::InputError("dag: input shape " + describe(m_input) + " is not positive");
    // All cells reduce alike; the complete cell with 5x5 kernels needs the most room.
    try {
        core::inferShapes(decode(dagGenomeOf(DagCell::complete(m_nodes, 1))));
    } catch (const core::ArchitectureError& e) {
        throw core::InputError("dag: input " + describe(m_input) + " does not fit " + std::to_string(m_stages) +
                               " stages (" + e.what() + "); each stage after the first halves height and width");
    }
}

std::string DagSpace::description() const {
    std::string widths;
    for (int s = 0; s < m_stages; ++s)
        widths += (s == 0 ? "" : "/") + std::to_string(m_channels << s);
    return "SwiftNet/AutoShrink DAG cells: " + std::to_string(m_nodes) + " nodes, " +
           std::to_string(edgeGeneCount()) + " edges (inputs concatenated) x " + std::to_string(kDagOpNames.size()) +
           " operators per node; C=" + std::to_string(m_channels) + ", " + std::to_string(m_stages) +
           " stages sharing one cell, widths " + widths;
}

std::vector<int> DagSpace::geneCardinalities() const {
    std::vector<int> cards(static_cast<std::size_t>(edgeGeneCount()), 2);
    cards.resize(cards.size() + static_cast<std::size_t>(m_nodes - 1), static_cast<int>(kDagOpNames.size()));
    return cards;
}

std::vector<std::string> DagSpace::geneChoiceNames(int gene) const {
    if (gene < 0 || gene >= geneCount())
        throw core::InputError("dag has genes 0.." + std::to_string(geneCount() - 1) + ", not " + std::to_string(gene));
    if (gene < edgeGeneCount())
        return {"off", "on"};
    return {kDagOpNames.begin(), kDagOpNames.end()};
}

std::string DagSpace::geneLabel(int gene) const {
    if (gene < 0 || gene >= geneCount())
        throw core::InputError("dag has genes 0.." + std::to_string(geneCount() - 1) + ", not " + std::to_string(gene));
    if (gene < edgeGeneCount()) {
        const auto [to, from] = edgeOfGene(gene);
        return "edge " + std::to_string(to) + "<-" + std::to_string(from);
    }
    return "node " + std::to_string(gene - edgeGeneCount() + 1) + " op";
}

DagCell DagSpace::cellOf(const Genome& genome) const {
    requireValid(genome);
    return dagCellOf(genome, m_nodes);
}

core::Architecture DagSpace::decode(const Genome& genome) const {
    const DagCell cell = cellOf(genome);
    GraphBuilder graph(m_input, m_numClasses);
    int x = graph.input();
    x = graph.conv(x, m_channels, 3, 1, 1, "stem/conv");
    x = graph.batchNorm(x, "stem/bn");
    x = graph.relu(x, "stem/relu");
    for (int stage = 0; stage < m_stages; ++stage)
        x = addCell(graph, cell, x, stage, m_channels << stage);
    x = graph.globalAvgPool(x, "head/gap");
    graph.linear(x, m_numClasses, "head/classifier");
    core::Architecture arch = graph.take();
    stampMetadata(arch, genome);
    return arch;
}

} // namespace edgenas::spaces
