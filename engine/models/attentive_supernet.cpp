#include "attentive_supernet.h"

#include "core/errors.h"
#include "graph_network.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace edgenas::models {

using spaces::AttentiveBackbone;
using spaces::AttentiveLayout;

namespace {

constexpr double kBnEps = 1e-5;  // torch::nn::BatchNorm2d's default, which GraphNetwork uses

int largestOf(const std::vector<int>& values) { return *std::max_element(values.begin(), values.end()); }

bool contains(const std::vector<int>& values, int v) {
    return std::find(values.begin(), values.end(), v) != values.end();
}

/// Weights and statistics of one BN layer at its largest width, registered on `owner`.
struct SlicedBatchNorm {
    torch::Tensor weight, bias, mean, var;

    void registerOn(torch::nn::Module& owner, const std::string& prefix, int channels) {
        weight = owner.register_parameter(prefix + "_weight", torch::ones({channels}));
        bias = owner.register_parameter(prefix + "_bias", torch::zeros({channels}));
        mean = owner.register_buffer(prefix + "_running_mean", torch::zeros({channels}));
        var = owner.register_buffer(prefix + "_running_var", torch::ones({channels}));
    }

    /// BN over the first `channels` channels; in training the slices of the running statistics
    /// are updated in place (they are views of the full buffers).
    torch::Tensor forward(const torch::Tensor& x, int channels, bool training, double momentum) const {
        return torch::batch_norm(x, weight.narrow(0, 0, channels), bias.narrow(0, 0, channels),
                                 mean.narrow(0, 0, channels), var.narrow(0, 0, channels), training, momentum,
                                 kBnEps, /*cudnn_enabled=*/false);
    }

    void reset() const {
        torch::NoGradGuard noGrad;
        mean.zero_();
        var.fill_(1.0);
    }

    void appendState(const std::string& name, int channels,
                     std::vector<std::pair<std::string, torch::Tensor>>& out) const {
        out.emplace_back(name + ".weight", weight.narrow(0, 0, channels));
        out.emplace_back(name + ".bias", bias.narrow(0, 0, channels));
        out.emplace_back(name + ".running_mean", mean.narrow(0, 0, channels));
        out.emplace_back(name + ".running_var", var.narrow(0, 0, channels));
    }
};

/// Kaiming-normal fan-out, as GraphNetworkImpl::initializeWeights draws it.
void kaimingFanOut(torch::Tensor& weight, c10::optional<at::Generator> generator) {
    const double fanOut = double(weight.size(0)) * double(weight[0][0].numel());
    weight.normal_(0.0, std::sqrt(2.0 / fanOut), std::move(generator));
}

torch::Tensor centreKernel(const torch::Tensor& weight, int kernel) {
    const auto offset = (weight.size(2) - kernel) / 2;
    return weight.narrow(2, offset, kernel).narrow(3, offset, kernel);
}

} // namespace

namespace detail {

/// One MBConv block at its stage's largest choices (input width, width, expansion, kernel).
class SupernetBlockImpl : public torch::nn::Module {
public:
    struct Active {
        int in = 0, out = 0, kernel = 3, expansion = 1, stride = 1;
        bool squeezeExcite = false;
        int hidden() const { return core::mbconvHiddenChannels(in, expansion); }
    };

    SupernetBlockImpl(int inMax, int outMax, int kernelMax, int expansionMax, bool squeezeExcite) {
        const int hiddenMax = core::mbconvHiddenChannels(inMax, expansionMax);
        if (expansionMax > 1)
            expand = register_parameter("expand_weight", torch::empty({hiddenMax, inMax, 1, 1}));
        expandBn.registerOn(*this, "expand_bn", hiddenMax);
        depthwise = register_parameter("depthwise_weight", torch::empty({hiddenMax, 1, kernelMax, kernelMax}));
        depthwiseBn.registerOn(*this, "depthwise_bn", hiddenMax);
        if (squeezeExcite) {
            const int squeezedMax = core::squeezeExciteChannels(hiddenMax);
            seReduce = register_parameter("se_reduce_weight", torch::empty({squeezedMax, hiddenMax, 1, 1}));
            seReduceBias = register_parameter("se_reduce_bias", torch::zeros({squeezedMax}));
            seExpand = register_parameter("se_expand_weight", torch::empty({hiddenMax, squeezedMax, 1, 1}));
            seExpandBias = register_parameter("se_expand_bias", torch::zeros({hiddenMax}));
        }
        project = register_parameter("project_weight", torch::empty({outMax, hiddenMax, 1, 1}));
        projectBn.registerOn(*this, "project_bn", outMax);
    }

    void initialise(c10::optional<at::Generator> generator) {
        torch::NoGradGuard noGrad;
        for (torch::Tensor* w : {&expand, &depthwise, &seReduce, &seExpand, &project})
            if (w->defined())
                kaimingFanOut(*w, generator);
    }

    torch::Tensor forward(const torch::Tensor& x, const Active& a, double momentum) {
        const bool training = is_training();
        const int hidden = a.hidden();
        torch::Tensor h = x;
        if (a.expansion != 1) {
            h = torch::conv2d(h, expand.narrow(0, 0, hidden).narrow(1, 0, a.in));
            h = torch::silu(expandBn.forward(h, hidden, training, momentum));
        }
        h = torch::conv2d(h, centreKernel(depthwise.narrow(0, 0, hidden), a.kernel), {}, a.stride,
                          (a.kernel - 1) / 2, 1, hidden);
        h = torch::silu(depthwiseBn.forward(h, hidden, training, momentum));
        if (a.squeezeExcite) {
            const int squeezed = core::squeezeExciteChannels(hidden);
            torch::Tensor s = h.mean({2, 3}, /*keepdim=*/true);
            s = torch::relu(torch::conv2d(s, seReduce.narrow(0, 0, squeezed).narrow(1, 0, hidden),
                                          seReduceBias.narrow(0, 0, squeezed)));
            s = torch::hardsigmoid(torch::conv2d(s, seExpand.narrow(0, 0, hidden).narrow(1, 0, squeezed),
                                                 seExpandBias.narrow(0, 0, hidden)));
            h = h * s;
        }
        h = torch::conv2d(h, project.narrow(0, 0, a.out).narrow(1, 0, hidden));
        h = projectBn.forward(h, a.out, training, momentum);
        return a.stride == 1 && a.in == a.out ? h + x : h;
    }

    void resetStatistics() const {
        expandBn.reset();
        depthwiseBn.reset();
        projectBn.reset();
    }

    /// Parameters and statistics as MBConvOp names them, under `prefix` ("n5_mbconv").
    void appendState(const std::string& prefix, const Active& a,
                     std::vector<std::pair<std::string, torch::Tensor>>& out) const {
        const int hidden = a.hidden();
        if (a.expansion != 1) {
            out.emplace_back(prefix + ".expand.weight", expand.narrow(0, 0, hidden).narrow(1, 0, a.in));
            expandBn.appendState(prefix + ".expand_bn", hidden, out);
        }
        out.emplace_back(prefix + ".depthwise.weight", centreKernel(depthwise.narrow(0, 0, hidden), a.kernel));
        depthwiseBn.appendState(prefix + ".depthwise_bn", hidden, out);
        if (a.squeezeExcite) {
            const int squeezed = core::squeezeExciteChannels(hidden);
            out.emplace_back(prefix + ".se_reduce.weight", seReduce.narrow(0, 0, squeezed).narrow(1, 0, hidden));
            out.emplace_back(prefix + ".se_reduce.bias", seReduceBias.narrow(0, 0, squeezed));
            out.emplace_back(prefix + ".se_expand.weight", seExpand.narrow(0, 0, hidden).narrow(1, 0, squeezed));
            out.emplace_back(prefix + ".se_expand.bias", seExpandBias.narrow(0, 0, hidden));
        }
        out.emplace_back(prefix + ".project.weight", project.narrow(0, 0, a.out).narrow(1, 0, hidden));
        projectBn.appendState(prefix + ".project_bn", a.out, out);
    }

    torch::Tensor expand, depthwise, seReduce, seReduceBias, seExpand, seExpandBias, project;
    SlicedBatchNorm expandBn, depthwiseBn, projectBn;
};

} // namespace detail

using detail::SupernetBlockImpl;

namespace {

/// The active choices of every block of a backbone, flat.
std::vector<SupernetBlockImpl::Active> activeBlocks(const AttentiveBackbone& backbone) {
    std::vector<SupernetBlockImpl::Active> blocks;
    int in = backbone.stemWidth;
    for (const auto& stage : backbone.stages)
        for (int d = 0; d < stage.depth; ++d) {
            SupernetBlockImpl::Active a;
            a.in = in;
            a.out = stage.width;
            a.kernel = stage.kernel;
            a.expansion = stage.expansion;
            a.stride = d == 0 ? stage.stride : 1;
            a.squeezeExcite = stage.squeezeExcite;
            blocks.push_back(a);
            in = stage.width;
        }
    return blocks;
}

} // namespace

AttentiveSupernetImpl::AttentiveSupernetImpl(AttentiveLayout layout, core::TensorShape input, int numClasses,
                                             c10::optional<at::Generator> generator)
    : m_layout(std::move(layout)), m_input(input), m_numClasses(numClasses) {
    if (m_layout.stages.empty() || m_layout.stemWidths.empty() || m_layout.featureWidths.empty())
        throw core::InputError("attentive layout '" + m_layout.name + "' has no stages, stem or feature widths");
    if (numClasses < 1)
        throw core::InputError("the supernet needs at least one class");
    for (int r : m_layout.resolutions)
        if (r != input.height || r != input.width)
            throw core::InputError("the supernet runs at the data's own size (" + std::to_string(input.height) +
                                   "x" + std::to_string(input.width) + "); layout '" + m_layout.name +
                                   "' asks for resolution " + std::to_string(r));
    const int stemMax = largestOf(m_layout.stemWidths);
    m_stemWeight = register_parameter("stem_weight", torch::empty({stemMax, input.channels, 3, 3}));
    SlicedBatchNorm stemBn;
    stemBn.registerOn(*this, "stem_bn", stemMax);
    m_stemBnWeight = stemBn.weight, m_stemBnBias = stemBn.bias, m_stemBnMean = stemBn.mean,
    m_stemBnVar = stemBn.var;

    int inMax = stemMax;
    for (std::size_t s = 0; s < m_layout.stages.size(); ++s) {
        const auto& stage = m_layout.stages[s];
        if (stage.widths.empty() || stage.depths.empty() || stage.kernels.empty() || stage.expansions.empty())
            throw core::InputError("stage '" + stage.name + "' of layout '" + m_layout.name + "' has an empty choice");
        const int outMax = largestOf(stage.widths);
        const int depthMax = largestOf(stage.depths);
        std::vector<std::shared_ptr<SupernetBlockImpl>> blocks;
        for (int d = 0; d < depthMax; ++d) {
            auto block = std::make_shared<SupernetBlockImpl>(d == 0 ? inMax : outMax, outMax,
                                                             largestOf(stage.kernels), largestOf(stage.expansions),
                                                             stage.squeezeExcite);
            register_module("s" + std::to_string(s) + "_b" + std::to_string(d), block);
            blocks.push_back(std::move(block));
        }
        m_blocks.push_back(std::move(blocks));
        inMax = outMax;
    }

    const int headMax = m_layout.headExpansion * inMax;
    m_headWeight = register_parameter("head_weight", torch::empty({headMax, inMax, 1, 1}));
    SlicedBatchNorm headBn;
    headBn.registerOn(*this, "head_bn", headMax);
    m_headBnWeight = headBn.weight, m_headBnBias = headBn.bias, m_headBnMean = headBn.mean, m_headBnVar = headBn.var;
    const int featureMax = largestOf(m_layout.featureWidths);
    m_featureWeight = register_parameter("feature_weight", torch::empty({featureMax, headMax, 1, 1}));
    m_featureBias = register_parameter("feature_bias", torch::zeros({featureMax}));
    m_classifierWeight = register_parameter("classifier_weight", torch::empty({numClasses, featureMax}));
    m_classifierBias = register_parameter("classifier_bias", torch::zeros({numClasses}));

    torch::NoGradGuard noGrad;
    kaimingFanOut(m_stemWeight, generator);
    for (auto& stage : m_blocks)
        for (auto& block : stage)
            block->initialise(generator);
    kaimingFanOut(m_headWeight, generator);
    kaimingFanOut(m_featureWeight, generator);
    m_classifierWeight.normal_(0.0, 0.01, generator);
}

void AttentiveSupernetImpl::checkBackbone(const AttentiveBackbone& b) const {
    auto fail = [&](const std::string& what) {
        throw core::InputError("backbone does not fit supernet layout '" + m_layout.name + "': " + what);
    };
    if (b.resolution != m_input.height || b.resolution != m_input.width)
        fail("resolution " + std::to_string(b.resolution) + ", the data is " + std::to_string(m_input.height) + "x" +
             std::to_string(m_input.width));
    if (!contains(m_layout.stemWidths, b.stemWidth))
        fail("stem width " + std::to_string(b.stemWidth));
    if (b.stemStride != m_layout.stemStride)
        fail("stem stride " + std::to_string(b.stemStride));
    if (b.stages.size() != m_layout.stages.size())
        fail(std::to_string(b.stages.size()) + " stages, the layout has " + std::to_string(m_layout.stages.size()));
    for (std::size_t s = 0; s < b.stages.size(); ++s) {
        const auto& stage = b.stages[s];
        const auto& choices = m_layout.stages[s];
        const std::string where = "stage '" + choices.name + "' ";
        if (!contains(choices.widths, stage.width))
            fail(where + "width " + std::to_string(stage.width));
        if (!contains(choices.depths, stage.depth))
            fail(where + "depth " + std::to_string(stage.depth));
        if (!contains(choices.kernels, stage.kernel))
            fail(where + "kernel " + std::to_string(stage.kernel));
        if (!contains(choices.expansions, stage.expansion))
            fail(where + "expansion " + std::to_string(stage.expansion));
        if (stage.stride != choices.stride || stage.squeezeExcite != choices.squeezeExcite)
            fail(where + "stride or squeeze-excitation");
    }
    if (b.headExpansion != m_layout.headExpansion)
        fail("head expansion " + std::to_string(b.headExpansion));
    if (!contains(m_layout.featureWidths, b.featureWidth))
        fail("feature width " + std::to_string(b.featureWidth));
}

int AttentiveSupernetImpl::blockChannels(const AttentiveBackbone& backbone, int block) const {
    int first = 0;
    for (const auto& stage : backbone.stages) {
        if (block < first + stage.depth)
            return stage.width;
        first += stage.depth;
    }
    throw core::InputError("block " + std::to_string(block) + " is beyond the backbone's " + std::to_string(first) +
                           " blocks");
}

torch::Tensor AttentiveSupernetImpl::runStemAndBlocks(const torch::Tensor& input, const AttentiveBackbone& backbone,
                                                      const std::vector<int>& blocks,
                                                      std::vector<torch::Tensor>* blockOutputs) {
    checkBackbone(backbone);
    const bool training = is_training();
    const double momentum = m_bnMomentum;
    const SlicedBatchNorm stemBn{m_stemBnWeight, m_stemBnBias, m_stemBnMean, m_stemBnVar};
    torch::Tensor x = torch::conv2d(input, m_stemWeight.narrow(0, 0, backbone.stemWidth), {}, backbone.stemStride, 1);
    x = torch::silu(stemBn.forward(x, backbone.stemWidth, training, momentum));

    const auto active = activeBlocks(backbone);
    for (int b : blocks)
        if (b < 0 || b >= static_cast<int>(active.size()))
            throw core::InputError("block " + std::to_string(b) + " is outside the backbone's " +
                                   std::to_string(active.size()) + " blocks");
    std::vector<torch::Tensor> outputs(active.size());
    std::size_t flat = 0;
    for (std::size_t s = 0; s < backbone.stages.size(); ++s)
        for (int d = 0; d < backbone.stages[s].depth; ++d, ++flat) {
            x = m_blocks[s][static_cast<std::size_t>(d)]->forward(x, active[flat], momentum);
            if (blockOutputs)
                outputs[flat] = x;
        }
    if (blockOutputs)
        for (int b : blocks)
            blockOutputs->push_back(outputs[static_cast<std::size_t>(b)]);
    return x;
}

torch::Tensor AttentiveSupernetImpl::runHead(const torch::Tensor& x, const AttentiveBackbone& backbone) {
    const int last = backbone.stages.back().width;
    const int head = backbone.headExpansion * last;
    const SlicedBatchNorm headBn{m_headBnWeight, m_headBnBias, m_headBnMean, m_headBnVar};
    torch::Tensor h = torch::conv2d(x, m_headWeight.narrow(0, 0, head).narrow(1, 0, last));
    h = torch::silu(headBn.forward(h, head, is_training(), m_bnMomentum)).mean({2, 3}, /*keepdim=*/true);
    h = torch::silu(torch::conv2d(h, m_featureWeight.narrow(0, 0, backbone.featureWidth).narrow(1, 0, head),
                                  m_featureBias.narrow(0, 0, backbone.featureWidth)));
    return torch::linear(h.flatten(1), m_classifierWeight.narrow(1, 0, backbone.featureWidth), m_classifierBias);
}

torch::Tensor AttentiveSupernetImpl::forward(const torch::Tensor& input, const AttentiveBackbone& backbone) {
    return runHead(runStemAndBlocks(input, backbone, {}, nullptr), backbone);
}

std::pair<torch::Tensor, std::vector<torch::Tensor>> AttentiveSupernetImpl::forwardWithBlocks(
    const torch::Tensor& input, const AttentiveBackbone& backbone, const std::vector<int>& blocks) {
    std::vector<torch::Tensor> outputs;
    torch::Tensor x = runStemAndBlocks(input, backbone, blocks, &outputs);
    return {runHead(x, backbone), std::move(outputs)};
}

void AttentiveSupernetImpl::recalibrateBatchNorm(const AttentiveBackbone& backbone,
                                                 const std::function<torch::Tensor(int)>& batches) {
    checkBackbone(backbone);
    const SlicedBatchNorm stemBn{m_stemBnWeight, m_stemBnBias, m_stemBnMean, m_stemBnVar};
    const SlicedBatchNorm headBn{m_headBnWeight, m_headBnBias, m_headBnMean, m_headBnVar};
    stemBn.reset();
    headBn.reset();
    for (auto& stage : m_blocks)
        for (auto& block : stage)
            block->resetStatistics();
    torch::NoGradGuard noGrad;
    train();
    for (int i = 0;; ++i) {
        const torch::Tensor x = batches(i);
        if (!x.defined())
            break;
        // momentum 1/(i+1): the running statistics become the equal-weight mean over the batches.
        m_bnMomentum = 1.0 / double(i + 1);
        forward(x, backbone);
    }
    m_bnMomentum = 0.1;
    eval();
}

std::vector<std::pair<std::string, torch::Tensor>> AttentiveSupernetImpl::subnetState(
    const AttentiveBackbone& backbone, const core::Architecture& architecture) const {
    checkBackbone(backbone);
    using core::OpType;
    const auto active = activeBlocks(backbone);
    const int last = backbone.stages.back().width;
    const int head = backbone.headExpansion * last;
    const SlicedBatchNorm stemBn{m_stemBnWeight, m_stemBnBias, m_stemBnMean, m_stemBnVar};
    const SlicedBatchNorm headBn{m_headBnWeight, m_headBnBias, m_headBnMean, m_headBnVar};

    // build() gives: input, stem conv, BN, activation, the MBConv blocks, then head pointwise
    // conv, BN, activation, pooling, feature pointwise conv, activation, linear. Walk it in order.
    enum class Phase { Stem, StemBn, Blocks, HeadBn, Feature, Classifier, Done };
    Phase phase = Phase::Stem;
    std::size_t block = 0;
    std::vector<std::pair<std::string, torch::Tensor>> state;
    for (const core::Node& node : architecture.nodes) {
        const std::string name = GraphNetworkImpl::submoduleName(node);
        auto unexpected = [&]() {
            throw core::ArchitectureError(node.id, "not where AttentiveSpace::build puts it for the supernet");
        };
        // These hold no supernet weights (exit heads are ExitHeads::loadInto's).
        if (node.op == OpType::Input || node.op == OpType::Activation || node.op == OpType::GlobalAvgPool ||
            node.op == OpType::EarlyExit)
            continue;
        switch (phase) {
        case Phase::Stem:
            if (node.op != OpType::Conv || node.bias)
                unexpected();
            state.emplace_back(name + ".conv.weight", m_stemWeight.narrow(0, 0, backbone.stemWidth));
            phase = Phase::StemBn;
            break;
        case Phase::StemBn:
            if (node.op != OpType::BatchNorm)
                unexpected();
            stemBn.appendState(name + ".bn", backbone.stemWidth, state);
            phase = Phase::Blocks;
            break;
        case Phase::Blocks:
            if (node.op == OpType::MBConv && block < active.size()) {
                std::size_t s = 0, d = block;
                while (d >= static_cast<std::size_t>(backbone.stages[s].depth))
                    d -= static_cast<std::size_t>(backbone.stages[s++].depth);
                m_blocks[s][d]->appendState(name, active[block], state);
                ++block;
            } else if (node.op == OpType::PointwiseConv && block == active.size() && !node.bias) {
                state.emplace_back(name + ".conv.weight", m_headWeight.narrow(0, 0, head).narrow(1, 0, last));
                phase = Phase::HeadBn;
            } else {
                unexpected();
            }
            break;
        case Phase::HeadBn:
            if (node.op != OpType::BatchNorm)
                unexpected();
            headBn.appendState(name + ".bn", head, state);
            phase = Phase::Feature;
            break;
        case Phase::Feature:
            if (node.op != OpType::PointwiseConv || !node.bias)
                unexpected();
            state.emplace_back(name + ".conv.weight",
                               m_featureWeight.narrow(0, 0, backbone.featureWidth).narrow(1, 0, head));
            state.emplace_back(name + ".conv.bias", m_featureBias.narrow(0, 0, backbone.featureWidth));
            phase = Phase::Classifier;
            break;
        case Phase::Classifier:
            if (node.op != OpType::Linear || !node.bias)
                unexpected();
            state.emplace_back(name + ".fc.weight", m_classifierWeight.narrow(1, 0, backbone.featureWidth));
            state.emplace_back(name + ".fc.bias", m_classifierBias);
            phase = Phase::Done;
            break;
        case Phase::Done:
            unexpected();
        }
    }
    if (phase != Phase::Done)
        throw core::ArchitectureError(architecture.nodes.empty() ? -1 : architecture.nodes.back().id,
                                      "the architecture ends before the supernet's classifier");
    return state;
}

void AttentiveSupernetImpl::loadSubnetInto(GraphNetworkImpl& network, const AttentiveBackbone& backbone) const {
    const auto state = subnetState(backbone, network.architecture());
    std::vector<std::string> exitPrefixes;
    for (const core::Node& node : network.architecture().nodes)
        if (node.op == core::OpType::EarlyExit)
            exitPrefixes.push_back(GraphNetworkImpl::submoduleName(node) + ".");
    auto isExit = [&](const std::string& name) {
        return std::any_of(exitPrefixes.begin(), exitPrefixes.end(),
                           [&](const std::string& prefix) { return name.rfind(prefix, 0) == 0; });
    };
    std::map<std::string, torch::Tensor> targets;
    for (const auto& item : network.named_parameters())
        if (!isExit(item.key()))
            targets[item.key()] = item.value();
    for (const auto& item : network.named_buffers())
        if (item.key().find("num_batches_tracked") == std::string::npos && !isExit(item.key()))
            targets[item.key()] = item.value();
    if (state.size() != targets.size())
        throw core::InputError("the supernet gives " + std::to_string(state.size()) + " tensors for a network of " +
                               std::to_string(targets.size()));
    torch::NoGradGuard noGrad;
    for (const auto& [name, value] : state) {
        auto it = targets.find(name);
        if (it == targets.end())
            throw core::InputError("the network has no tensor '" + name + "'");
        if (it->second.sizes() != value.sizes())
            throw core::InputError("tensor '" + name + "' is " + c10::str(it->second.sizes()) + " in the network, " +
                                   c10::str(value.sizes()) + " in the supernet");
        it->second.copy_(value);
    }
}

std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>> AttentiveSupernetImpl::decayGroups() const {
    std::vector<torch::Tensor> decay, noDecay;
    for (const auto& item : named_parameters()) {
        const std::string& name = item.key();
        const bool isBnOrBias = name.find("bn_") != std::string::npos || name.find("_bias") != std::string::npos;
        (isBnOrBias ? noDecay : decay).push_back(item.value());
    }
    return {decay, noDecay};
}

} // namespace edgenas::models
