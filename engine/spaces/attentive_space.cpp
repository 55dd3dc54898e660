#include "attentive_space.h"

#include "core/errors.h"
#include "core/shape_inference.h"
#include "graph_builder.h"

#include <algorithm>
#include <numeric>

namespace edgenas::spaces {

namespace {

using Stage = AttentiveLayout::Stage;

// Genes per stage (width, depth, kernel, expansion) and the genes before the first stage.
constexpr int kStageGenes = 4;
constexpr int kLeadingGenes = 1;

std::vector<int> range(int from, int to) {
    std::vector<int> out(static_cast<std::size_t>(to - from + 1));
    std::iota(out.begin(), out.end(), from);
    return out;
}

int indexOf(const std::vector<int>& choices, int value, const std::string& what) {
    const auto it = std::find(choices.begin(), choices.end(), value);
    if (it == choices.end())
        throw core::InputError(what + " " + std::to_string(value) + " is not a choice of the space");
    return static_cast<int>(it - choices.begin());
}

} // namespace

AttentiveLayout AttentiveLayout::reduced() {
    AttentiveLayout l;
    l.name = "reduced";
    l.description = "AttentiveNAS-style MBConv space reduced for 28x28 inputs on 2 cores: stem 3x3 stride 1, five "
                    "stages (strides 1,2,2,2,1: 28->28->14->7->4->4), widths <= 48, 1 to 3 blocks per stage "
                    "(5 to 13 blocks), kernels 3/5, expansions 3/4/6, squeeze-excite in stages 3 and 5, swish; "
                    "fixed input size";
    l.stemWidths = {8, 16};
    l.stemStride = 1;
    l.stages = {
        {"mb1", {8, 16}, {1, 2}, {3, 5}, {1}, 1, false},
        {"mb2", {16, 24}, {1, 2, 3}, {3, 5}, {3, 4, 6}, 2, false},
        {"mb3", {24, 32}, {1, 2, 3}, {3, 5}, {3, 4, 6}, 2, true},
        {"mb4", {32, 40, 48}, {1, 2, 3}, {3, 5}, {3, 4, 6}, 2, false},
        {"mb5", {40, 48}, {1, 2}, {3, 5}, {6}, 1, true},
    };
    l.headExpansion = 6;
    l.featureWidths = {128, 160};
    return l;
}

AttentiveLayout AttentiveLayout::full() {
    AttentiveLayout l;
    l.name = "full";
    l.description = "the AttentiveNAS space of HADAS's code (config_evo.yml): stem 3x3 stride 2, seven stages, "
                    "17 to 37 blocks, kernels 3/5, expansions 4/5/6 in stages 2-5, feature mix 1792/1984, "
                    "resolutions 192-288; for cost studies (no supernet is trained for it by default)";
    l.stemWidths = {16, 24};
    l.stemStride = 2;
    l.stages = {
        {"mb1", {16, 24}, range(1, 2), {3, 5}, {1}, 1, false},
        {"mb2", {24, 32}, range(3, 5), {3, 5}, {4, 5, 6}, 2, false},
        {"mb3", {32, 40}, range(3, 6), {3, 5}, {4, 5, 6}, 2, true},
        {"mb4", {64, 72}, range(3, 6), {3, 5}, {4, 5, 6}, 2, false},
        {"mb5", {112, 120, 128}, range(3, 8), {3, 5}, {4, 5, 6}, 1, true},
        {"mb6", {192, 200, 208, 216}, range(3, 8), {3, 5}, {6}, 2, true},
        {"mb7", {216, 224}, range(1, 2), {3, 5}, {6}, 1, true},
    };
    l.headExpansion = 6;
    l.featureWidths = {1792, 1984};
    l.resolutions = {192, 224, 256, 288};
    return l;
}

AttentiveLayout AttentiveLayout::named(const std::string& name) {
    if (name == "reduced" || name.empty())
        return reduced();
    if (name == "full")
        return full();
    throw core::InputError("unknown attentive layout '" + name + "' (known: reduced, full)");
}

int AttentiveLayout::maxBlocks() const {
    int n = 0;
    for (const Stage& s : stages)
        n += s.depths.back();
    return n;
}

int AttentiveLayout::minBlocks() const {
    int n = 0;
    for (const Stage& s : stages)
        n += s.depths.front();
    return n;
}

int AttentiveBackbone::blockCount() const {
    int n = 0;
    for (const Stage& s : stages)
        n += s.depth;
    return n;
}

AttentiveSpace::AttentiveSpace(const SpaceOptions& options)
    : AttentiveSpace(AttentiveLayout::named(options.attentiveLayout), options) {}

AttentiveSpace::AttentiveSpace(AttentiveLayout layout, const SpaceOptions& options)
    : m_layout(std::move(layout)), m_input(options.input), m_numClasses(options.numClasses) {
    auto nonEmpty = [this](const std::vector<int>& v, const std::string& what) {
        if (v.empty() || !std::is_sorted(v.begin(), v.end()) || v.front() < 1)
            throw core::InputError("attentive layout '" + m_layout.name + "': " + what +
                                   " must list ascending positive choices");
    };
    nonEmpty(m_layout.stemWidths, "stem widths");
    nonEmpty(m_layout.featureWidths, "feature widths");
    if (m_layout.stages.empty())
        throw core::InputError("attentive layout '" + m_layout.name + "' has no stages");
    for (const Stage& s : m_layout.stages) {
        nonEmpty(s.widths, s.name + " widths");
        nonEmpty(s.depths, s.name + " depths");
        nonEmpty(s.kernels, s.name + " kernels");
        nonEmpty(s.expansions, s.name + " expansions");
    }
    // The smallest resolution must survive every stride: checked once on the smallest network.
    try {
        core::inferShapes(build(smallest()));
    } catch (const core::ArchitectureError& e) {
        throw core::InputError("attentive layout '" + m_layout.name + "' cannot take " +
                               std::to_string(m_input.height) + "x" + std::to_string(m_input.width) +
                               " inputs: " + e.what());
    }
}

std::string AttentiveSpace::description() const {
    return m_layout.description + "; " + std::to_string(m_layout.minBlocks()) + " to " +
           std::to_string(m_layout.maxBlocks()) + " blocks";
}

std::vector<int> AttentiveSpace::geneCardinalities() const {
    std::vector<int> out{static_cast<int>(m_layout.stemWidths.size())};
    for (const Stage& s : m_layout.stages) {
        out.push_back(static_cast<int>(s.widths.size()));
        out.push_back(static_cast<int>(s.depths.size()));
        out.push_back(static_cast<int>(s.kernels.size()));
        out.push_back(static_cast<int>(s.expansions.size()));
    }
    out.push_back(static_cast<int>(m_layout.featureWidths.size()));
    out.push_back(m_layout.resolutions.empty() ? 1 : static_cast<int>(m_layout.resolutions.size()));
    return out;
}

std::vector<std::string> AttentiveSpace::geneChoiceNames(int gene) const {
    auto named = [](const std::vector<int>& values, const std::string& prefix) {
        std::vector<std::string> out;
        for (int v : values)
            out.push_back(prefix + std::to_string(v));
        return out;
    };
    const int stages = static_cast<int>(m_layout.stages.size());
    if (gene == 0)
        return named(m_layout.stemWidths, "w");
    if (gene == kLeadingGenes + kStageGenes * stages)
        return named(m_layout.featureWidths, "f");
    if (gene == kLeadingGenes + kStageGenes * stages + 1)
        return m_layout.resolutions.empty() ? std::vector<std::string>{"r" + std::to_string(m_input.height)}
                                            : named(m_layout.resolutions, "r");
    if (gene < 0 || gene > kLeadingGenes + kStageGenes * stages + 1)
        throw core::InputError("gene " + std::to_string(gene) + " is out of range");
    const Stage& s = m_layout.stages[static_cast<std::size_t>((gene - kLeadingGenes) / kStageGenes)];
    switch ((gene - kLeadingGenes) % kStageGenes) {
    case 0: return named(s.widths, "w");
    case 1: return named(s.depths, "d");
    case 2: return named(s.kernels, "k");
    default: return named(s.expansions, "e");
    }
}

std::string AttentiveSpace::geneLabel(int gene) const {
    const int stages = static_cast<int>(m_layout.stages.size());
    if (gene == 0)
        return "stem width";
    if (gene == kLeadingGenes + kStageGenes * stages)
        return "feature width";
    if (gene == kLeadingGenes + kStageGenes * stages + 1)
        return "resolution";
    const Stage& s = m_layout.stages.at(static_cast<std::size_t>((gene - kLeadingGenes) / kStageGenes));
    static const char* kParts[] = {"width", "depth", "kernel", "expansion"};
    return s.name + " " + kParts[(gene - kLeadingGenes) % kStageGenes];
}

AttentiveBackbone AttentiveSpace::backboneOf(const Genome& genome) const {
    requireValid(genome);
    auto at = [&genome](int gene) { return static_cast<std::size_t>(genome[static_cast<std::size_t>(gene)]); };
    AttentiveBackbone b;
    b.stemWidth = m_layout.stemWidths[at(0)];
    b.stemStride = m_layout.stemStride;
    int gene = kLeadingGenes;
    for (const Stage& s : m_layout.stages) {
        AttentiveBackbone::Stage out;
        out.width = s.widths[at(gene)];
        out.depth = s.depths[at(gene + 1)];
        out.kernel = s.kernels[at(gene + 2)];
        out.expansion = s.expansions[at(gene + 3)];
        out.stride = s.stride;
        out.squeezeExcite = s.squeezeExcite;
        b.stages.push_back(out);
        gene += kStageGenes;
    }
    b.headExpansion = m_layout.headExpansion;
    b.featureWidth = m_layout.featureWidths[at(gene)];
    b.resolution = m_layout.resolutions.empty() ? m_input.height : m_layout.resolutions[at(gene + 1)];
    return b;
}

Genome AttentiveSpace::genomeOf(const AttentiveBackbone& b) const {
    if (b.stages.size() != m_layout.stages.size())
        throw core::InputError("backbone has " + std::to_string(b.stages.size()) + " stages, the space " +
                               std::to_string(m_layout.stages.size()));
    Genome g{indexOf(m_layout.stemWidths, b.stemWidth, "stem width")};
    for (std::size_t i = 0; i < b.stages.size(); ++i) {
        const Stage& s = m_layout.stages[i];
        g.push_back(indexOf(s.widths, b.stages[i].width, s.name + " width"));
        g.push_back(indexOf(s.depths, b.stages[i].depth, s.name + " depth"));
        g.push_back(indexOf(s.kernels, b.stages[i].kernel, s.name + " kernel"));
        g.push_back(indexOf(s.expansions, b.stages[i].expansion, s.name + " expansion"));
    }
    g.push_back(indexOf(m_layout.featureWidths, b.featureWidth, "feature width"));
    g.push_back(m_layout.resolutions.empty() ? 0 : indexOf(m_layout.resolutions, b.resolution, "resolution"));
    return g;
}

AttentiveBackbone AttentiveSpace::largest() const {
    Genome g;
    for (int n : geneCardinalities())
        g.push_back(n - 1);
    return backboneOf(g);
}

AttentiveBackbone AttentiveSpace::smallest() const { return backboneOf(Genome(geneCardinalities().size(), 0)); }

core::Architecture AttentiveSpace::decode(const Genome& genome) const {
    const AttentiveBackbone b = backboneOf(genome);
    const core::ActivationType swish = core::ActivationType::Swish;
    core::TensorShape input = m_input;
    input.height = input.width = b.resolution;
    GraphBuilder graph(input, m_numClasses);
    int x = graph.input();
    x = graph.conv(x, b.stemWidth, 3, b.stemStride, 1, "stem/conv");
    x = graph.batchNorm(x, "stem/bn");
    x = graph.activation(x, swish, "stem/swish");
    for (std::size_t s = 0; s < b.stages.size(); ++s) {
        const AttentiveBackbone::Stage& stage = b.stages[s];
        for (int i = 0; i < stage.depth; ++i)
            x = graph.mbconv(x, stage.width, stage.kernel, i == 0 ? stage.stride : 1, stage.expansion,
                             stage.squeezeExcite, swish,
                             m_layout.stages[s].name + "/block" + std::to_string(i + 1));
    }
    x = graph.pointwise(x, b.headExpansion * b.stages.back().width, "head/expand");
    x = graph.batchNorm(x, "head/bn");
    x = graph.activation(x, swish, "head/swish");
    x = graph.globalAvgPool(x, "head/pool");
    x = graph.pointwiseWithBias(x, b.featureWidth, "head/feature mix");
    x = graph.activation(x, swish, "head/feature swish");
    graph.linear(x, m_numClasses, "classifier");
    core::Architecture arch = graph.take();
    stampMetadata(arch, genome);
    arch.metadata["layout"] = m_layout.name;
    return arch;
}

core::Architecture AttentiveSpace::build(const AttentiveBackbone& backbone) const {
    return decode(genomeOf(backbone));
}

std::vector<int> AttentiveSpace::blockOutputNodes(const AttentiveBackbone& backbone) const {
    const core::Architecture arch = build(backbone);
    std::vector<int> out;
    for (const core::Node& node : arch.nodes)
        if (node.op == core::OpType::MBConv)
            out.push_back(node.id);
    return out;
}

} // namespace edgenas::spaces
