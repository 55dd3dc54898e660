#pragma once

#include "search_space.h"
#include "space_options.h"

#include <array>
#include <string_view>
#include <utility>

namespace edgenas::spaces {

/// The NAS-Bench-201 (NATS-Bench topology) cell space, built exactly like the benchmark's
/// TinyNetwork: stem Conv3x3+BN; three stages of N cells at widths C, 2C, 4C joined by ResNet
/// basic reduction blocks; BN+ReLU, global average pooling and a linear classifier.
/// A genome is the 6 cell-edge operations in arch-string order (edges 1<-0, 2<-0, 2<-1, 3<-0,
/// 3<-1, 3<-2), each an index into kOpNames; every cell of the network shares it.
class Nb201Space final : public SearchSpace {
public:
    enum Op : int { None = 0, SkipConnect = 1, NorConv1x1 = 2, NorConv3x3 = 3, AvgPool3x3 = 4 };
    /// The benchmark's operation list, in its order (gene values index it).
    static constexpr std::array<std::string_view, 5> kOpNames{"none", "skip_connect", "nor_conv_1x1",
                                                              "nor_conv_3x3", "avg_pool_3x3"};
    static constexpr int kEdgeCount = 6;
    static constexpr int kCellNodes = 4;

    /// (to, from) cell nodes of the edge a gene controls.
    static std::pair<int, int> edgeOfGene(int gene);

    /// Throws core::InputError for options the network cannot be built with (e.g. an input too
    /// small for the two stride-2 reductions, or an odd size at a reduction).
    explicit Nb201Space(const SpaceOptions& options = {});

    std::string name() const override { return "nb201"; }
    std::string description() const override;
    std::vector<int> geneCardinalities() const override;
    std::vector<std::string> geneChoiceNames(int gene) const override;
    std::string geneLabel(int gene) const override;
    core::Architecture decode(const Genome& genome) const override;
    /// The benchmark's arch string, e.g. |nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|...~2|.
    std::string genomeToString(const Genome& genome) const override;
    /// Parses exactly the arch-string format; core::InputError names the offending token.
    Genome genomeFromString(std::string_view text) const override;

    int channels() const { return m_channels; }
    int cellsPerStage() const { return m_cellsPerStage; }

private:
    core::TensorShape m_input;
    int m_numClasses;
    int m_channels;
    int m_cellsPerStage;
};

} // namespace edgenas::spaces
