#pragma once

#include "search_space.h"
#include "space_options.h"

#include <string>
#include <vector>

namespace edgenas::spaces {

/// The choices of an AttentiveNAS-style MBConv backbone space, kept as data (HADAS's backbone
/// space). Each stage's blocks share one width, kernel and expansion; its first block has the
/// stage's stride. Every list is ascending.
struct AttentiveLayout {
    struct Stage {
        std::string name;             ///< "mb1", ...
        std::vector<int> widths;
        std::vector<int> depths;
        std::vector<int> kernels;
        std::vector<int> expansions;
        int stride = 1;
        bool squeezeExcite = false;
    };
    std::string name;                 ///< "reduced" or "full"
    std::string description;
    std::vector<int> stemWidths;      ///< 3x3 convolution + BN + swish
    int stemStride = 1;
    std::vector<Stage> stages;
    /// Head: 1x1 expansion to headExpansion x the last stage's width (BN, swish), global pooling,
    /// a 1x1 feature mix to one of featureWidths (bias, swish), then the classifier.
    int headExpansion = 6;
    std::vector<int> featureWidths;
    /// Input resolutions; empty = the data set's own size (no resize).
    std::vector<int> resolutions;

    /// The default: for 28x28 inputs on 2 cores (widths <= 48, <= 3 blocks per stage, fixed input
    /// size, 5 to 13 blocks).
    static AttentiveLayout reduced();
    /// The notes' full AttentiveNAS table (17 to 37 blocks, resolutions 192-288), for cost studies.
    static AttentiveLayout full();
    /// "reduced" or "full"; throws core::InputError naming the known layouts.
    static AttentiveLayout named(const std::string& name);

    int maxBlocks() const;
    int minBlocks() const;
};

/// One backbone of the space in plain numbers: what a weight-sharing supernet runs.
struct AttentiveBackbone {
    struct Stage {
        int width = 0;
        int depth = 0;
        int kernel = 3;
        int expansion = 1;
        int stride = 1;
        bool squeezeExcite = false;
        friend bool operator==(const Stage&, const Stage&) = default;
    };
    int resolution = 28;   ///< input height and width
    int stemWidth = 0;
    int stemStride = 1;
    std::vector<Stage> stages;
    int headExpansion = 6;
    int featureWidth = 0;

    int blockCount() const;
    friend bool operator==(const AttentiveBackbone&, const AttentiveBackbone&) = default;
};

/// The AttentiveNAS-style backbone space ("attentive", alias "hadas"). Genes: stem width; per
/// stage width, depth, kernel, expansion; feature width; resolution (genes with one choice
/// included, so every layout has 4 + 4 x stages genes). Blocks are MBConv nodes with swish and the
/// stage's squeeze-and-excitation; a block whose input and output shapes agree is residual.
class AttentiveSpace final : public SearchSpace {
public:
    /// The layout options.attentiveLayout names; throws core::InputError for an unknown one or an
    /// input the stem and strides cannot reduce.
    explicit AttentiveSpace(const SpaceOptions& options = {});
    AttentiveSpace(AttentiveLayout layout, const SpaceOptions& options);

    std::string name() const override { return "attentive"; }
    std::string description() const override;
    std::vector<int> geneCardinalities() const override;
    std::vector<std::string> geneChoiceNames(int gene) const override;
    std::string geneLabel(int gene) const override;
    core::Architecture decode(const Genome& genome) const override;

    const AttentiveLayout& layout() const { return m_layout; }
    /// The backbone a genome describes; throws core::InputError for an invalid genome.
    AttentiveBackbone backboneOf(const Genome& genome) const;
    /// The genome of a backbone whose every value is one of the layout's choices.
    Genome genomeOf(const AttentiveBackbone& backbone) const;
    /// Every choice at its largest / smallest (the sandwich rule's two ends).
    AttentiveBackbone largest() const;
    AttentiveBackbone smallest() const;
    /// The network of a backbone (decode() of its genome).
    core::Architecture build(const AttentiveBackbone& backbone) const;
    /// Node ids of the blocks' outputs in `build(backbone)`, in order: exit heads read these.
    std::vector<int> blockOutputNodes(const AttentiveBackbone& backbone) const;

private:
    AttentiveLayout m_layout;
    core::TensorShape m_input;
    int m_numClasses;
};

} // namespace edgenas::spaces
