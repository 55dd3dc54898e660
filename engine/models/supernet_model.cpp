#include "supernet_model.h"

#include "attentive_supernet.h"
#include "batch_maker.h"
#include "core/errors.h"
#include "data/data_split.h"
#include "graph_network.h"
#include "torch_runtime.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <numbers>

namespace edgenas::models {

using spaces::AttentiveBackbone;

namespace {

constexpr int kEvalBatch = 256;

std::shared_ptr<AttentiveSupernetImpl> makeModule(const spaces::AttentiveSpace& space, std::uint64_t seed) {
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    // The space's architecture says what input and classes it was made for.
    const core::Architecture largest = space.build(space.largest());
    return std::make_shared<AttentiveSupernetImpl>(space.layout(), largest.input, largest.numClasses, generator);
}

/// Batches per epoch; a last batch of one sample would break BatchNorm on 1x1 maps: dropped.
std::size_t batchesPerEpoch(std::size_t samples, std::size_t batchSize) {
    std::size_t batches = (samples + batchSize - 1) / batchSize;
    if (batches > 1 && samples % batchSize == 1)
        --batches;
    return batches;
}

void checkIndices(const data::Dataset& dataset, const std::vector<int>& indices) {
    for (int index : indices)
        if (index < 0 || static_cast<std::size_t>(index) >= dataset.size())
            throw core::InputError("sample index " + std::to_string(index) + " is outside " + dataset.name);
}

} // namespace

void SandwichConfig::validate() const {
    if (epochs < 1)
        throw core::InputError("supernet epochs must be at least 1, got " + std::to_string(epochs));
    if (batchSize < 2)
        throw core::InputError("supernet batch size must be at least 2, got " + std::to_string(batchSize));
    if (randomSubnets < 0)
        throw core::InputError("random subnets per step must not be negative, got " + std::to_string(randomSubnets));
    if (!(learningRate > 0.0))
        throw core::InputError("supernet learning rate must be positive");
    if (!(momentum >= 0.0 && momentum < 1.0))
        throw core::InputError("supernet momentum must be in [0, 1)");
    if (!(weightDecay >= 0.0))
        throw core::InputError("supernet weight decay must not be negative");
}

SupernetModel::SupernetModel(const spaces::AttentiveSpace& space, std::uint64_t seed)
    : m_space(std::make_shared<spaces::AttentiveSpace>(space)), m_module(makeModule(space, seed)) {}

SupernetModel::SupernetModel(SupernetModel&&) noexcept = default;
SupernetModel& SupernetModel::operator=(SupernetModel&&) noexcept = default;
SupernetModel::~SupernetModel() = default;

SupernetTrainingSummary SupernetModel::train(const SandwichConfig& config, const data::Dataset& dataset,
                                             const std::vector<int>& trainIndices, const std::string& checkpointPath,
                                             const SupernetProgressCallback& progress, const SupernetCancel& cancel) {
    config.validate();
    if (trainIndices.empty())
        throw core::InputError("the supernet has no training samples");
    checkIndices(dataset, trainIndices);
    adoptThreadCount();
    AttentiveSupernetImpl& net = *m_module;

    auto [decay, noDecay] = net.decayGroups();
    std::vector<torch::optim::OptimizerParamGroup> groups;
    auto options = [&](double weightDecay) {
        return std::make_unique<torch::optim::SGDOptions>(torch::optim::SGDOptions(config.learningRate)
                                                              .momentum(config.momentum)
                                                              .nesterov(config.momentum > 0.0)
                                                              .weight_decay(weightDecay));
    };
    groups.emplace_back(std::move(decay), options(config.weightDecay));
    groups.emplace_back(std::move(noDecay), options(0.0));
    torch::optim::SGD optimizer(std::move(groups), *options(config.weightDecay));

    const auto batchSize = static_cast<std::size_t>(config.batchSize);
    const std::size_t steps = batchesPerEpoch(trainIndices.size(), batchSize);
    const double totalSteps = double(steps) * config.epochs;

    SupernetTrainingSummary summary;
    if (!checkpointPath.empty() && std::filesystem::exists(checkpointPath)) {
        try {
            torch::serialize::InputArchive archive;
            archive.load_from(checkpointPath);
            torch::Tensor epoch, stepsSaved;
            archive.read("epoch", epoch);
            archive.read("steps_per_epoch", stepsSaved);
            if (stepsSaved.item<std::int64_t>() != static_cast<std::int64_t>(steps))
                throw core::InputError("it was made with another number of steps per epoch");
            torch::serialize::InputArchive weights, optimiserState;
            archive.read("weights", weights);
            archive.read("optimiser", optimiserState);
            net.load(weights);
            optimizer.load(optimiserState);
            summary.resumedFromEpoch =
                static_cast<int>(std::min<std::int64_t>(epoch.item<std::int64_t>(), config.epochs));
        } catch (const core::InputError& e) {
            throw core::InputError("supernet checkpoint " + checkpointPath + " does not fit: " + e.what());
        } catch (const c10::Error& e) {
            throw core::InputError("supernet checkpoint " + checkpointPath +
                                   " is unreadable: " + e.what_without_backtrace());
        }
    }

    const BatchMaker batches(dataset);
    const spaces::AttentiveSpace& space = *m_space;
    const AttentiveBackbone largest = space.largest();
    const AttentiveBackbone smallest = space.smallest();
    std::vector<int> order;
    double seconds = 0.0;
    net.train();
    for (int epoch = summary.resumedFromEpoch; epoch < config.epochs; ++epoch) {
        const auto started = std::chrono::steady_clock::now();
        order = trainIndices;
        data::shuffleIndices(order, config.seed * 1000003ULL + static_cast<std::uint64_t>(epoch));
        double epochLoss = 0.0;
        for (std::size_t step = 0; step < steps; ++step) {
            if (cancel && cancel())
                throw core::Cancelled();
            const double global = double(epoch) * double(steps) + double(step);
            const double lr = 0.5 * config.learningRate * (1.0 + std::cos(std::numbers::pi * global / totalSteps));
            for (auto& group : optimizer.param_groups())
                group.options().set_lr(lr);
            const std::size_t begin = step * batchSize;
            const std::size_t end = std::min(order.size(), begin + batchSize);
            auto [x, y] = batches.make(order, begin, end);

            // The sandwich: both ends of the space and random backbones, each drawn from a stream
            // fixed by (seed, global step), so a resumed run draws what an uninterrupted one draws.
            std::vector<AttentiveBackbone> subnets{largest, smallest};
            spaces::Rng rng = spaces::Rng::forStream(config.seed, static_cast<std::uint64_t>(global));
            for (int r = 0; r < config.randomSubnets; ++r)
                subnets.push_back(space.backboneOf(space.sample(rng)));

            optimizer.zero_grad();
            double stepLoss = 0.0;
            for (const AttentiveBackbone& subnet : subnets) {
                const torch::Tensor loss = torch::nn::functional::cross_entropy(net.forward(x, subnet), y);
                loss.backward();
                stepLoss += loss.item<double>();
            }
            optimizer.step();
            stepLoss /= double(subnets.size());
            if (!std::isfinite(stepLoss))
                throw core::InputError("supernet training diverged (loss is not finite); lower the learning rate");
            epochLoss += stepLoss;
            if (progress)
                progress(SupernetProgress{epoch, config.epochs, step, steps, stepLoss});
        }
        summary.epochLosses.push_back(epochLoss / double(steps));
        summary.lastEpochLoss = summary.epochLosses.back();
        ++summary.epochsRun;
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

        if (!checkpointPath.empty()) {
            torch::serialize::OutputArchive archive, weights, optimiserState;
            net.save(weights);
            optimizer.save(optimiserState);
            archive.write("weights", weights);
            archive.write("optimiser", optimiserState);
            archive.write("epoch", torch::tensor(static_cast<std::int64_t>(epoch + 1)));
            archive.write("steps_per_epoch", torch::tensor(static_cast<std::int64_t>(steps)));
            const std::string partial = checkpointPath + ".partial";
            try {
                archive.save_to(partial);
                std::filesystem::rename(partial, checkpointPath);
            } catch (const std::exception& e) {
                throw core::InputError("cannot write the supernet checkpoint " + checkpointPath + ": " + e.what());
            }
        }
    }
    if (summary.epochsRun > 0)
        summary.secondsPerEpoch = seconds / summary.epochsRun;
    net.eval();
    return summary;
}

void SupernetModel::save(const std::string& path) const {
    try {
        torch::serialize::OutputArchive archive;
        m_module->save(archive);
        archive.save_to(path);
    } catch (const c10::Error& e) {
        throw core::InputError("cannot write supernet weights to " + path + ": " + e.what_without_backtrace());
    }
}

void SupernetModel::load(const std::string& path) {
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path);
        m_module->load(archive);
    } catch (const c10::Error& e) {
        throw core::InputError("cannot read supernet weights from " + path + ": " + e.what_without_backtrace());
    }
}

void SupernetModel::recalibrate(const AttentiveBackbone& backbone, const data::Dataset& dataset,
                                const std::vector<int>& indices, int batches, int batchSize, std::uint64_t seed,
                                const SupernetCancel& cancel) {
    if (batches < 1 || batchSize < 2)
        throw core::InputError("BN recalibration needs at least 1 batch of at least 2 samples");
    if (indices.size() < 2)
        throw core::InputError("BN recalibration needs at least 2 samples");
    checkIndices(dataset, indices);
    adoptThreadCount();
    std::vector<int> order = data::takeSubset(indices, std::size_t(batches) * std::size_t(batchSize), seed);
    data::shuffleIndices(order, seed);
    const BatchMaker maker(dataset);
    const auto size = static_cast<std::size_t>(batchSize);
    m_module->recalibrateBatchNorm(backbone, [&](int i) -> torch::Tensor {
        if (cancel && cancel())
            throw core::Cancelled();
        const std::size_t begin = std::size_t(i) * size;
        if (i >= batches || begin + 1 >= order.size())  // a batch of one has no batch statistics
            return {};
        return maker.make(order, begin, std::min(order.size(), begin + size)).first;
    });
}

double SupernetModel::accuracy(const AttentiveBackbone& backbone, const data::Dataset& dataset,
                               const std::vector<int>& indices, const SupernetCancel& cancel) {
    if (indices.empty())
        return -1.0;
    checkIndices(dataset, indices);
    adoptThreadCount();
    m_module->eval();
    torch::NoGradGuard noGrad;
    const BatchMaker maker(dataset);
    std::int64_t correct = 0;
    for (std::size_t begin = 0; begin < indices.size(); begin += kEvalBatch) {
        if (cancel && cancel())
            throw core::Cancelled();
        auto [x, y] = maker.make(indices, begin, std::min(indices.size(), begin + kEvalBatch));
        correct += m_module->forward(x, backbone).argmax(1).eq(y).sum().item<std::int64_t>();
    }
    return double(correct) / double(indices.size());
}

TrainedModel SupernetModel::extract(const AttentiveBackbone& backbone) const {
    return extract(backbone, m_space->build(backbone));
}

TrainedModel SupernetModel::extract(const AttentiveBackbone& backbone, const core::Architecture& architecture) const {
    TrainedModel model(architecture);
    m_module->loadSubnetInto(*model.network(), backbone);
    model.network()->eval();
    return model;
}

} // namespace edgenas::models
