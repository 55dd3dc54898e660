#include "trainer.h"

#include "batch_maker.h"
#include "core/errors.h"
#include "data/data_split.h"
#include "graph_network.h"
#include "torch_runtime.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <numbers>

namespace edgenas::models {

namespace {

constexpr int kEvalBatch = 256;  // no activations kept for backward, so larger batches fit

std::vector<int> allIndices(const data::Dataset& dataset) {
    std::vector<int> all(dataset.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = static_cast<int>(i);
    return all;
}

void requireFits(const core::Architecture& arch, const data::Dataset& dataset) {
    const core::TensorShape& in = arch.input;
    if (in.channels != dataset.channels || in.height != dataset.height || in.width != dataset.width)
        throw core::InputError("the architecture expects " + std::to_string(in.channels) + "x" +
                               std::to_string(in.height) + "x" + std::to_string(in.width) + " input but " +
                               dataset.name + " has " + std::to_string(dataset.channels) + "x" +
                               std::to_string(dataset.height) + "x" + std::to_string(dataset.width));
    if (arch.numClasses != dataset.numClasses)
        throw core::InputError("the architecture has " + std::to_string(arch.numClasses) + " classes but " +
                               dataset.name + " has " + std::to_string(dataset.numClasses));
    if (dataset.pixels.size() != dataset.size() * dataset.sampleSize())
        throw core::InputError("data set " + dataset.name + " has " + std::to_string(dataset.pixels.size()) +
                               " pixel bytes for " + std::to_string(dataset.size()) + " samples");
}

void requireValid(const TrainConfig& config) {
    if (config.optimizer != "sgd" && config.optimizer != "adam")
        throw core::InputError("unknown optimizer \"" + config.optimizer + "\" (known: sgd, adam)");
    if (!(config.learningRate > 0.0))
        throw core::InputError("learning rate must be positive");
    if (config.epochs < 1)
        throw core::InputError("epochs must be at least 1, got " + std::to_string(config.epochs));
    if (config.batchSize < 1)
        throw core::InputError("batch size must be at least 1, got " + std::to_string(config.batchSize));
}

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainConfig& config,
                                                       std::vector<torch::Tensor> parameters) {
    if (config.optimizer == "adam")
        return std::make_unique<torch::optim::Adam>(
            std::move(parameters), torch::optim::AdamOptions(config.learningRate).weight_decay(config.weightDecay));
    return std::make_unique<torch::optim::SGD>(std::move(parameters),
                                               torch::optim::SGDOptions(config.learningRate)
                                                   .momentum(config.momentum)
                                                   .weight_decay(config.weightDecay)
                                                   .nesterov(config.nesterov && config.momentum > 0.0));
}

double accuracyOn(GraphNetworkImpl& network, const data::Dataset& dataset, const std::vector<int>& indices,
                  int batchSize, const CancelPredicate& cancel) {
    if (indices.empty())
        return -1.0;
    const bool wasTraining = network.is_training();
    network.eval();
    torch::NoGradGuard noGrad;
    const BatchMaker batches(dataset);
    std::int64_t correct = 0;
    const auto step = static_cast<std::size_t>(std::max(batchSize, 1));
    for (std::size_t begin = 0; begin < indices.size(); begin += step) {
        if (cancel && cancel())
            throw core::Cancelled();
        const std::size_t end = std::min(indices.size(), begin + step);
        auto [x, y] = batches.make(indices, begin, end);
        correct += network.forward(x).argmax(1).eq(y).sum().item<std::int64_t>();
    }
    network.train(wasTraining);
    return double(correct) / double(indices.size());
}

} // namespace

Trainer::Trainer(TrainConfig config) : m_config(std::move(config)) {}

TrainResult Trainer::train(const core::Architecture& architecture, const data::Dataset& trainSet,
                           const data::Dataset* testSet) {
    const auto started = std::chrono::steady_clock::now();
    const TrainConfig& config = m_config;
    requireValid(config);
    requireFits(architecture, trainSet);
    if (testSet)
        requireFits(architecture, *testSet);
    adoptThreadCount();

    const data::DataSplit split = data::splitTrainValidation(trainSet.size(), config.validationFraction, config.seed);
    const std::vector<int> trainIndices = data::takeSubset(split.train, config.trainSubset, config.seed);
    const std::vector<int> validationIndices =
        data::takeSubset(split.validation, config.validationSubset, config.seed + 1);
    if (trainIndices.empty())
        throw core::InputError("no training samples left after the validation split");

    TrainedModel model(architecture, config.seed);
    GraphNetworkImpl& network = *model.network();
    network.train();
    auto optimizer = makeOptimizer(config, network.parameters());

    const auto batchSize = static_cast<std::size_t>(config.batchSize);
    // A last batch of one sample would break BatchNorm on 1x1 maps (and adds only noise): drop it.
    std::size_t batches = (trainIndices.size() + batchSize - 1) / batchSize;
    if (batches > 1 && trainIndices.size() % batchSize == 1)
        --batches;
    const double totalSteps = double(batches) * config.epochs;
    const BatchMaker batchMaker(trainSet);

    TrainResult result;
    result.epochs = config.epochs;
    result.trainSamples = trainIndices.size();
    result.validationSamples = validationIndices.size();
    std::vector<int> order;
    for (int epoch = 0; epoch < config.epochs; ++epoch) {
        order = trainIndices;
        data::shuffleIndices(order, config.seed + static_cast<std::uint64_t>(epoch));
        double lossSum = 0.0;
        std::int64_t correct = 0;
        std::size_t seen = 0;
        for (std::size_t batch = 0; batch < batches; ++batch) {
            if (m_cancel && m_cancel())
                throw core::Cancelled();
            const double step = double(epoch) * double(batches) + double(batch);
            if (config.cosineSchedule) {
                const double lr = 0.5 * config.learningRate * (1.0 + std::cos(std::numbers::pi * step / totalSteps));
                for (auto& group : optimizer->param_groups())
                    group.options().set_lr(lr);
            }
            const std::size_t begin = batch * batchSize;
            const std::size_t end = std::min(order.size(), begin + batchSize);
            auto [x, y] = batchMaker.make(order, begin, end);

            optimizer->zero_grad();
            const torch::Tensor logits = network.forward(x);
            const torch::Tensor loss = torch::nn::functional::cross_entropy(logits, y);
            loss.backward();
            optimizer->step();

            const auto count = end - begin;
            lossSum += loss.item<double>() * double(count);
            correct += logits.detach().argmax(1).eq(y).sum().item<std::int64_t>();
            seen += count;
            result.trainLoss = lossSum / double(seen);
            result.trainAccuracy = double(correct) / double(seen);
            if (!std::isfinite(result.trainLoss))
                throw core::InputError("training diverged (loss is not finite); lower the learning rate");
            if (m_progress)
                m_progress(TrainProgress{epoch, config.epochs, batch, batches, result.trainLoss,
                                         result.trainAccuracy, (step + 1.0) / totalSteps});
        }
    }

    result.validationAccuracy = accuracyOn(network, trainSet, validationIndices, kEvalBatch, m_cancel);
    if (testSet)
        result.testAccuracy = accuracyOn(network, *testSet, allIndices(*testSet), kEvalBatch, m_cancel);
    network.eval();
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    model.setInputConvention(InputConvention::of(trainSet));
    m_model = std::move(model);
    return result;
}

double evaluateAccuracy(const TrainedModel& model, const data::Dataset& dataset, const std::vector<int>& indices,
                        int batchSize, const CancelPredicate& cancel) {
    requireFits(model.architecture(), dataset);
    adoptThreadCount();
    for (int index : indices)
        if (index < 0 || static_cast<std::size_t>(index) >= dataset.size())
            throw core::InputError("sample index " + std::to_string(index) + " is outside " + dataset.name);
    return accuracyOn(*model.network(), dataset, indices.empty() ? allIndices(dataset) : indices, batchSize, cancel);
}

} // namespace edgenas::models
