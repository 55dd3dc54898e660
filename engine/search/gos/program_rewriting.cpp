#include "program_rewriting.h"

#include "core/operator_registry.h"

namespace edgenas::search {

using core::Instruction;
using core::Primitive;
using core::TensorShape;

namespace {

core::Node programNode(const std::vector<Instruction>& program) {
    core::Node node;
    node.op = core::OpType::Program;
    node.program = program;
    return node;
}

// An instruction whose result is its input, given the input's shape.
bool passesThrough(const Instruction& ins, const TensorShape& x) {
    switch (ins.primitive) {
    case Primitive::Slice: return ins.first == 0 && ins.count == x.channels;
    case Primitive::Shuffle: return ins.groups == 1 || ins.groups == x.channels;
    case Primitive::Flatten: return x.height == 1 && x.width == 1;
    default: return false;
    }
}

} // namespace

core::ProgramAnalysis analyseInstructions(const std::vector<Instruction>& program, const TensorShape& in) {
    return core::analyseProgram(programNode(program), in);
}

TensorShape programOutput(const std::vector<Instruction>& program, const TensorShape& in) {
    return analyseInstructions(program, in).values.back();
}

std::int64_t programMacs(const std::vector<Instruction>& program, const TensorShape& in) {
    const core::Node node = programNode(program);
    const core::OperatorKind& kind = core::operatorKind(core::OpType::Program);
    const core::Architecture none;
    return kind.counts(none, node, in, kind.outputShape(none, node, in)).macs;
}

std::vector<ContractionSite> contractionSites(const std::vector<Instruction>& program, const TensorShape& in) {
    const core::ProgramAnalysis a = analyseInstructions(program, in);
    std::vector<ContractionSite> sites;
    for (std::size_t i = 0; i < program.size(); ++i) {
        const Instruction& ins = program[i];
        if (ins.primitive != Primitive::Contract)
            continue;
        ContractionSite site;
        site.contract = i;
        site.unfold = a.fusedUnfold[i];
        site.input = ins.inputs.front();
        if (site.unfold >= 0) {
            const Instruction& gather = program[static_cast<std::size_t>(site.unfold)];
            site.input = gather.inputs.front();
            site.kernel = gather.kernel;
            site.stride = gather.stride;
            site.padding = gather.padding;
            site.dilation = gather.dilation;
        }
        site.in = a.values[static_cast<std::size_t>(site.input)];
        site.out = a.resultOf(i);
        site.groups = ins.groups;
        site.outChannels = ins.outChannels;
        site.bias = ins.bias;
        sites.push_back(site);
    }
    return sites;
}

std::vector<Instruction> spliceSite(const std::vector<Instruction>& program, const ContractionSite& site,
                                    const std::vector<Instruction>& replacement) {
    std::vector<int> moved(program.size() + 1, 0);  // old value -> new value
    std::vector<Instruction> result;
    for (std::size_t i = 0; i < program.size(); ++i) {
        if (static_cast<int>(i) == site.unfold)
            continue;  // read only by the site's contraction
        if (i == site.contract) {
            const int base = static_cast<int>(result.size());
            for (Instruction ins : replacement) {
                for (int& v : ins.inputs)
                    v = v == 0 ? moved[static_cast<std::size_t>(site.input)] : base + v;
                result.push_back(std::move(ins));
            }
            moved[i + 1] = static_cast<int>(result.size());
            continue;
        }
        Instruction ins = program[i];
        for (int& v : ins.inputs)
            v = moved[static_cast<std::size_t>(v)];
        result.push_back(std::move(ins));
        moved[i + 1] = static_cast<int>(result.size());
    }
    return result;
}

std::vector<Instruction> canonicalProgram(const std::vector<Instruction>& program, const TensorShape& in) {
    const core::ProgramAnalysis a = analyseInstructions(program, in);
    // Which value each value stands for once pass-through instructions are skipped.
    std::vector<int> same(program.size() + 1, 0);
    for (std::size_t i = 0; i < program.size(); ++i) {
        const Instruction& ins = program[i];
        same[i + 1] = passesThrough(ins, a.inputOf(ins)) ? same[static_cast<std::size_t>(ins.inputs.front())]
                                                         : static_cast<int>(i + 1);
    }
    const int output = same.back();
    if (output == 0)
        return {Instruction{.primitive = Primitive::Slice, .inputs = {0}, .first = 0, .count = in.channels}};
    // Keep what the output reads, directly or not; the output is then the last kept instruction.
    std::vector<char> live(program.size() + 1, 0);
    live[static_cast<std::size_t>(output)] = 1;
    for (std::size_t v = static_cast<std::size_t>(output); v >= 1; --v) {
        if (!live[v])
            continue;
        for (int read : program[v - 1].inputs)
            live[static_cast<std::size_t>(same[static_cast<std::size_t>(read)])] = 1;
    }
    std::vector<int> moved(program.size() + 1, 0);
    std::vector<Instruction> result;
    for (std::size_t v = 1; v <= static_cast<std::size_t>(output); ++v) {
        if (!live[v])
            continue;
        Instruction ins = program[v - 1];
        for (int& read : ins.inputs)
            read = moved[static_cast<std::size_t>(same[static_cast<std::size_t>(read)])];
        result.push_back(std::move(ins));
        moved[v] = static_cast<int>(result.size());
    }
    return result;
}

} // namespace edgenas::search
