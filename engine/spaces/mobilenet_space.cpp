#include "mobilenet_space.h"

#include "core/errors.h"
#include "core/shape_inference.h"
#include "graph_builder.h"

#include <cstdio>
#include <string>

namespace edgenas::spaces {

namespace {

MobileNetLayout layoutFor(const SpaceOptions& options) {
    return options.mobilenetLayoutPath.empty() ? MobileNetLayout::builtinDefault()
                                               : MobileNetLayout::fromFile(options.mobilenetLayoutPath);
}

std::string describe(const core::TensorShape& s) {
    return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" + std::to_string(s.width);
}

} // namespace

MobileNetSpace::MobileNetSpace(const SpaceOptions& options) : MobileNetSpace(layoutFor(options), options) {}

MobileNetSpace::MobileNetSpace(const MobileNetLayout& layout, const SpaceOptions& options)
    : m_input(options.input),
      m_numClasses(options.numClasses),
      m_widthMultiplier(options.widthMultiplier),
      m_layout(layout.scaled(options.widthMultiplier)) {
    if (m_numClasses < 1)
        throw core::InputError("mobilenet: the number of classes must be at least 1, got " +
                               std::to_string(m_numClasses));
    if (m_input.channels < 1 || m_input.height < 1 || m_input.width < 1)
        throw core::InputError("mobilenet: input shape " + describe(m_input) + " is not positive");
    if (layout.stages.empty() || layout.layerCount() == 0)
        throw core::InputError("mobilenet: the layout has no searchable layers");

    // Skippability comes from the layout as written: scaling can make two different widths
    // equal, but must not change the genome format.
    int unscaledIn = layout.stemWidth;
    int scaledIn = m_layout.stemWidth;
    for (std::size_t s = 0; s < layout.stages.size(); ++s) {
        const MobileNetLayout::Stage& stage = layout.stages[s];
        for (int i = 0; i < stage.layers; ++i) {
            Layer l;
            l.stage = static_cast<int>(s);
            l.indexInStage = i;
            l.inWidth = scaledIn;
            l.outWidth = m_layout.stages[s].width;
            l.stride = i == 0 ? stage.stride : 1;
            l.skippable = stage.allowSkip[static_cast<std::size_t>(i)] && l.stride == 1 && unscaledIn == stage.width;
            m_layers.push_back(l);
            unscaledIn = stage.width;
            scaledIn = l.outWidth;
        }
    }
    try {
        core::inferShapes(decode(Genome(m_layers.size(), 0)));
    } catch (const core::ArchitectureError& e) {
        throw core::InputError("mobilenet: input " + describe(m_input) + " does not fit the layout: " + e.what());
    }
}

std::string MobileNetSpace::description() const {
    int eight = 0;
    for (const Layer& l : m_layers)
        eight += l.skippable ? 0 : 1;
    char size[32];
    std::snprintf(size, sizeof size, "%.3g", this->size());
    std::string text = "MobileNetV2/FBNet layer-wise space (HW-NAS-Bench FBNet blocks): " +
                       std::to_string(m_layers.size()) + " layers x 9 blocks (" + std::to_string(eight) +
                       " shape-changing layers without skip), " + size + " networks";
    if (m_widthMultiplier != 1.0) {
        char multiplier[32];
        std::snprintf(multiplier, sizeof multiplier, "%g", m_widthMultiplier);
        text += ", width x" + std::string(multiplier);
    }
    return text;
}

const MobileNetSpace::Layer& MobileNetSpace::layer(int gene) const {
    if (gene < 0 || gene >= static_cast<int>(m_layers.size()))
        throw core::InputError("mobilenet has genes 0.." + std::to_string(m_layers.size() - 1) + ", not " +
                               std::to_string(gene));
    return m_layers[static_cast<std::size_t>(gene)];
}

std::vector<int> MobileNetSpace::geneCardinalities() const {
    std::vector<int> cards;
    cards.reserve(m_layers.size());
    for (const Layer& l : m_layers)
        cards.push_back(l.skippable ? static_cast<int>(kBlocks.size()) : kSkip);
    return cards;
}

std::vector<std::string> MobileNetSpace::geneChoiceNames(int gene) const {
    const int count = layer(gene).skippable ? static_cast<int>(kBlocks.size()) : kSkip;
    std::vector<std::string> names;
    for (int i = 0; i < count; ++i)
        names.emplace_back(kBlocks[static_cast<std::size_t>(i)].name);
    return names;
}

std::string MobileNetSpace::geneLabel(int gene) const {
    const Layer& l = layer(gene);
    return "stage" + std::to_string(l.stage + 1) + "/layer" + std::to_string(l.indexInStage);
}

core::Architecture MobileNetSpace::decode(const Genome& genome) const {
    requireValid(genome);
    GraphBuilder graph(m_input, m_numClasses);
    int x = graph.input();
    x = graph.conv(x, m_layout.stemWidth, 3, m_layout.stemStride, 1, "stem/conv");
    x = graph.batchNorm(x, "stem/bn");
    x = graph.relu(x, "stem/relu");
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        const Layer& l = m_layers[i];
        const Block& block = kBlocks[static_cast<std::size_t>(genome[i])];
        const std::string label = geneLabel(static_cast<int>(i)) + " " + std::string(block.name);
        if (genome[i] == kSkip)
            x = graph.identity({x}, label);
        else // the residual add of a shape-keeping block is implicit in MBConv
            x = graph.mbconv(x, l.outWidth, block.kernel, l.stride, block.expansion, block.groups,
                             core::ActivationType::ReLU, label);
    }
    x = graph.pointwise(x, m_layout.headWidth, "head/conv");
    x = graph.batchNorm(x, "head/bn");
    x = graph.relu(x, "head/relu");
    x = graph.globalAvgPool(x, "head/gap");
    graph.linear(x, m_numClasses, "head/classifier");
    core::Architecture arch = graph.take();
    stampMetadata(arch, genome);
    return arch;
}

} // namespace edgenas::spaces
