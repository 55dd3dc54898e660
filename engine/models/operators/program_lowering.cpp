#include "core/program_analysis.h"
#include "models/node_module.h"
#include "models/node_script.h"
#include "models/operator_lowering.h"

#include <torch/nn/modules/batchnorm.h>

#include <stdexcept>

namespace edgenas::models::operators {

namespace {

using core::Instruction;
using core::Primitive;

std::string childName(std::size_t index) { return "i" + std::to_string(index); }
std::string gatherName(std::size_t index) { return "g" + std::to_string(index); }

// One-hot depthwise kernels that move pixels without arithmetic: patch gather (every offset of
// the window for every channel, channel-major) or shift (one offset per channel). A product with 1
// and sums of zeros, so the result is exact.
torch::Tensor gatherKernel(int channels, int kernel, bool shift) {
    const int taps = kernel * kernel;
    torch::Tensor w = torch::zeros({shift ? channels : channels * taps, 1, kernel, kernel});
    auto a = w.accessor<float, 4>();
    for (int c = 0; c < channels; ++c) {
        if (shift) {
            const int t = c % taps;
            a[c][0][t / kernel][t % kernel] = 1.0f;
        } else {
            for (int t = 0; t < taps; ++t)
                a[c * taps + t][0][t / kernel][t % kernel] = 1.0f;
        }
    }
    return w;
}

// Runs a program instruction by instruction. Contractions are 1x1 grouped convolutions ("i<k>"),
// or, when they absorb the patch gather before them, the k x k convolution itself, so an
// unrewritten convolution runs as the native one; norms are BatchNorm2d ("i<k>"); gathers and
// shifts use fixed one-hot kernels (buffers "g<k>").
class ProgramModule : public NodeModule {
public:
    ProgramModule(const core::Node& node, const core::TensorShape& in)
        : m_program(node.program), m_analysis(core::analyseProgram(node, in)) {
        const std::size_t n = m_program.size();
        m_convs.resize(n, torch::nn::Conv2d(nullptr));
        m_norms.resize(n, torch::nn::BatchNorm2d(nullptr));
        m_gathers.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const Instruction& ins = m_program[i];
            const core::TensorShape& x = m_analysis.inputOf(ins);
            if (ins.primitive == Primitive::Contract) {
                if (const int u = m_analysis.fusedUnfold[i]; u >= 0) {
                    const Instruction& unfold = m_program[static_cast<std::size_t>(u)];
                    m_convs[i] = register_module(childName(i), makeConv(m_analysis.inputOf(unfold).channels,
                                                                        ins.outChannels, unfold.kernel, unfold.stride,
                                                                        unfold.padding, unfold.dilation, ins.groups,
                                                                        ins.bias));
                } else {
                    m_convs[i] = register_module(childName(i),
                                                 makeConv(x.channels, ins.outChannels, 1, 1, 0, 1, ins.groups, ins.bias));
                }
            } else if (ins.primitive == Primitive::Norm) {
                m_norms[i] = register_module(childName(i), torch::nn::BatchNorm2d(x.channels));
            } else if ((ins.primitive == Primitive::Unfold && !m_analysis.absorbed[i]) ||
                       ins.primitive == Primitive::Shift) {
                m_gathers[i] = register_buffer(gatherName(i), gatherKernel(x.channels, ins.kernel,
                                                                           ins.primitive == Primitive::Shift));
            }
        }
    }

    torch::Tensor forward(const torch::Tensor& input) override {
        std::vector<torch::Tensor> values(m_program.size() + 1);
        values[0] = input;
        for (std::size_t i = 0; i < m_program.size(); ++i)
            if (!m_analysis.absorbed[i])
                values[i + 1] = run(i, values);
        return values.back();
    }

private:
    torch::Tensor run(std::size_t i, const std::vector<torch::Tensor>& values) {
        const Instruction& ins = m_program[i];
        auto in = [&](std::size_t k) -> const torch::Tensor& { return values[static_cast<std::size_t>(ins.inputs[k])]; };
        const int channels = m_analysis.inputOf(ins).channels;
        switch (ins.primitive) {
        case Primitive::Unfold:
            return torch::conv2d(in(0), m_gathers[i].to(in(0).dtype()), {}, ins.stride, ins.padding, ins.dilation,
                                 channels);
        case Primitive::Contract:
            if (const int u = m_analysis.fusedUnfold[i]; u >= 0) {
                // The fused convolution reads what the patch gather would have read.
                const Instruction& unfold = m_program[static_cast<std::size_t>(u)];
                return m_convs[i]->forward(values[static_cast<std::size_t>(unfold.inputs.front())]);
            }
            return m_convs[i]->forward(in(0));
        case Primitive::Shift:
            return torch::conv2d(in(0), m_gathers[i].to(in(0).dtype()), {}, 1, ins.dilation * (ins.kernel - 1) / 2,
                                 ins.dilation, channels);
        case Primitive::Add: return in(0) + in(1);
        case Primitive::Mul: return in(0) * in(1);
        case Primitive::Max: return torch::maximum(in(0), in(1));
        case Primitive::ReduceMean: return in(0).mean({2, 3}, /*keepdim=*/true);
        case Primitive::ReduceSum: return in(0).sum({2, 3}, /*keepdim=*/true);
        case Primitive::ReduceMax: return in(0).amax({2, 3}, /*keepdim=*/true);
        case Primitive::Slice: return in(0).narrow(1, ins.first, ins.count);
        case Primitive::Concat: {
            std::vector<torch::Tensor> parts;
            for (std::size_t k = 0; k < ins.inputs.size(); ++k)
                parts.push_back(in(k));
            return torch::cat(parts, 1);
        }
        case Primitive::Shuffle: {
            const torch::Tensor& x = in(0);
            const auto s = x.sizes();
            return x.reshape({s[0], ins.groups, s[1] / ins.groups, s[2], s[3]}).transpose(1, 2).contiguous().view(s);
        }
        case Primitive::Flatten: return in(0).reshape({in(0).size(0), -1, 1, 1});
        case Primitive::Act: return activate(ins.activation, in(0));
        case Primitive::Norm: return m_norms[i]->forward(in(0));
        }
        return in(0);
    }

public:
    const core::ProgramAnalysis& analysis() const { return m_analysis; }

private:
    std::vector<Instruction> m_program;
    core::ProgramAnalysis m_analysis;
    std::vector<torch::nn::Conv2d> m_convs;
    std::vector<torch::nn::BatchNorm2d> m_norms;
    std::vector<torch::Tensor> m_gathers;
};

// The TorchScript of a program: one statement per instruction, the same ATen operators as
// ProgramModule with the hyper-parameters read from its modules.
class ProgramLowering final : public OperatorLowering {
public:
    core::OpType type() const override { return core::OpType::Program; }
    std::shared_ptr<NodeModule> makeModule(const core::Node& node, const core::TensorShape& in, int) const override {
        return std::make_shared<ProgramModule>(node, in);
    }

    void writeScript(NodeScript& script) const override {
        const core::Node& node = script.node();
        const auto* module = dynamic_cast<const ProgramModule*>(&script.module());
        if (!module)
            throw std::logic_error("TorchScript export: a program node without its program module");
        const core::ProgramAnalysis& analysis = module->analysis();
        auto value = [&](int v) { return v == 0 ? script.input() : script.name("p") + "_" + std::to_string(v - 1); };
        for (std::size_t i = 0; i < node.program.size(); ++i) {
            if (analysis.absorbed[i])
                continue;
            const Instruction& ins = node.program[i];
            const std::string x = value(ins.inputs.front());
            const std::string channels = std::to_string(analysis.inputOf(ins).channels);
            std::string e;
            switch (ins.primitive) {
            case Primitive::Unfold:
                e = "torch.conv2d(" + x + ", " + script.member(gatherName(i)) + ".to(" + x + ".dtype), None, " +
                    NodeScript::intPair(ins.stride) + ", " + NodeScript::intPair(ins.padding) + ", " +
                    NodeScript::intPair(ins.dilation) + ", " + channels + ")";
                break;
            case Primitive::Contract: {
                const int u = analysis.fusedUnfold[i];
                e = script.conv(childName(i), u >= 0 ? value(node.program[static_cast<std::size_t>(u)].inputs.front()) : x);
                break;
            }
            case Primitive::Shift:
                e = "torch.conv2d(" + x + ", " + script.member(gatherName(i)) + ".to(" + x + ".dtype), None, [1, 1], " +
                    NodeScript::intPair(ins.dilation * (ins.kernel - 1) / 2) + ", " + NodeScript::intPair(ins.dilation) +
                    ", " + channels + ")";
                break;
            case Primitive::Add: e = x + " + " + value(ins.inputs[1]); break;
            case Primitive::Mul: e = x + " * " + value(ins.inputs[1]); break;
            case Primitive::Max: e = "torch.maximum(" + x + ", " + value(ins.inputs[1]) + ")"; break;
            case Primitive::ReduceMean: e = x + ".mean([2, 3], True)"; break;
            case Primitive::ReduceSum: e = x + ".sum([2, 3], True)"; break;
            case Primitive::ReduceMax: e = x + ".amax([2, 3], True)"; break;
            case Primitive::Slice:
                e = x + ".narrow(1, " + std::to_string(ins.first) + ", " + std::to_string(ins.count) + ")";
                break;
            case Primitive::Concat:
                e = "torch.cat([";
                for (std::size_t k = 0; k < ins.inputs.size(); ++k)
                    e += (k ? ", " : "") + value(ins.inputs[k]);
                e += "], 1)";
                break;
            case Primitive::Shuffle: {
                const std::string z = script.name("z") + "_" + std::to_string(i);
                const std::string g = std::to_string(ins.groups);
                script.assign(z, x + ".size()");
                e = x + ".reshape([" + z + "[0], " + g + ", " + z + "[1] // " + g + ", " + z + "[2], " + z +
                    "[3]]).transpose(1, 2).contiguous().view(" + z + ")";
                break;
            }
            case Primitive::Flatten: e = x + ".reshape([" + x + ".size(0), -1, 1, 1])"; break;
            case Primitive::Act: e = NodeScript::activation(ins.activation, x); break;
            case Primitive::Norm: e = script.batchNorm(childName(i), x); break;
            }
            script.assign(value(static_cast<int>(i) + 1), e);
        }
        script.assign(value(static_cast<int>(node.program.size())));
    }
};

} // namespace

const OperatorLowering& programLowering() {
    static const ProgramLowering lowering;
    return lowering;
}

} // namespace edgenas::models::operators
