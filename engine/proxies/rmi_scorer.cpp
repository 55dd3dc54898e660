#include "rmi_scorer.h"

#include "linear_cka.h"
#include "stage_pairing.h"

#include "core/errors.h"
#include "data/data_split.h"
#include "models/graph_network.h"

#include <torch/torch.h>

#include <cmath>
#include <cstring>
#include <atomic>
#include <exception>
#include <mutex>
#include <numeric>
#include <thread>
#include <optional>
#include <string>

namespace edgenas::proxies {

namespace {

// The batch as the trainer normalises it: x = (pixel / 255 - mean) / std per channel.
std::pair<torch::Tensor, torch::Tensor> makeBatch(const data::Dataset& dataset, const std::vector<int>& indices) {
    const auto n = static_cast<std::int64_t>(indices.size());
    const std::size_t sampleSize = dataset.sampleSize();
    torch::Tensor images = torch::empty({n, dataset.channels, dataset.height, dataset.width}, torch::kUInt8);
    torch::Tensor labels = torch::empty({n}, torch::kLong);
    auto* pixels = images.data_ptr<std::uint8_t>();
    auto* targets = labels.data_ptr<std::int64_t>();
    for (std::size_t i = 0; i < indices.size(); ++i) {
        const int index = indices[i];
        if (index < 0 || static_cast<std::size_t>(index) >= dataset.size())
            throw core::InputError("batch index " + std::to_string(index) + " is outside the data set (" +
                                   std::to_string(dataset.size()) + " samples)");
        std::memcpy(pixels + i * sampleSize, dataset.sample(static_cast<std::size_t>(index)), sampleSize);
        targets[i] = dataset.labels[static_cast<std::size_t>(index)];
    }
    std::vector<float> scale, shift;
    for (int c = 0; c < dataset.channels; ++c) {
        const auto k = static_cast<std::size_t>(c);
        const float mean = k < dataset.mean.size() ? dataset.mean[k] : 0.0f;
        const float sd = k < dataset.stddev.size() && dataset.stddev[k] > 0.0f ? dataset.stddev[k] : 1.0f;
        scale.push_back(1.0f / (255.0f * sd));
        shift.push_back(-mean / sd);
    }
    const torch::Tensor x = images.to(torch::kFloat)
                                .mul_(torch::tensor(scale).view({1, dataset.channels, 1, 1}))
                                .add_(torch::tensor(shift).view({1, dataset.channels, 1, 1}));
    return {x, labels};
}

} // namespace

struct RmiScorer::Impl {
    models::TrainedModel reference;
    RmiSettings settings;
    torch::Tensor images;
    torch::Tensor labels;
    std::vector<int> referenceStages;
    std::vector<torch::Tensor> referenceGrams;  ///< centred, float64, one per reference stage
};

RmiScorer::RmiScorer(models::TrainedModel reference, const data::Dataset& dataset, const std::vector<int>& batch,
                     RmiSettings settings)
    : m_impl(std::make_unique<Impl>(Impl{std::move(reference), settings, {}, {}, {}, {}})) {
    if (batch.size() < 2)
        throw core::InputError("the RMI batch needs at least 2 samples, got " + std::to_string(batch.size()));
    if (settings.steps < 0)
        throw core::InputError("RMI steps must be 0 or more, got " + std::to_string(settings.steps));
    if (!(settings.beta >= 0.0 && settings.beta <= 1.0))
        throw core::InputError("RMI beta must be in [0, 1]");
    if (settings.pairs < 1)
        throw core::InputError("RMI needs at least one stage pair");
    const core::Architecture& arch = m_impl->reference.architecture();
    if (arch.input.channels != dataset.channels || arch.input.height != dataset.height ||
        arch.input.width != dataset.width || arch.numClasses != dataset.numClasses)
        throw core::InputError("the reference model does not fit data set " + dataset.name +
                               " (input or class count differ)");
    m_impl->referenceStages = stageEndNodes(arch);
    if (m_impl->referenceStages.empty())
        throw core::InputError("the reference model has no spatial stage to compare features at");
    std::tie(m_impl->images, m_impl->labels) = makeBatch(dataset, batch);

    // Teacher features once, with its trained BN statistics and no autograd graph.
    torch::NoGradGuard noGrad;
    auto& network = *m_impl->reference.network();
    const bool wasTraining = network.is_training();
    network.eval();
    const models::NetworkOutputs out = network.forwardWithFeatures(m_impl->images, m_impl->referenceStages);
    network.train(wasTraining);
    for (const torch::Tensor& f : out.features)
        m_impl->referenceGrams.push_back(centredGram(f));
}

RmiScorer::RmiScorer(RmiScorer&&) noexcept = default;
RmiScorer& RmiScorer::operator=(RmiScorer&&) noexcept = default;
RmiScorer::~RmiScorer() = default;

const RmiSettings& RmiScorer::settings() const { return m_impl->settings; }
int RmiScorer::batchSize() const { return static_cast<int>(m_impl->images.size(0)); }
const models::TrainedModel& RmiScorer::reference() const { return m_impl->reference; }
const std::vector<int>& RmiScorer::referenceStages() const { return m_impl->referenceStages; }

RmiScore RmiScorer::score(const core::Architecture& candidate, std::uint64_t seed, const RmiCancel& cancel) const {
    const core::Architecture& ref = m_impl->reference.architecture();
    if (!(candidate.input == ref.input) || candidate.numClasses != ref.numClasses)
        throw core::InputError("the candidate's input or class count differs from the reference model's");
    const RmiSettings& s = m_impl->settings;
    const std::vector<int> stages = stageEndNodes(candidate);
    const auto pairing =
        pairStages(static_cast<int>(m_impl->referenceStages.size()), static_cast<int>(stages.size()), s.pairs);
    if (pairing.empty())
        throw core::InputError("the candidate has no spatial stage to compare features at");
    std::vector<int> featureNodes;
    for (const auto& [r, c] : pairing)
        featureNodes.push_back(stages[static_cast<std::size_t>(c)]);

    models::TrainedModel model(candidate, seed);
    models::GraphNetworkImpl& network = *model.network();
    network.train(); // BN in train mode on the fixed batch, as in the reference implementation

    std::unique_ptr<torch::optim::SGD> optimiser;
    if (s.steps > 0)
        optimiser = std::make_unique<torch::optim::SGD>(
            network.parameters(),
            torch::optim::SGDOptions(s.learningRate).momentum(s.momentum).weight_decay(s.weightDecay));

    RmiScore result;
    result.pairs = static_cast<int>(pairing.size());
    const double pairsD = result.pairs;
    for (int step = 0; step <= s.steps; ++step) {
        if (cancel && cancel())
            throw core::Cancelled();
        const bool last = step == s.steps;
        // The last pass only measures: no graph needed.
        std::optional<torch::NoGradGuard> noGrad;
        if (last)
            noGrad.emplace();
        const models::NetworkOutputs out = network.forwardWithFeatures(m_impl->images, featureNodes);
        torch::Tensor ckaSum = torch::zeros({}, torch::kFloat64);
        std::vector<double> ckas;
        for (std::size_t p = 0; p < pairing.size(); ++p) {
            const torch::Tensor& refGram = m_impl->referenceGrams[static_cast<std::size_t>(pairing[p].first)];
            const torch::Tensor gram = centredGram(out.features[p]);
            // A dead stage (all zeros, e.g. only "none" edges) has no similarity at all.
            const torch::Tensor cka = gram.norm().item<double>() > 0.0 ? linearCkaFromGrams(refGram, gram)
                                                                        : torch::zeros({}, torch::kFloat64);
            ckas.push_back(cka.item<double>());
            ckaSum = ckaSum + cka;
        }
        const torch::Tensor rmiLoss = pairsD - ckaSum;
        const torch::Tensor ce = torch::nn::functional::cross_entropy(out.logits, m_impl->labels).to(torch::kFloat64);
        const torch::Tensor loss = s.beta * rmiLoss + (1.0 - s.beta) * ce;
        if (step == 0)
            result.ckaInitial = ckas;
        result.meanCkaTrace.push_back(std::accumulate(ckas.begin(), ckas.end(), 0.0) / pairsD);
        const double lossValue = loss.item<double>();
        if (!std::isfinite(lossValue)) {
            result.diverged = true;
            break;
        }
        if (last) {
            result.ckaFinal = ckas;
            result.loss = lossValue;
            result.rmiLoss = rmiLoss.item<double>();
            result.crossEntropy = ce.item<double>();
            break;
        }
        // A graph without trainable parameters (all "none"/pool/skip) cannot be fitted.
        if (!loss.requires_grad()) {
            result.ckaFinal = ckas;
            result.loss = lossValue;
            result.rmiLoss = rmiLoss.item<double>();
            result.crossEntropy = ce.item<double>();
            break;
        }
        optimiser->zero_grad();
        loss.backward();
        optimiser->step();
    }
    if (result.diverged) {
        // The worst plausible score: nothing in common with the reference, chance-level CE.
        result.rmiLoss = pairsD;
        result.crossEntropy = std::log(double(ref.numClasses));
        result.loss = s.beta * result.rmiLoss + (1.0 - s.beta) * result.crossEntropy;
        result.ckaFinal.assign(pairing.size(), 0.0);
    }
    result.phi = 1.0 - result.loss / pairsD;
    return result;
}

std::vector<RmiScore> RmiScorer::scoreMany(const std::vector<core::Architecture>& candidates,
                                          const std::vector<std::uint64_t>& seeds, int workers,
                                          const RmiCancel& cancel) const {
    if (seeds.size() != candidates.size())
        throw std::invalid_argument("scoreMany needs one seed per candidate");
    std::vector<RmiScore> results(candidates.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> cancelled{false};
    auto work = [&] {
        for (std::size_t i = next++; i < candidates.size() && !cancelled.load(); i = next++) {
            try {
                results[i] = score(candidates[i], seeds[i], cancel);
            } catch (const core::Cancelled&) {
                cancelled = true;
            } catch (const std::exception& e) {
                results[i].error = e.what();
            }
        }
    };
    workers = std::max(1, std::min<int>(workers, static_cast<int>(candidates.size())));
    if (workers == 1) {
        work();
    } else {
        std::vector<std::thread> threads;
        for (int w = 0; w < workers; ++w)
            threads.emplace_back([&] {
                // OpenMP's thread count is per thread: this one only affects the worker.
                at::set_num_threads(1);
                work();
            });
        for (auto& t : threads)
            t.join();
    }
    if (cancelled)
        throw core::Cancelled();
    return results;
}

std::vector<int> RmiScorer::chooseBatch(const data::Dataset& dataset, int n, std::uint64_t seed) {
    if (n < 2 || static_cast<std::size_t>(n) > dataset.size())
        throw core::InputError("RMI batch size must be between 2 and " + std::to_string(dataset.size()) + ", got " +
                               std::to_string(n));
    std::vector<int> all(dataset.size());
    std::iota(all.begin(), all.end(), 0);
    data::shuffleIndices(all, seed);
    all.resize(static_cast<std::size_t>(n));
    return all;
}

} // namespace edgenas::proxies
