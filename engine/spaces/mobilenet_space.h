#pragma once

#include "mobilenet_layout.h"
#include "search_space.h"
#include "space_options.h"

#include <array>
#include <string_view>

namespace edgenas::spaces {

/// Layer-wise MobileNetV2/FBNet space (the FBNet space of HW-NAS-Bench): stem Conv3x3+BN+ReLU,
/// one searchable block per layer of the layout, head Conv1x1+BN+ReLU, global average pooling and
/// a linear classifier. Gene values index kBlocks in HW-NAS-Bench's order, so genomes match its
/// 22-tuples; a layer whose input and output shapes differ cannot be "skip" and has 8 choices.
class MobileNetSpace final : public SearchSpace {
public:
    /// One candidate block: an MBConv node (ReLU inside; groups on both pointwise convolutions),
    /// or an identity for "skip".
    struct Block {
        std::string_view name;
        int kernel = 0;
        int expansion = 0;
        int groups = 1;
    };
    static constexpr std::array<Block, 9> kBlocks{{{"k3_e1", 3, 1, 1},
                                                   {"k3_e1_g2", 3, 1, 2},
                                                   {"k3_e3", 3, 3, 1},
                                                   {"k3_e6", 3, 6, 1},
                                                   {"k5_e1", 5, 1, 1},
                                                   {"k5_e1_g2", 5, 1, 2},
                                                   {"k5_e3", 5, 3, 1},
                                                   {"k5_e6", 5, 6, 1},
                                                   {"skip", 0, 0, 1}}};
    static constexpr int kSkip = 8;

    /// Layout from options.mobilenetLayoutPath (empty = built-in default), scaled by
    /// options.widthMultiplier. Throws core::InputError for a bad layout or options.
    explicit MobileNetSpace(const SpaceOptions& options = {});
    /// An explicit (unscaled) layout; options.mobilenetLayoutPath is ignored.
    MobileNetSpace(const MobileNetLayout& layout, const SpaceOptions& options);

    std::string name() const override { return "mobilenet"; }
    std::string description() const override;
    /// 9 per layer, 8 where the layer changes shape. Decided on the unscaled layout, so genomes
    /// stay valid across width multipliers.
    std::vector<int> geneCardinalities() const override;
    std::vector<std::string> geneChoiceNames(int gene) const override;
    std::string geneLabel(int gene) const override;
    core::Architecture decode(const Genome& genome) const override;

    /// The layout the networks are built with (after the width multiplier).
    const MobileNetLayout& layout() const { return m_layout; }

private:
    struct Layer {
        int stage = 0;        ///< 0-based stage index
        int indexInStage = 0;
        int inWidth = 0;      ///< scaled
        int outWidth = 0;     ///< scaled
        int stride = 1;
        bool skippable = false;
    };

    const Layer& layer(int gene) const;

    core::TensorShape m_input;
    int m_numClasses;
    double m_widthMultiplier;
    MobileNetLayout m_layout;
    std::vector<Layer> m_layers;
};

} // namespace edgenas::spaces
