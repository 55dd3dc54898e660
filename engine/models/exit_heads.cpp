#include "exit_heads.h"

#include "attentive_supernet.h"
#include "batch_maker.h"
#include "core/errors.h"
#include "data/data_split.h"
#include "graph_network.h"
#include "supernet_model.h"
#include "trained_model.h"
#include "torch_runtime.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>

namespace edgenas::models {

namespace detail {

/// One narrow head: 1x1 conv (no bias) to H channels, BN, swish, global pooling, Linear(H, classes).
class ExitHeadImpl : public torch::nn::Module {
public:
    ExitHeadImpl(int channels, int width, int classes)
        : conv(register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, width, 1).bias(false)))),
          bn(register_module("bn", torch::nn::BatchNorm2d(width))),
          fc(register_module("fc", torch::nn::Linear(width, classes))) {}

    torch::Tensor forward(const torch::Tensor& x) {
        return fc->forward(torch::silu(bn->forward(conv->forward(x))).mean({2, 3}));
    }

    torch::nn::Conv2d conv;
    torch::nn::BatchNorm2d bn;
    torch::nn::Linear fc;
};
TORCH_MODULE(ExitHead);

class ExitHeadSetImpl : public torch::nn::Module {
public:
    std::vector<ExitHead> heads;
};

} // namespace detail

using detail::ExitHead;

namespace {

constexpr int kEvalBatch = 256;

/// GraphNetwork's initialisation: Kaiming-normal fan-out conv, N(0, 0.01) linear, BN 1/0.
void initialise(detail::ExitHeadImpl& head, at::Generator& generator) {
    torch::NoGradGuard noGrad;
    auto& w = head.conv->weight;
    w.normal_(0.0, std::sqrt(2.0 / (double(w.size(0)) * double(w[0][0].numel()))), generator);
    head.fc->weight.normal_(0.0, 0.01, generator);
    head.fc->bias.zero_();
}

void checkIndices(const data::Dataset& dataset, const std::vector<int>& indices) {
    for (int index : indices)
        if (index < 0 || static_cast<std::size_t>(index) >= dataset.size())
            throw core::InputError("sample index " + std::to_string(index) + " is outside " + dataset.name);
}

HeadLogits toHeadLogits(int block, const torch::Tensor& logits) {
    HeadLogits out;
    out.block = block;
    out.classes = static_cast<int>(logits.size(1));
    const torch::Tensor flat = logits.contiguous().to(torch::kFloat).flatten();
    out.values.assign(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
    return out;
}

} // namespace

void ExitHeadConfig::validate() const {
    if (width < 1)
        throw core::InputError("exit head width must be at least 1, got " + std::to_string(width));
    if (epochs < 1)
        throw core::InputError("exit head epochs must be at least 1, got " + std::to_string(epochs));
    if (batchSize < 2)
        throw core::InputError("exit head batch size must be at least 2, got " + std::to_string(batchSize));
    if (!(learningRate > 0.0))
        throw core::InputError("exit head learning rate must be positive");
    if (!(momentum >= 0.0 && momentum < 1.0))
        throw core::InputError("exit head momentum must be in [0, 1)");
    if (!(weightDecay >= 0.0))
        throw core::InputError("exit head weight decay must not be negative");
}

ExitHeads::ExitHeads(const SupernetModel& supernet, const spaces::AttentiveBackbone& backbone, std::vector<int> blocks,
                     int width, std::uint64_t seed)
    : m_backbone(backbone), m_blocks(std::move(blocks)), m_width(width),
      m_module(std::make_shared<detail::ExitHeadSetImpl>()) {
    if (width < 1)
        throw core::InputError("exit head width must be at least 1, got " + std::to_string(width));
    std::sort(m_blocks.begin(), m_blocks.end());
    if (std::adjacent_find(m_blocks.begin(), m_blocks.end()) != m_blocks.end())
        throw core::InputError("exit blocks must be distinct");
    const AttentiveSupernetImpl& net = *supernet.module();
    net.checkBackbone(backbone);
    const int classes = net.numClasses();
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    for (int block : m_blocks) {
        if (block < 0 || block >= backbone.blockCount())
            throw core::InputError("exit block " + std::to_string(block) + " is outside the backbone's " +
                                   std::to_string(backbone.blockCount()) + " blocks");
        ExitHead head(net.blockChannels(backbone, block), width, classes);
        initialise(*head, generator);
        m_module->register_module("h" + std::to_string(block), head);
        m_module->heads.push_back(head);
    }
}

std::shared_ptr<torch::nn::Module> ExitHeads::module() const { return m_module; }

ExitHeads::ExitHeads(ExitHeads&&) noexcept = default;
ExitHeads& ExitHeads::operator=(ExitHeads&&) noexcept = default;
ExitHeads::~ExitHeads() = default;

ExitHeadTrainingSummary ExitHeads::train(SupernetModel& supernet, const ExitHeadConfig& config,
                                         const data::Dataset& dataset, const std::vector<int>& indices,
                                         const std::function<void(int, double)>& progress,
                                         const std::function<bool()>& cancel) {
    config.validate();
    if (m_blocks.empty())
        throw core::InputError("there are no exit heads to train");
    adoptThreadCount();
    AttentiveSupernetImpl& net = *supernet.module();
    const auto check = [&]() {
        if (cancel && cancel())
            throw core::Cancelled();
    };

    // Bytes per sample of all cached block outputs (16-bit), to cut the subset to the memory cap.
    if (indices.empty())
        throw core::InputError("exit heads have no training samples");
    checkIndices(dataset, indices);
    std::size_t bytesPerSample = 0;
    {
        torch::NoGradGuard noGrad;
        net.eval();
        const std::vector<int> one{indices.front()};
        const BatchMaker maker(dataset);
        auto [x, y] = maker.make(one, 0, 1);
        for (const auto& t : net.forwardWithBlocks(x, m_backbone, m_blocks).second)
            bytesPerSample += std::size_t(t.numel()) * 2;
    }
    std::vector<int> subset = indices;
    const std::size_t fits =
        std::max<std::size_t>(2, config.featureMemoryBytes / std::max<std::size_t>(1, bytesPerSample));
    if (subset.size() > fits)
        subset = data::takeSubset(subset, fits, config.seed);

    ExitHeadTrainingSummary summary;
    summary.trainSamples = subset.size();
    const BatchMaker maker(dataset);
    auto started = std::chrono::steady_clock::now();
    // Block outputs and final logits computed once: the backbone is frozen, in eval mode.
    std::vector<std::vector<torch::Tensor>> featureParts(m_blocks.size());
    std::vector<torch::Tensor> finalParts, labelParts;
    {
        torch::NoGradGuard noGrad;
        net.eval();
        for (std::size_t begin = 0; begin < subset.size(); begin += kEvalBatch) {
            check();
            auto [x, y] = maker.make(subset, begin, std::min(subset.size(), begin + kEvalBatch));
            auto [logits, blocks] = net.forwardWithBlocks(x, m_backbone, m_blocks);
            for (std::size_t k = 0; k < blocks.size(); ++k)
                featureParts[k].push_back(blocks[k].to(torch::kHalf));
            finalParts.push_back(logits);
            labelParts.push_back(y);
        }
    }
    std::vector<torch::Tensor> features;
    for (auto& parts : featureParts)
        features.push_back(torch::cat(parts, 0));
    featureParts.clear();
    const torch::Tensor teacher = torch::softmax(torch::cat(finalParts, 0), 1);
    const torch::Tensor labels = torch::cat(labelParts, 0);
    summary.featureSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    started = std::chrono::steady_clock::now();
    std::vector<torch::Tensor> decay, noDecay;
    for (const auto& item : m_module->named_parameters()) {
        const bool isBnOrBias =
            item.key().find(".bn.") != std::string::npos || item.key().find("bias") != std::string::npos;
        (isBnOrBias ? noDecay : decay).push_back(item.value());
    }
    auto options = [&](double weightDecay) {
        return std::make_unique<torch::optim::SGDOptions>(torch::optim::SGDOptions(config.learningRate)
                                                              .momentum(config.momentum)
                                                              .nesterov(config.momentum > 0.0)
                                                              .weight_decay(weightDecay));
    };
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(std::move(decay), options(config.weightDecay));
    groups.emplace_back(std::move(noDecay), options(0.0));
    torch::optim::SGD optimizer(std::move(groups), *options(config.weightDecay));

    const auto n = static_cast<std::size_t>(labels.size(0));
    const auto batchSize = static_cast<std::size_t>(config.batchSize);
    std::size_t steps = (n + batchSize - 1) / batchSize;
    if (steps > 1 && n % batchSize == 1)
        --steps;
    const double totalSteps = double(steps) * config.epochs;
    m_module->train();
    std::vector<int> order(n);
    for (std::size_t i = 0; i < n; ++i)
        order[i] = static_cast<int>(i);
    for (int epoch = 0; epoch < config.epochs; ++epoch) {
        std::vector<int> shuffled = order;
        data::shuffleIndices(shuffled, config.seed * 7919ULL + static_cast<std::uint64_t>(epoch));
        const torch::Tensor permutation = torch::tensor(shuffled, torch::kLong);
        double epochLoss = 0.0;
        for (std::size_t step = 0; step < steps; ++step) {
            check();
            const double global = double(epoch) * double(steps) + double(step);
            const double lr = 0.5 * config.learningRate * (1.0 + std::cos(std::numbers::pi * global / totalSteps));
            for (auto& group : optimizer.param_groups())
                group.options().set_lr(lr);
            const auto begin = static_cast<std::int64_t>(step * batchSize);
            const auto end = static_cast<std::int64_t>(std::min(n, step * batchSize + batchSize));
            const torch::Tensor rows = permutation.slice(0, begin, end);
            const torch::Tensor y = labels.index_select(0, rows);
            const torch::Tensor target = teacher.index_select(0, rows);
            optimizer.zero_grad();
            torch::Tensor loss = torch::zeros({});
            for (std::size_t k = 0; k < m_module->heads.size(); ++k) {
                const torch::Tensor logits =
                    m_module->heads[k]->forward(features[k].index_select(0, rows).to(torch::kFloat));
                const torch::Tensor distillation = torch::nn::functional::kl_div(
                    torch::log_softmax(logits, 1), target,
                    torch::nn::functional::KLDivFuncOptions().reduction(torch::kBatchMean));
                loss = loss + torch::nn::functional::cross_entropy(logits, y) + distillation;
            }
            loss = loss / double(m_module->heads.size());
            loss.backward();
            optimizer.step();
            epochLoss += loss.item<double>();
        }
        summary.epochLosses.push_back(epochLoss / double(steps));
        if (!std::isfinite(summary.epochLosses.back()))
            throw core::InputError("exit head training diverged (loss is not finite); lower the learning rate");
        if (progress)
            progress(epoch, summary.epochLosses.back());
    }
    m_module->eval();
    summary.trainSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

SplitLogits ExitHeads::logits(SupernetModel& supernet, const data::Dataset& dataset, const std::vector<int>& indices,
                              const std::function<bool()>& cancel) {
    checkIndices(dataset, indices);
    adoptThreadCount();
    AttentiveSupernetImpl& net = *supernet.module();
    net.eval();
    m_module->eval();
    torch::NoGradGuard noGrad;
    const BatchMaker maker(dataset);
    std::vector<std::vector<torch::Tensor>> exitParts(m_blocks.size());
    std::vector<torch::Tensor> finalParts;
    SplitLogits out;
    out.labels.reserve(indices.size());
    for (std::size_t begin = 0; begin < indices.size(); begin += kEvalBatch) {
        if (cancel && cancel())
            throw core::Cancelled();
        auto [x, y] = maker.make(indices, begin, std::min(indices.size(), begin + kEvalBatch));
        auto [logits, blocks] = net.forwardWithBlocks(x, m_backbone, m_blocks);
        for (std::size_t k = 0; k < blocks.size(); ++k)
            exitParts[k].push_back(m_module->heads[k]->forward(blocks[k]));
        finalParts.push_back(logits);
        const auto* labels = y.data_ptr<std::int64_t>();
        out.labels.insert(out.labels.end(), labels, labels + y.size(0));
    }
    const int classes = net.numClasses();
    auto joined = [&](std::vector<torch::Tensor>& parts) {
        return parts.empty() ? torch::zeros({0, classes}) : torch::cat(parts, 0);
    };
    for (std::size_t k = 0; k < m_blocks.size(); ++k)
        out.exits.push_back(toHeadLogits(m_blocks[k], joined(exitParts[k])));
    out.final = toHeadLogits(-1, joined(finalParts));
    return out;
}

void ExitHeads::loadInto(TrainedModel& model, const std::vector<int>& blockOutputNodes) const {
    GraphNetworkImpl& network = *model.network();
    torch::NoGradGuard noGrad;
    for (const core::Node& node : network.architecture().nodes) {
        if (node.op != core::OpType::EarlyExit)
            continue;
        const int reads = node.inputs.empty() ? -1 : node.inputs.front();
        const auto at = std::find(blockOutputNodes.begin(), blockOutputNodes.end(), reads);
        const int block = at == blockOutputNodes.end() ? -1 : static_cast<int>(at - blockOutputNodes.begin());
        const auto k = std::find(m_blocks.begin(), m_blocks.end(), block);
        if (block < 0 || k == m_blocks.end())
            throw core::InputError("early exit node " + std::to_string(node.id) + " reads node " +
                                   std::to_string(reads) + ", where no head was trained");
        const auto& head = m_module->heads[static_cast<std::size_t>(k - m_blocks.begin())];
        auto target = network.nodeModule(node.id);
        auto targets = target->named_parameters();
        auto buffers = target->named_buffers();
        std::size_t copied = 0;
        auto copy = [&](const std::string& name, const torch::Tensor& value,
                        torch::OrderedDict<std::string, torch::Tensor>& into) {
            torch::Tensor* t = into.find(name);
            if (!t || t->sizes() != value.sizes())
                throw core::InputError("early exit node " + std::to_string(node.id) + " has no tensor '" + name +
                                       "' of shape " + c10::str(value.sizes()) + " (is it a narrow head of width " +
                                       std::to_string(m_width) + "?)");
            t->copy_(value);
            ++copied;
        };
        for (const auto& item : head->named_parameters())
            copy(item.key(), item.value(), targets);
        for (const auto& item : head->named_buffers())
            copy(item.key(), item.value(), buffers);
        if (copied != targets.size() + buffers.size())
            throw core::InputError("early exit node " + std::to_string(node.id) + " has tensors the head does not");
    }
}

void ExitHeads::save(const std::string& path) const {
    try {
        torch::serialize::OutputArchive archive;
        m_module->save(archive);
        archive.save_to(path);
    } catch (const c10::Error& e) {
        throw core::InputError("cannot write exit heads to " + path + ": " + e.what_without_backtrace());
    }
}

void ExitHeads::load(const std::string& path) {
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path);
        m_module->load(archive);
        m_module->eval();
    } catch (const c10::Error& e) {
        throw core::InputError("cannot read exit heads from " + path + ": " + e.what_without_backtrace());
    }
}

} // namespace edgenas::models
