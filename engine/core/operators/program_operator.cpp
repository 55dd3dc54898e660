#include "operator_rules.h"

#include "core/program_analysis.h"

namespace edgenas::core::operators {

namespace {

bool fusesAfter(const Node& node, const Instruction& ins) {
    if (ins.inputs.front() == 0)
        return false;
    const Primitive before = node.program[static_cast<std::size_t>(ins.inputs.front() - 1)].primitive;
    return before == Primitive::Contract || before == Primitive::Norm;
}

// An operator written as an instruction program (instruction.h): shapes, counts and cost come
// from its instructions, so a GOS rewrite needs no operator kind of its own.
class ProgramOperator final : public OperatorKind {
public:
    OpType type() const override { return OpType::Program; }
    std::string_view name() const override { return "program"; }
    std::string_view displayName() const override { return "Program"; }
    OperatorFamily family() const override { return OperatorFamily::Block; }
    NodeFields storedFields(const Node&) const override { return kProgram; }

    TensorShape outputShape(const Architecture&, const Node& node, const TensorShape& in) const override {
        return analyseProgram(node, in).values.back();
    }

    double weightBound(const Architecture&, const Node& node, const TensorShape& in, const TensorShape&) const override {
        const ProgramAnalysis a = analyseProgram(node, in);
        double weights = 0.0;
        for (const Instruction& ins : node.program)
            if (ins.primitive == Primitive::Contract)
                weights += double(ins.outChannels) * (a.inputOf(ins).channels / ins.groups);
        return weights;
    }

    NodeCounts counts(const Architecture&, const Node& node, const TensorShape& in, const TensorShape&) const override {
        const ProgramAnalysis a = analyseProgram(node, in);
        NodeCounts c;
        for (std::size_t i = 0; i < node.program.size(); ++i) {
            const Instruction& ins = node.program[i];
            const TensorShape& x = a.inputOf(ins);
            const TensorShape& y = a.resultOf(i);
            if (ins.primitive == Primitive::Contract) {
                const std::int64_t weights = std::int64_t(ins.outChannels) * (x.channels / ins.groups);
                c.macs += weights * y.height * y.width;
                c.params += weights + (ins.bias ? ins.outChannels : 0);
            } else if (ins.primitive == Primitive::Norm) {
                c.params += batchNormParams(y.channels);
            }
            // Intermediate results held while the node runs; a fused patch gather is never built.
            if (i + 1 < node.program.size() && !a.absorbed[i] && ins.primitive != Primitive::Flatten)
                c.workspaceElements += y.elements();
        }
        return c;
    }

    void appendKey(std::string& key, const SignatureView& s) const override {
        key += "|prog=" + programKey(s.node.program);
    }

    void appendKernels(std::vector<KernelWork>& ks, const SignatureView& s, bool fuses) const override {
        const Node& node = s.node;
        const ProgramAnalysis a = analyseProgram(node, s.in);
        for (std::size_t i = 0; i < node.program.size(); ++i) {
            const Instruction& ins = node.program[i];
            const TensorShape& x = a.inputOf(ins);
            const TensorShape& y = a.resultOf(i);
            switch (ins.primitive) {
            case Primitive::Unfold:
                if (!a.absorbed[i])
                    ks.push_back(elementwiseKernel(0.0, elementsOf(y), 2.0));
                break;
            case Primitive::Contract:
                if (a.fusedUnfold[i] >= 0) {
                    const Instruction& unfold = node.program[static_cast<std::size_t>(a.fusedUnfold[i])];
                    ks.push_back(convKernel(a.inputOf(unfold), y, unfold.kernel, ins.groups, ins.bias));
                } else {
                    ks.push_back(convKernel(x, y, 1, ins.groups, ins.bias));
                    if (x.height == 1 && x.width == 1)
                        ks.back().kind = KernelClass::Linear;
                }
                break;
            case Primitive::Norm:
                if (!(fuses && fusesAfter(node, ins)))
                    ks.push_back(elementwiseKernel(2.0, elementsOf(y), 2.0));
                break;
            case Primitive::Act:
                if (!(fuses && fusesAfter(node, ins)))
                    ks.push_back(elementwiseKernel(activationFlops(ins.activation), elementsOf(y), 2.0));
                break;
            case Primitive::Add:
            case Primitive::Mul:
            case Primitive::Max:
                ks.push_back(elementwiseKernel(1.0, elementsOf(y), 3.0));
                break;
            case Primitive::ReduceMean:
            case Primitive::ReduceSum:
            case Primitive::ReduceMax:
                ks.push_back({elementsOf(x), elementsOf(x) + elementsOf(y), KernelClass::Elementwise});
                break;
            case Primitive::Shift:
            case Primitive::Slice:
            case Primitive::Concat:
            case Primitive::Shuffle:
                ks.push_back(elementwiseKernel(0.0, elementsOf(y), 2.0));
                break;
            case Primitive::Flatten:
                break;  // a view
            }
        }
    }

    std::string describe(const Node& node) const override {
        std::string text = "Program";
        for (std::size_t i = 0; i < node.program.size() && i < 4; ++i)
            text += std::string(i ? " → " : " ") + std::string(toString(node.program[i].primitive));
        if (node.program.size() > 4)
            text += " … (" + std::to_string(node.program.size()) + ")";
        return text;
    }
};

} // namespace

const OperatorKind& programOperator() {
    static const ProgramOperator kind;
    return kind;
}

} // namespace edgenas::core::operators
