#include "nb201_space.h"

#include "core/errors.h"
#include "core/shape_inference.h"
#include "graph_builder.h"

#include <cctype>
#include <string>
#include <utility>
#include <vector>

namespace edgenas::spaces {

namespace {

constexpr int kStages = 3;

std::string describe(const core::TensorShape& s) {
    return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" + std::to_string(s.width);
}

std::string_view opName(int op) { return Nb201Space::kOpNames.at(static_cast<std::size_t>(op)); }

// One cell: node j = sum over i < j of op(j <- i)(node i); returns node 3, the cell output.
int addCell(GraphBuilder& graph, int cellInput, int channels, const Genome& genome, const std::string& prefix) {
    int nodes[Nb201Space::kCellNodes] = {cellInput, -1, -1, -1};
    int gene = 0;
    for (int to = 1; to < Nb201Space::kCellNodes; ++to) {
        std::vector<int> terms;
        for (int from = 0; from < to; ++from) {
            const int op = genome[static_cast<std::size_t>(gene++)];
            const std::string label =
                prefix + "/node" + std::to_string(to) + "<-" + std::to_string(from) + " " + std::string(opName(op));
            const int source = nodes[from];
            switch (op) {
            case Nb201Space::None:
                terms.push_back(graph.zero(source, label));
                break;
            case Nb201Space::SkipConnect:
                terms.push_back(graph.identity({source}, label));
                break;
            case Nb201Space::NorConv1x1:
                terms.push_back(graph.reluConvBn(source, channels, 1, 1, 0, label));
                break;
            case Nb201Space::NorConv3x3:
                terms.push_back(graph.reluConvBn(source, channels, 3, 1, 1, label));
                break;
            case Nb201Space::AvgPool3x3:
                // The benchmark pools with count_include_pad=False, which is the IR's AvgPool.
                terms.push_back(graph.avgPool(source, 3, 1, 1, label));
                break;
            }
        }
        nodes[to] = graph.identity(std::move(terms), prefix + "/node" + std::to_string(to));
    }
    return nodes[Nb201Space::kCellNodes - 1];
}

// The benchmark's ResNetBasicblock with stride 2: ReLUConvBN(3x3, s2) -> ReLUConvBN(3x3) plus a
// shortcut AvgPool(2, s2) -> Conv1x1 (no BN, no bias).
int addReduction(GraphBuilder& graph, int from, int outChannels, const std::string& prefix) {
    const int a = graph.reluConvBn(from, outChannels, 3, 2, 1, prefix + "/conv_a");
    const int b = graph.reluConvBn(a, outChannels, 3, 1, 1, prefix + "/conv_b");
    const int pooled = graph.avgPool(from, 2, 2, 0, prefix + "/shortcut/pool");
    const int shortcut = graph.pointwise(pooled, outChannels, prefix + "/shortcut/conv");
    return graph.identity({shortcut, b}, prefix + "/sum");
}

} // namespace

std::pair<int, int> Nb201Space::edgeOfGene(int gene) {
    static constexpr std::pair<int, int> kEdges[kEdgeCount] = {{1, 0}, {2, 0}, {2, 1}, {3, 0}, {3, 1}, {3, 2}};
    if (gene < 0 || gene >= kEdgeCount)
        throw core::InputError("nb201 has genes 0..5, not " + std::to_string(gene));
    return kEdges[gene];
}

Nb201Space::Nb201Space(const SpaceOptions& options)
    : m_input(options.input),
      m_numClasses(options.numClasses),
      m_channels(options.nb201Channels),
      m_cellsPerStage(options.nb201CellsPerStage) {
    if (m_channels < 1)
        throw core::InputError("nb201: channels C must be at least 1, got " + std::to_string(m_channels));
    if (m_cellsPerStage < 1)
        throw core::InputError("nb201: cells per stage N must be at least 1, got " + std::to_string(m_cellsPerStage));
    if (m_numClasses < 1)
        throw core::InputError("nb201: the number of classes must be at least 1, got " + std::to_string(m_numClasses));
    if (m_input.channels < 1 || m_input.height < 1 || m_input.width < 1)
        throw core::InputError("nb201: input shape " + describe(m_input) + " is not positive");
    // Every genome has the same shapes, so one decode tells whether the input fits the reductions
    // (each halves the size; the 3x3 path and the 2x2-pool shortcut disagree on odd sizes).
    try {
        core::inferShapes(decode(Genome(kEdgeCount, NorConv3x3)));
    } catch (const core::ArchitectureError& e) {
        throw core::InputError("nb201: input " + describe(m_input) + " does not fit the network (" + e.what() +
                               "); height and width must be even at both reductions, e.g. 28 or 32");
    }
}

std::string Nb201Space::description() const {
    return "NAS-Bench-201 cell space: 6 edges x 5 operations (15625 cells); C=" + std::to_string(m_channels) +
           ", N=" + std::to_string(m_cellsPerStage) + " cells per stage, widths " + std::to_string(m_channels) +
           "/" + std::to_string(2 * m_channels) + "/" + std::to_string(4 * m_channels);
}

std::vector<int> Nb201Space::geneCardinalities() const {
    return std::vector<int>(kEdgeCount, static_cast<int>(kOpNames.size()));
}

std::vector<std::string> Nb201Space::geneChoiceNames(int gene) const {
    edgeOfGene(gene); // range check
    return {kOpNames.begin(), kOpNames.end()};
}

std::string Nb201Space::geneLabel(int gene) const {
    const auto [to, from] = edgeOfGene(gene);
    return "edge " + std::to_string(to) + "<-" + std::to_string(from);
}

core::Architecture Nb201Space::decode(const Genome& genome) const {
    requireValid(genome);
    GraphBuilder graph(m_input, m_numClasses);
    int x = graph.input();
    x = graph.conv(x, m_channels, 3, 1, 1, "stem/conv");
    x = graph.batchNorm(x, "stem/bn");
    int width = m_channels;
    for (int stage = 1; stage <= kStages; ++stage) {
        if (stage > 1) {
            width *= 2;
            x = addReduction(graph, x, width, "reduction" + std::to_string(stage - 1));
        }
        for (int cell = 0; cell < m_cellsPerStage; ++cell)
            x = addCell(graph, x, width, genome, "stage" + std::to_string(stage) + "/cell" + std::to_string(cell));
    }
    x = graph.batchNorm(x, "lastact/bn");
    x = graph.relu(x, "lastact/relu");
    x = graph.globalAvgPool(x, "head/gap");
    graph.linear(x, m_numClasses, "head/classifier");
    core::Architecture arch = graph.take();
    stampMetadata(arch, genome);
    return arch;
}

std::string Nb201Space::genomeToString(const Genome& genome) const {
    requireValid(genome);
    std::string text;
    int gene = 0;
    for (int to = 1; to < kCellNodes; ++to) {
        if (to > 1)
            text += '+';
        text += '|';
        for (int from = 0; from < to; ++from) {
            text += opName(genome[static_cast<std::size_t>(gene++)]);
            text += '~';
            text += std::to_string(from);
            text += '|';
        }
    }
    return text;
}

Genome Nb201Space::genomeFromString(std::string_view text) const {
    const std::string quoted = "nb201 arch string '" + std::string(text) + "': ";
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const std::size_t plus = text.find('+', start);
        parts.push_back(text.substr(start, plus == std::string_view::npos ? std::string_view::npos : plus - start));
        if (plus == std::string_view::npos)
            break;
        start = plus + 1;
    }
    if (parts.size() != kCellNodes - 1)
        throw core::InputError(quoted + "expected 3 groups separated by '+' (|op~0|+|op~0|op~1|+|op~0|op~1|op~2|), got " +
                               std::to_string(parts.size()));
    Genome genome;
    for (int to = 1; to < kCellNodes; ++to) {
        const std::string_view part = parts[static_cast<std::size_t>(to - 1)];
        if (part.size() < 2 || part.front() != '|' || part.back() != '|')
            throw core::InputError(quoted + "group '" + std::string(part) + "' for node " + std::to_string(to) +
                                   " must start and end with '|'");
        std::vector<std::string_view> tokens;
        const std::string_view inner = part.substr(1, part.size() - 2);
        for (std::size_t start = 0;;) {
            const std::size_t bar = inner.find('|', start);
            tokens.push_back(inner.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
            if (bar == std::string_view::npos)
                break;
            start = bar + 1;
        }
        if (static_cast<int>(tokens.size()) != to)
            throw core::InputError(quoted + "group '" + std::string(part) + "' for node " + std::to_string(to) +
                                   " has " + std::to_string(tokens.size()) + " edges, expected " + std::to_string(to));
        for (int from = 0; from < to; ++from) {
            const std::string_view token = tokens[static_cast<std::size_t>(from)];
            const std::size_t tilde = token.find('~');
            const std::string expectedSuffix = "~" + std::to_string(from);
            if (tilde == std::string_view::npos || token.substr(tilde) != expectedSuffix)
                throw core::InputError(quoted + "bad token '" + std::string(token) + "': edge " + std::to_string(from) +
                                       " of node " + std::to_string(to) + " must read 'op" + expectedSuffix + "'");
            const std::string_view op = token.substr(0, tilde);
            int value = -1;
            for (std::size_t i = 0; i < kOpNames.size(); ++i)
                if (kOpNames[i] == op)
                    value = static_cast<int>(i);
            if (value < 0)
                throw core::InputError(quoted + "bad token '" + std::string(token) + "': unknown operation '" +
                                       std::string(op) +
                                       "' (none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3)");
            genome.push_back(value);
        }
    }
    return genome;
}

} // namespace edgenas::spaces
