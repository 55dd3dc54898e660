#include "instruction.h"

#include "architecture.h"

#include <array>

namespace edgenas::core {

namespace {

struct PrimitiveInfo {
    Primitive primitive;
    std::string_view name;
    unsigned fields;
    int minInputs;
    int maxInputs;  // -1: any number
};

constexpr unsigned kWindow = kInstructionKernel | kInstructionStride | kInstructionPadding | kInstructionDilation;

constexpr std::array<PrimitiveInfo, 15> kPrimitives{{
    {Primitive::Unfold, "unfold", kWindow, 1, 1},
    {Primitive::Contract, "contract", kInstructionOutChannels | kInstructionGroups | kInstructionBias, 1, 1},
    {Primitive::Shift, "shift", kInstructionKernel | kInstructionDilation, 1, 1},
    {Primitive::Add, "add", 0, 2, 2},
    {Primitive::Mul, "mul", 0, 2, 2},
    {Primitive::Max, "max", 0, 2, 2},
    {Primitive::ReduceMean, "reduce_mean", 0, 1, 1},
    {Primitive::ReduceSum, "reduce_sum", 0, 1, 1},
    {Primitive::ReduceMax, "reduce_max", 0, 1, 1},
    {Primitive::Slice, "slice", kInstructionSlice, 1, 1},
    {Primitive::Concat, "concat", 0, 2, -1},
    {Primitive::Shuffle, "shuffle", kInstructionGroups, 1, 1},
    {Primitive::Flatten, "flatten", 0, 1, 1},
    {Primitive::Act, "act", kInstructionActivation, 1, 1},
    {Primitive::Norm, "norm", 0, 1, 1},
}};

const PrimitiveInfo& infoOf(Primitive primitive) {
    for (const PrimitiveInfo& info : kPrimitives)
        if (info.primitive == primitive)
            return info;
    return kPrimitives.front();  // unreachable: every value is in the table
}

} // namespace

std::string_view toString(Primitive primitive) { return infoOf(primitive).name; }

std::optional<Primitive> primitiveFromString(std::string_view text) {
    for (const PrimitiveInfo& info : kPrimitives)
        if (info.name == text)
            return info.primitive;
    return std::nullopt;
}

unsigned instructionFields(Primitive primitive) { return infoOf(primitive).fields; }

std::pair<int, int> instructionArity(Primitive primitive) {
    const PrimitiveInfo& info = infoOf(primitive);
    return {info.minInputs, info.maxInputs};
}

std::string programKey(const std::vector<Instruction>& program) {
    std::string key;
    for (const Instruction& instruction : program) {
        if (!key.empty())
            key += ';';
        key += toString(instruction.primitive);
        key += '@';
        for (std::size_t i = 0; i < instruction.inputs.size(); ++i)
            key += (i ? "+" : "") + std::to_string(instruction.inputs[i]);
        const unsigned fields = instructionFields(instruction.primitive);
        auto field = [&key](const char* name, int value) { key += std::string(":") + name + std::to_string(value); };
        if (fields & kInstructionOutChannels) field("o", instruction.outChannels);
        if (fields & kInstructionKernel) field("k", instruction.kernel);
        if (fields & kInstructionStride) field("s", instruction.stride);
        if (fields & kInstructionPadding) field("p", instruction.padding);
        if (fields & kInstructionDilation) field("d", instruction.dilation);
        if (fields & kInstructionGroups) field("g", instruction.groups);
        if (fields & kInstructionBias) field("b", instruction.bias);
        if (fields & kInstructionSlice) {
            field("f", instruction.first);
            field("n", instruction.count);
        }
        if (fields & kInstructionActivation)
            key += ":" + std::string(toString(instruction.activation));
    }
    return key;
}

} // namespace edgenas::core
