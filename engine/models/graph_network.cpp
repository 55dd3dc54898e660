#include "graph_network.h"

#include "core/errors.h"
#include "core/shape_inference.h"

#include <torch/torch.h>

#include <cmath>
#include <string>
#include <utility>

namespace edgenas::models {

using core::ActivationType;
using core::Node;
using core::OpType;
using core::TensorShape;

namespace detail {

/// Common interface of the per-node submodules, so the graph runs them without type erasure.
class NodeOp : public torch::nn::Module {
public:
    virtual torch::Tensor forward(const torch::Tensor& x) = 0;
};

} // namespace detail

namespace {

using detail::NodeOp;

torch::Tensor activate(ActivationType type, const torch::Tensor& x) {
    switch (type) {
    case ActivationType::None:
        return x;
    case ActivationType::ReLU:
        return torch::relu(x);
    case ActivationType::ReLU6:
        return torch::hardtanh(x, 0.0, 6.0);
    case ActivationType::Swish:
        return torch::silu(x);
    case ActivationType::HSwish:
        return torch::hardswish(x);
    }
    return x;
}

torch::nn::Conv2d makeConv(int in, int out, int kernel, int stride, int padding, int dilation, int groups,
                           bool bias) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                                 .stride(stride)
                                 .padding(padding)
                                 .dilation(dilation)
                                 .groups(groups)
                                 .bias(bias));
}

// Conv, DepthwiseConv and PointwiseConv: one Conv2d.
class ConvOp : public NodeOp {
public:
    ConvOp(int in, int out, int kernel, int stride, int padding, int dilation, int groups, bool bias)
        : m_conv(register_module("conv", makeConv(in, out, kernel, stride, padding, dilation, groups, bias))) {}
    torch::Tensor forward(const torch::Tensor& x) override { return m_conv->forward(x); }

private:
    torch::nn::Conv2d m_conv;
};

class MBConvOp : public NodeOp {
public:
    MBConvOp(const Node& node, int in) {
        const int hidden = core::mbconvHiddenChannels(in, node.expansion);
        m_activation = node.activation == ActivationType::None ? ActivationType::ReLU6 : node.activation;
        m_residual = node.stride == 1 && in == node.outChannels;
        if (node.expansion != 1) {
            m_expand = register_module("expand", makeConv(in, hidden, 1, 1, 0, 1, node.groups, false));
            m_expandBn = register_module("expand_bn", torch::nn::BatchNorm2d(hidden));
            m_shuffleGroups = node.groups > 1 ? node.groups : 0;
        }
        const int padding = node.dilation * (node.kernel - 1) / 2;
        m_depthwise = register_module(
            "depthwise", makeConv(hidden, hidden, node.kernel, node.stride, padding, node.dilation, hidden, false));
        m_depthwiseBn = register_module("depthwise_bn", torch::nn::BatchNorm2d(hidden));
        if (node.squeezeExcite) {
            const int squeezed = core::squeezeExciteChannels(hidden);
            m_seReduce = register_module("se_reduce", makeConv(hidden, squeezed, 1, 1, 0, 1, 1, true));
            m_seExpand = register_module("se_expand", makeConv(squeezed, hidden, 1, 1, 0, 1, 1, true));
        }
        m_project = register_module("project", makeConv(hidden, node.outChannels, 1, 1, 0, 1, node.groups, false));
        m_projectBn = register_module("project_bn", torch::nn::BatchNorm2d(node.outChannels));
    }

    torch::Tensor forward(const torch::Tensor& x) override {
        torch::Tensor h = x;
        if (m_expand) {
            h = activate(m_activation, m_expandBn->forward(m_expand->forward(h)));
            if (m_shuffleGroups > 0) {
                // ShuffleNet channel shuffle so the grouped projection sees every expand group.
                const auto s = h.sizes();
                h = h.view({s[0], m_shuffleGroups, s[1] / m_shuffleGroups, s[2], s[3]})
                        .transpose(1, 2)
                        .contiguous()
                        .view(s);
            }
        }
        h = activate(m_activation, m_depthwiseBn->forward(m_depthwise->forward(h)));
        if (m_seReduce) {
            torch::Tensor s = h.mean({2, 3}, /*keepdim=*/true);
            s = torch::hardsigmoid(m_seExpand->forward(torch::relu(m_seReduce->forward(s))));
            h = h * s;
        }
        h = m_projectBn->forward(m_project->forward(h));
        return m_residual ? h + x : h;
    }

private:
    ActivationType m_activation = ActivationType::ReLU6;
    bool m_residual = false;
    int m_shuffleGroups = 0;
    torch::nn::Conv2d m_expand{nullptr}, m_depthwise{nullptr}, m_seReduce{nullptr}, m_seExpand{nullptr},
        m_project{nullptr};
    torch::nn::BatchNorm2d m_expandBn{nullptr}, m_depthwiseBn{nullptr}, m_projectBn{nullptr};
};

class IdentityOp : public NodeOp {
public:
    torch::Tensor forward(const torch::Tensor& x) override { return x; }
};

class ZeroOp : public NodeOp {
public:
    ZeroOp(int outChannels, int stride) : m_outChannels(outChannels), m_stride(stride) {}
    torch::Tensor forward(const torch::Tensor& x) override {
        const std::int64_t channels = m_outChannels > 0 ? m_outChannels : x.size(1);
        return torch::zeros({x.size(0), channels, (x.size(2) + m_stride - 1) / m_stride,
                             (x.size(3) + m_stride - 1) / m_stride},
                            x.options());
    }

private:
    int m_outChannels;
    int m_stride;
};

class AvgPoolOp : public NodeOp {
public:
    AvgPoolOp(int kernel, int stride, int padding, int dilation)
        : m_kernel(kernel), m_stride(stride), m_padding(padding), m_dilation(dilation) {}
    torch::Tensor forward(const torch::Tensor& x) override {
        if (m_dilation == 1)
            return torch::avg_pool2d(x, m_kernel, m_stride, m_padding, /*ceil_mode=*/false,
                                     /*count_include_pad=*/false);
        // torch's avg_pool2d has no dilation: sum the window with a ones kernel and divide by the
        // number of real (non-padding) pixels it covered.
        const auto ones = torch::ones({x.size(1), 1, m_kernel, m_kernel}, x.options());
        const torch::Tensor sum = torch::conv2d(x, ones, {}, m_stride, m_padding, m_dilation, x.size(1));
        const torch::Tensor count =
            torch::conv2d(torch::ones({1, 1, x.size(2), x.size(3)}, x.options()),
                          torch::ones({1, 1, m_kernel, m_kernel}, x.options()), {}, m_stride, m_padding, m_dilation);
        return sum / count;
    }

private:
    int m_kernel, m_stride, m_padding, m_dilation;
};

class MaxPoolOp : public NodeOp {
public:
    MaxPoolOp(int kernel, int stride, int padding, int dilation)
        : m_kernel(kernel), m_stride(stride), m_padding(padding), m_dilation(dilation) {}
    torch::Tensor forward(const torch::Tensor& x) override {
        return torch::max_pool2d(x, m_kernel, m_stride, m_padding, m_dilation);
    }

private:
    int m_kernel, m_stride, m_padding, m_dilation;
};

class BatchNormOp : public NodeOp {
public:
    explicit BatchNormOp(int channels) : m_bn(register_module("bn", torch::nn::BatchNorm2d(channels))) {}
    torch::Tensor forward(const torch::Tensor& x) override { return m_bn->forward(x); }

private:
    torch::nn::BatchNorm2d m_bn;
};

class ActivationOp : public NodeOp {
public:
    explicit ActivationOp(ActivationType type) : m_type(type) {}
    torch::Tensor forward(const torch::Tensor& x) override { return activate(m_type, x); }

private:
    ActivationType m_type;
};

class GlobalAvgPoolOp : public NodeOp {
public:
    torch::Tensor forward(const torch::Tensor& x) override { return x.mean({2, 3}, /*keepdim=*/true); }
};

class LinearOp : public NodeOp {
public:
    LinearOp(std::int64_t inFeatures, int outFeatures, bool bias)
        : m_fc(register_module("fc", torch::nn::Linear(torch::nn::LinearOptions(inFeatures, outFeatures).bias(bias)))) {}
    torch::Tensor forward(const torch::Tensor& x) override {
        return m_fc->forward(x.flatten(1)).unsqueeze(2).unsqueeze(3);
    }

private:
    torch::nn::Linear m_fc;
};

// Plain head (width 0): pool + fc. Narrow head (width H): conv 1x1 -> H, bn, activation, pool, fc.
class EarlyExitOp : public NodeOp {
public:
    EarlyExitOp(int channels, int width, ActivationType activation, int classes)
        : m_activation(core::earlyExitActivation(activation)) {
        if (width > 0) {
            m_conv = register_module("conv", makeConv(channels, width, 1, 1, 0, 1, 1, false));
            m_bn = register_module("bn", torch::nn::BatchNorm2d(width));
        }
        m_fc = register_module("fc", torch::nn::Linear(width > 0 ? width : channels, classes));
    }
    torch::Tensor forward(const torch::Tensor& x) override {
        torch::Tensor h = x;
        if (m_conv)
            h = activate(m_activation, m_bn->forward(m_conv->forward(h)));
        return m_fc->forward(h.mean({2, 3})).unsqueeze(2).unsqueeze(3);
    }

private:
    ActivationType m_activation;
    torch::nn::Conv2d m_conv{nullptr};
    torch::nn::BatchNorm2d m_bn{nullptr};
    torch::nn::Linear m_fc{nullptr};
};

TensorShape mergedShape(const Node& node, const std::vector<TensorShape>& shapes) {
    TensorShape merged = shapes[static_cast<std::size_t>(node.inputs.front())];
    if (node.merge == core::MergeMode::Concat)
        for (std::size_t i = 1; i < node.inputs.size(); ++i)
            merged.channels += shapes[static_cast<std::size_t>(node.inputs[i])].channels;
    return merged;
}

std::shared_ptr<NodeOp> makeOp(const Node& node, const TensorShape& in, int numClasses) {
    switch (node.op) {
    case OpType::Input:
        return nullptr;
    case OpType::Conv:
        return std::make_shared<ConvOp>(in.channels, node.outChannels, node.kernel, node.stride, node.padding,
                                        node.dilation, node.groups, node.bias);
    case OpType::DepthwiseConv: {
        // Bias-free, as cost::analyseCost counts it.
        const int out = node.outChannels == 0 ? in.channels : node.outChannels;
        return std::make_shared<ConvOp>(in.channels, out, node.kernel, node.stride, node.padding, node.dilation,
                                        in.channels, false);
    }
    case OpType::PointwiseConv:
        return std::make_shared<ConvOp>(in.channels, node.outChannels, 1, node.stride, 0, 1, node.groups,
                                        node.bias);
    case OpType::MBConv:
        return std::make_shared<MBConvOp>(node, in.channels);
    case OpType::Identity:
        return std::make_shared<IdentityOp>();
    case OpType::Zero:
        return std::make_shared<ZeroOp>(node.outChannels, node.stride);
    case OpType::AvgPool:
        return std::make_shared<AvgPoolOp>(node.kernel, node.stride, node.padding, node.dilation);
    case OpType::MaxPool:
        return std::make_shared<MaxPoolOp>(node.kernel, node.stride, node.padding, node.dilation);
    case OpType::BatchNorm:
        return std::make_shared<BatchNormOp>(in.channels);
    case OpType::Activation:
        return std::make_shared<ActivationOp>(node.activation);
    case OpType::GlobalAvgPool:
        return std::make_shared<GlobalAvgPoolOp>();
    case OpType::Linear:
        return std::make_shared<LinearOp>(in.elements(), node.outChannels, node.bias);
    case OpType::EarlyExit:
        return std::make_shared<EarlyExitOp>(in.channels, node.outChannels, node.activation, numClasses);
    }
    throw core::ArchitectureError(node.id, "unknown operator");
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
        m_ops[i] = makeOp(node, mergedShape(node, m_shapes), arch.numClasses);
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
