#pragma once

// The instruction set of `program` nodes: GOS writes an operator as a small program of
// mathematical primitives and rewrites the program. Design: docs/design/instruction-programs.md.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgenas::core {

enum class ActivationType;

/// One primitive over 4-D values [B, C, H, W] (vectors are C x 1 x 1). Only Contract has
/// multiply-accumulates and learnable weights; Norm has BN's affine parameters.
enum class Primitive {
    Unfold,      ///< patch gather: C x H x W -> (C*k*k) x H' x W', channel-major (c, kh, kw); kernel, stride, padding, dilation
    Contract,    ///< weighted channel contraction (a 1x1 grouped convolution): C -> out_channels; groups, bias
    Shift,       ///< zero-MAC shift: channel c moves by offset (c mod k*k) of the k x k window (x dilation), zeros fill
    Add,         ///< element-wise sum of two values of one shape
    Mul,         ///< element-wise product of two values of one shape
    Max,         ///< element-wise maximum of two values of one shape
    ReduceMean,  ///< spatial mean: C x H x W -> C x 1 x 1
    ReduceSum,   ///< spatial sum
    ReduceMax,   ///< spatial maximum
    Slice,       ///< channels [first, first + count)
    Concat,      ///< channel concatenation of two or more values
    Shuffle,     ///< channel shuffle in `groups` groups (ShuffleNet)
    Flatten,     ///< C x H x W -> (C*H*W) x 1 x 1
    Act,         ///< element-wise activation
    Norm,        ///< batch norm over channels (foldable into the contraction before it)
};

/// One instruction. `inputs` name values: 0 is the node's (merged) input, i + 1 the result of
/// instruction i; the node's output is the last instruction's result. Fields a primitive does
/// not use keep their defaults.
struct Instruction {
    Primitive primitive = Primitive::Act;
    std::vector<int> inputs;
    int outChannels = 0;
    int kernel = 1;
    int stride = 1;
    int padding = 0;
    int dilation = 1;
    int groups = 1;
    bool bias = false;
    ActivationType activation{};
    int first = 0;  ///< Slice
    int count = 0;  ///< Slice

    friend bool operator==(const Instruction&, const Instruction&) = default;
};

/// Fields of an instruction, for JSON and cost keys.
enum InstructionField : unsigned {
    kInstructionOutChannels = 1u << 0,
    kInstructionKernel = 1u << 1,
    kInstructionStride = 1u << 2,
    kInstructionPadding = 1u << 3,
    kInstructionDilation = 1u << 4,
    kInstructionGroups = 1u << 5,
    kInstructionBias = 1u << 6,
    kInstructionActivation = 1u << 7,
    kInstructionSlice = 1u << 8,  ///< first and count
};

std::string_view toString(Primitive primitive);
std::optional<Primitive> primitiveFromString(std::string_view text);
/// The fields `primitive` reads.
unsigned instructionFields(Primitive primitive);
/// How many inputs it takes: exactly `min` .. `max` (max -1: no limit).
std::pair<int, int> instructionArity(Primitive primitive);

/// Compact text of a program for cost-table keys, e.g. "unfold@0:k3:s1:p1:d1;contract@1:o16:g2:b1";
/// no commas or quotes.
std::string programKey(const std::vector<Instruction>& program);

} // namespace edgenas::core
