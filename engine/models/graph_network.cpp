#include "graph_network.h"

#include "core/errors.h"
#include "core/shape_inference.h"
#include "node_module.h"
#include "operator_lowering.h"

#include <torch/torch.h>

#include <cmath>
#include <string>
#include <utility>

namespace edgenas::models {

using core::Node;
using core::OpType;
using core::TensorShape;

namespace {

TensorShape mergedShape(const Node& node, const std::vector<TensorShape>& shapes) {
    TensorShape merged = shapes[static_cast<std::size_t>(node.inputs.front())];
    if (node.merge == core::MergeMode::Concat)
        for (std::size_t i = 1; i < node.inputs.size(); ++i)
            merged.channels += shapes[static_cast<std::size_t>(node.inputs[i])].channels;
    return merged;
}

// Marks every node that the seeded nodes depend on (nodes are in topological order).
std::vector<char> ancestorsOf(const core::Architecture& arch, std::vector<char> marked) {
    for (std::size_t i = marked.size(); i-- > 0;)
        if (marked[i])
            for (int input : arch.nodes[i].inputs)
                marked[static_cast<std::size_t>(input)] = 1;
    return marked;
}

std::string shapeText(const TensorShape& s) {
    return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" + std::to_string(s.width);
}

} // namespace

GraphNetworkImpl::GraphNetworkImpl(core::Architecture architecture, c10::optional<at::Generator> generator)
    : m_architecture(std::move(architecture)), m_shapes(core::inferShapes(m_architecture)) {
    const core::Architecture& arch = m_architecture;
    const Node& last = arch.nodes.back();
    const TensorShape expected{arch.numClasses, 1, 1};
    if (!(m_shapes.back() == expected))
        throw core::ArchitectureError(last.id, "the main output is " + shapeText(m_shapes.back()) + ", expected " +
                                                   shapeText(expected) + " (one logit per class)");

    const std::size_t n = arch.nodes.size();
    m_ops.resize(n);
    std::vector<char> mainSeed(n, 0);
    mainSeed[n - 1] = 1;
    std::vector<char> allSeed = mainSeed;
    for (const Node& node : arch.nodes) {
        if (node.op == OpType::Input)
            continue;
        const std::size_t i = static_cast<std::size_t>(node.id);
        m_ops[i] = operatorLowering(node.op).makeModule(node, mergedShape(node, m_shapes), arch.numClasses);
        register_module(submoduleName(node), m_ops[i]);
        if (node.op == OpType::EarlyExit) {
            m_exitIds.push_back(node.id);
            allSeed[i] = 1;
        }
    }
    m_mainNodes = ancestorsOf(arch, std::move(mainSeed));
    m_allNodes = ancestorsOf(arch, std::move(allSeed));
    initializeWeights(std::move(generator));
}

std::string GraphNetworkImpl::submoduleName(const Node& node) {
    return "n" + std::to_string(node.id) + "_" + std::string(core::toString(node.op));
}

std::shared_ptr<torch::nn::Module> GraphNetworkImpl::nodeModule(int nodeId) const {
    if (nodeId < 0 || static_cast<std::size_t>(nodeId) >= m_ops.size())
        throw core::ArchitectureError(nodeId, "no such node");
    return m_ops[static_cast<std::size_t>(nodeId)];
}

void GraphNetworkImpl::initializeWeights(c10::optional<at::Generator> generator) {
    // The torch::nn::init functions take no generator, hence the formulas written out:
    // kaiming_normal_(fan_out, relu) is N(0, 2 / fan_out) with fan_out = out channels * k * k
    // (torch ignores groups here, and so do we, to match it).
    torch::NoGradGuard noGrad;
    for (const auto& module : modules(/*include_self=*/false)) {
        if (auto* conv = module->as<torch::nn::Conv2d>()) {
            const double fanOut = double(conv->weight.size(0)) * double(conv->weight[0][0].numel());
            conv->weight.normal_(0.0, std::sqrt(2.0 / fanOut), generator);
            if (conv->bias.defined())
                conv->bias.zero_();
        } else if (auto* bn = module->as<torch::nn::BatchNorm2d>()) {
            bn->weight.fill_(1.0);
            bn->bias.zero_();
        } else if (auto* fc = module->as<torch::nn::Linear>()) {
            fc->weight.normal_(0.0, 0.01, generator);
            if (fc->bias.defined())
                fc->bias.zero_();
        }
    }
}

std::int64_t GraphNetworkImpl::parameterCount() const {
    std::int64_t count = 0;
    for (const auto& p : parameters())
        count += p.numel();
    return count;
}

torch::Tensor GraphNetworkImpl::forward(const torch::Tensor& input) {
    return run(input, m_mainNodes, {}, false).logits;
}

NetworkOutputs GraphNetworkImpl::forwardAll(const torch::Tensor& input) {
    return run(input, m_allNodes, {}, true);
}

NetworkOutputs GraphNetworkImpl::forwardWithFeatures(const torch::Tensor& input, const std::vector<int>& nodeIds) {
    std::vector<char> wanted = m_allNodes;
    for (int id : nodeIds) {
        if (id < 0 || static_cast<std::size_t>(id) >= wanted.size())
            throw core::ArchitectureError(id, "feature requested from a node that does not exist");
        wanted[static_cast<std::size_t>(id)] = 1;
    }
    return run(input, ancestorsOf(m_architecture, std::move(wanted)), nodeIds, true);
}

NetworkOutputs GraphNetworkImpl::run(const torch::Tensor& input, const std::vector<char>& wanted,
                                     const std::vector<int>& featureIds, bool withExits) {
    const TensorShape& in = m_architecture.input;
    if (input.dim() != 4 || input.size(1) != in.channels || input.size(2) != in.height ||
        input.size(3) != in.width)
        throw core::InputError("input tensor of shape " + c10::str(input.sizes()) + " does not match the " +
                               "architecture's input [B, " + shapeText(in) + "]");

    const std::size_t n = m_architecture.nodes.size();
    // Free each intermediate tensor after its last reader so deep graphs keep memory low.
    std::vector<std::size_t> lastUse(n, 0);
    for (std::size_t i = 0; i < n; ++i)
        if (wanted[i])
            for (int inputId : m_architecture.nodes[i].inputs)
                lastUse[static_cast<std::size_t>(inputId)] = i;
    lastUse[n - 1] = n;
    std::vector<char> keep(n, 0);
    for (int id : featureIds)
        keep[static_cast<std::size_t>(id)] = 1;
    if (withExits)
        for (int id : m_exitIds)
            keep[static_cast<std::size_t>(id)] = 1;

    std::vector<torch::Tensor> values(n);
    values[0] = input;
    for (std::size_t i = 1; i < n; ++i) {
        if (!wanted[i])
            continue;
        const Node& node = m_architecture.nodes[i];
        torch::Tensor merged = values[static_cast<std::size_t>(node.inputs.front())];
        if (node.inputs.size() > 1) {
            if (node.merge == core::MergeMode::Sum) {
                for (std::size_t k = 1; k < node.inputs.size(); ++k)
                    merged = merged + values[static_cast<std::size_t>(node.inputs[k])];
            } else {
                std::vector<torch::Tensor> parts;
                parts.reserve(node.inputs.size());
                for (int inputId : node.inputs)
                    parts.push_back(values[static_cast<std::size_t>(inputId)]);
                merged = torch::cat(parts, 1);
            }
        }
        values[i] = m_ops[i]->forward(merged);
        for (int inputId : node.inputs) {
            const auto j = static_cast<std::size_t>(inputId);
            if (lastUse[j] == i && !keep[j])
                values[j] = torch::Tensor();
        }
    }

    NetworkOutputs out;
    out.logits = values[n - 1].flatten(1);
    if (withExits)
        for (int id : m_exitIds)
            out.exitLogits.push_back(values[static_cast<std::size_t>(id)].flatten(1));
    for (int id : featureIds)
        out.features.push_back(values[static_cast<std::size_t>(id)]);
    return out;
}

} // namespace edgenas::models
