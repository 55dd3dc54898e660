#pragma once

#include "instruction.h"
#include "tensor_shape.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgenas::core {

/// Operator types of the architecture IR. Semantics (what the model builder runs and what the
/// cost analysis counts) are documented per value; both must agree.
enum class OpType {
    Input,          ///< the network input; exactly one, always node 0
    Conv,           ///< Conv2d(Cin, outChannels, kernel, stride, padding, dilation, groups, bias)
    DepthwiseConv,  ///< Conv2d with groups = Cin; outChannels = Cin (or a multiple of it)
    PointwiseConv,  ///< 1x1 Conv2d; stride and groups allowed
    MBConv,         ///< inverted residual: [pw expand+BN+act] dw+BN+act [SE] pw project+BN, residual when shape kept
    Identity,       ///< skip connection; also the plain "merge" node of a cell
    Zero,           ///< outputs zeros (NAS-Bench-201 "none"); outChannels 0 = keep, stride reduces H,W
    AvgPool,        ///< average pooling, padding excluded from the average
    MaxPool,        ///< max pooling
    BatchNorm,      ///< affine batch norm over channels
    Activation,     ///< element-wise activation named by `activation`
    GlobalAvgPool,  ///< C x H x W -> C x 1 x 1
    Linear,         ///< flattens C*H*W -> outChannels features
    /// Exit head, an extra output. outChannels 0: global pool + Linear(C -> classes, bias).
    /// outChannels H > 0 (the narrow head): 1x1 Conv(C -> H, no bias) + BN + activation
    /// (`activation`; Swish when None, the backbone's own) + global pool + Linear(H -> classes, bias).
    EarlyExit,
    ChannelShuffle, ///< ShuffleNet shuffle: [B, g, C/g, H, W] -> transpose groups and channels; `groups` g divides C
    Program,        ///< an operator written as an instruction program (`program`), e.g. a GOS rewrite
};

enum class ActivationType { None, ReLU, ReLU6, Swish, HSwish };

/// How a node with several inputs combines them before applying its operator.
enum class MergeMode { Sum, Concat };

/// One operator with its hyper-parameters. Fields an op does not use keep their defaults.
struct Node {
    int id = 0;
    OpType op = OpType::Identity;
    std::vector<int> inputs;
    MergeMode merge = MergeMode::Sum;
    int outChannels = 0;  ///< conv/pw/dw/MBConv/Linear output width; Zero: 0 = same as input; EarlyExit: head width (0 = none)
    int kernel = 1;
    int stride = 1;
    int padding = 0;
    int dilation = 1;
    int groups = 1;       ///< Conv groups; MBConv: groups of both pointwise convolutions
    int expansion = 1;    ///< MBConv expansion ratio
    bool squeezeExcite = false;  ///< MBConv squeeze-and-excitation
    bool bias = false;    ///< Conv/PointwiseConv/Linear bias
    ActivationType activation = ActivationType::None;  ///< Activation node kind; MBConv's / a narrow EarlyExit's activation
    std::vector<Instruction> program;  ///< Program only: its instructions (instruction.h)
    std::string label;    ///< human-readable name (e.g. "cell3/edge 1<-0"); not part of the hash

    friend bool operator==(const Node&, const Node&) = default;
};

/// A network as a DAG of typed operator nodes, stored in topological order: node i may only read
/// from nodes with smaller ids, node 0 is the input and the last node is the main output.
struct Architecture {
    TensorShape input{1, 28, 28};
    int numClasses = 10;
    std::vector<Node> nodes;
    /// Free-form provenance (space name, genome, arch string); not part of the hash.
    std::map<std::string, std::string> metadata;

    /// Appends a node, assigns its id and returns it.
    int add(Node node);
    int outputId() const { return nodes.empty() ? -1 : nodes.back().id; }
    const Node& node(int id) const { return nodes.at(static_cast<std::size_t>(id)); }

    friend bool operator==(const Architecture&, const Architecture&) = default;
};

std::string_view toString(OpType op);
std::string_view toString(ActivationType activation);
std::string_view toString(MergeMode merge);
std::optional<OpType> opTypeFromString(std::string_view text);
std::optional<ActivationType> activationFromString(std::string_view text);
std::optional<MergeMode> mergeModeFromString(std::string_view text);

/// Hidden width of an MBConv node for a given input width.
inline int mbconvHiddenChannels(int inChannels, int expansion) { return inChannels * expansion; }
/// The activation a narrow EarlyExit head (outChannels > 0) runs: its own, or Swish when None.
inline ActivationType earlyExitActivation(ActivationType named) {
    return named == ActivationType::None ? ActivationType::Swish : named;
}
/// Squeeze-and-excitation bottleneck width inside an MBConv.
inline int squeezeExciteChannels(int hiddenChannels) { return hiddenChannels / 4 > 0 ? hiddenChannels / 4 : 1; }

} // namespace edgenas::core
