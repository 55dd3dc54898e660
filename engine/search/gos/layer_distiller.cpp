#include "layer_distiller.h"

#include "program_rewriting.h"

#include "models/node_module.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace edgenas::search {

using core::TensorShape;

namespace {

std::uint64_t fnv1a(std::uint64_t digest, const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < bytes; ++i)
        digest = (digest ^ p[i]) * 1099511628211ULL;
    return digest;
}

std::string shapeText(const TensorShape& s) {
    return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" + std::to_string(s.width);
}

// LibTorch's own default for Conv2d (kaiming_uniform with a = sqrt(5): bound 1 / sqrt(fan-in),
// the bias the same), drawn from `generator`, so the start does not depend on what else used the
// global generator.
void drawDefaultInitialisation(torch::nn::Module& module, at::Generator& generator) {
    torch::NoGradGuard noGrad;
    for (const auto& child : module.modules(/*include_self=*/false))
        if (auto* conv = child->as<torch::nn::Conv2d>()) {
            const double bound = 1.0 / std::sqrt(double(conv->weight[0].numel()));
            conv->weight.uniform_(-bound, bound, generator);
            if (conv->bias.defined())
                conv->bias.uniform_(-bound, bound, generator);
        }
}

// Forward in chunks without gradients, so a large calibration set does not hold every
// intermediate at once.
torch::Tensor forwardAll(models::NodeModule& module, const torch::Tensor& x) {
    torch::NoGradGuard noGrad;
    constexpr std::int64_t kChunk = 256;
    std::vector<torch::Tensor> parts;
    for (std::int64_t begin = 0; begin < x.size(0); begin += kChunk)
        parts.push_back(module.forward(x.narrow(0, begin, std::min(kChunk, x.size(0) - begin))));
    return torch::cat(parts, 0);
}

// |Y' - Y|^2 / |Y|^2 in double; an all-zero original output is normalised by its element count
// instead (the candidate's mean square), so the figure stays finite.
double normalisedError(const torch::Tensor& got, const torch::Tensor& expected) {
    const torch::Tensor y = expected.to(torch::kDouble);
    const double residual = (got.to(torch::kDouble) - y).pow(2).sum().item<double>();
    const double energy = y.pow(2).sum().item<double>();
    return energy > 0.0 ? residual / energy : residual / double(std::max<std::int64_t>(1, y.numel()));
}

std::vector<torch::Tensor> snapshot(torch::nn::Module& module) {
    std::vector<torch::Tensor> copies;
    for (const auto& p : module.parameters())
        copies.push_back(p.detach().clone());
    return copies;
}

void restore(torch::nn::Module& module, const std::vector<torch::Tensor>& copies) {
    torch::NoGradGuard noGrad;
    const auto params = module.parameters();
    for (std::size_t i = 0; i < params.size(); ++i)
        params[i].copy_(copies[i]);
}

LayerDistillationResult resultFromMeta(const std::string& metaJson) {
    const nlohmann::json j = nlohmann::json::parse(metaJson);
    LayerDistillationResult r;
    r.heldOutError = j.at("held_out_error").get<double>();
    r.initialError = j.at("initial_error").get<double>();
    r.stepsRun = j.at("steps_run").get<int>();
    r.stoppedEarly = j.at("stopped_early").get<bool>();
    r.seconds = j.at("seconds").get<double>();
    r.trainSamples = j.at("train_samples").get<int>();
    r.heldOutSamples = j.at("held_out_samples").get<int>();
    return r;
}

} // namespace

OriginalWeights layerWeights(const OriginalLayer& layer) {
    if (!layer.module)
        throw std::invalid_argument("GOS distillation: the original layer has no module");
    const std::vector<core::Instruction> program = rewritableProgram(layer.node, layer.in);
    if (layer.node.op == core::OpType::Program)
        return originalWeights(program, layer.in, *layer.module);
    const std::vector<ContractionSite> sites = contractionSites(program, layer.in);
    if (sites.empty())
        throw std::invalid_argument("GOS distillation: the original layer has no contraction");
    const ContractionSite& s = sites.back();
    const std::string holder = layer.node.op == core::OpType::Linear ? "fc" : "conv";
    const auto params = layer.module->named_parameters();
    const at::Tensor* weight = params.find(holder + ".weight");
    if (!weight)
        throw std::invalid_argument("GOS distillation: the original layer's module has no parameter " + holder +
                                    ".weight");
    OriginalWeights w;
    w.groups = s.groups;
    w.weight = weight->detach().reshape({s.outChannels, s.in.channels / s.groups, s.kernel, s.kernel});
    if (const at::Tensor* bias = params.find(holder + ".bias"))
        w.bias = bias->detach();
    return w;
}

std::string weightsDigest(const torch::nn::Module& module) {
    std::uint64_t digest = 1469598103934665603ULL;
    auto add = [&digest](const std::string& name, const torch::Tensor& t) {
        digest = fnv1a(digest, name.data(), name.size());
        const torch::Tensor bytes = t.detach().to(torch::kCPU).contiguous();
        digest = fnv1a(digest, bytes.data_ptr(), bytes.nbytes());
    };
    for (const auto& p : module.named_parameters())
        add(p.key(), p.value());
    for (const auto& b : module.named_buffers())
        add(b.key(), b.value());
    char hex[24];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(digest));
    return hex;
}

LayerDistiller::LayerDistiller(LayerDistillationSettings settings, std::string cacheFolder)
    : m_settings(settings),
      m_cacheFolder(cacheFolder.empty() ? core::ArtefactCache::defaultFolder(kLayerDistillationKind)
                                        : std::move(cacheFolder)) {
    validate(m_settings);
}

std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>> LayerDistiller::split(std::int64_t count) const {
    if (count < 2)
        throw std::invalid_argument("GOS distillation: " + std::to_string(count) +
                                    " calibration samples; at least 2 are needed (one to train on, one held out)");
    const auto heldOut = std::clamp<std::int64_t>(std::llround(double(count) * m_settings.heldOutFraction), 1, count - 1);
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(m_settings.seed);
    const torch::Tensor order = torch::randperm(count, generator, torch::kLong);
    const std::int64_t* o = order.data_ptr<std::int64_t>();
    return {std::vector<std::int64_t>(o, o + heldOut), std::vector<std::int64_t>(o + heldOut, o + count)};
}

LayerDistillationResult LayerDistiller::distil(const OriginalLayer& original, const RewriteCandidate& candidate,
                                               const at::Tensor& inputs, const CalibrationRecipe& calibration) {
    const TensorShape& in = original.in;
    if (!inputs.defined() || inputs.dim() != 4 || inputs.size(1) != in.channels || inputs.size(2) != in.height ||
        inputs.size(3) != in.width)
        throw std::invalid_argument("GOS distillation: calibration inputs of shape " +
                                    (inputs.defined() ? c10::str(inputs.sizes()) : std::string("(none)")) +
                                    " do not match the layer's input [N, " + shapeText(in) + "]");
    const std::vector<core::Instruction> program = rewritableProgram(original.node, in);
    const OriginalWeights weights = layerWeights(original);
    const std::string digest = weightsDigest(*original.module);
    const core::ArtefactRecipe recipe =
        layerDistillationRecipe(program, in, digest, candidate.key, candidate.rules, calibration, m_settings);
    core::ArtefactCache cache(m_cacheFolder);
    if (const auto entry = cache.find(recipe)) {
        try {
            LayerDistillationResult cached = resultFromMeta(entry->metaJson);
            cached.fromCache = true;
            cached.weightsPath = entry->payloadPath;
            cached.cacheKey = recipe.key();
            return cached;
        } catch (const std::exception&) {
            // A damaged entry is distilled again and replaced below.
        }
    }

    const auto started = std::chrono::steady_clock::now();
    const auto [heldOutIndices, trainIndices] = split(inputs.size(0));
    const torch::Tensor x = inputs.detach().to(torch::kCPU, torch::kFloat).contiguous();
    const bool wasTraining = original.module->is_training();
    original.module->eval();
    const torch::Tensor y = forwardAll(*original.module, x);
    original.module->train(wasTraining);
    const auto index = [](const std::vector<std::int64_t>& v) { return torch::tensor(v, torch::kLong); };
    const torch::Tensor xHeld = x.index_select(0, index(heldOutIndices)), yHeld = y.index_select(0, index(heldOutIndices));
    const torch::Tensor xTrain = x.index_select(0, index(trainIndices)), yTrain = y.index_select(0, index(trainIndices));

    // The candidate runs in eval mode throughout: a norm inside it is then the fixed affine map
    // distillation can fit, not a batch statistic.
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(m_settings.seed + 1);
    const std::shared_ptr<models::NodeModule> module = programModule(candidate.program, in);
    drawDefaultInitialisation(*module, generator);
    const RewriteInitialisation initialisation = initialiseRewrite(candidate, in, weights, *module);
    module->eval();

    LayerDistillationResult result;
    result.trainSamples = static_cast<int>(trainIndices.size());
    result.heldOutSamples = static_cast<int>(heldOutIndices.size());
    result.initialError = normalisedError(forwardAll(*module, xHeld), yHeld);

    const std::vector<torch::Tensor> params = module->parameters();
    double best = normalisedError(forwardAll(*module, xTrain), yTrain);
    if (params.empty() || best <= m_settings.targetError) {
        result.stoppedEarly = true;  // nothing to train, or nothing left to learn
    } else {
        torch::AutoGradMode gradients(true);  // also when the caller runs without gradients
        torch::optim::Adam adam(params, torch::optim::AdamOptions(m_settings.learningRate));
        std::vector<torch::Tensor> bestWeights = snapshot(*module);
        double reference = best;  // the error an improvement is measured against
        int checksWithoutImprovement = 0;
        const std::int64_t trainCount = xTrain.size(0);
        const std::int64_t batch = std::min<std::int64_t>(m_settings.batchSize, trainCount);
        torch::Tensor order;
        std::int64_t cursor = trainCount;
        while (result.stepsRun < m_settings.steps) {
            if (cursor + batch > trainCount) {  // a new pass over the training samples
                order = torch::randperm(trainCount, generator, torch::kLong);
                cursor = 0;
            }
            const torch::Tensor picked = order.narrow(0, cursor, batch);
            cursor += batch;
            adam.zero_grad();
            const torch::Tensor loss =
                torch::mse_loss(module->forward(xTrain.index_select(0, picked)), yTrain.index_select(0, picked));
            loss.backward();
            adam.step();
            ++result.stepsRun;
            if (result.stepsRun % m_settings.checkInterval != 0 && result.stepsRun != m_settings.steps)
                continue;
            const double error = normalisedError(forwardAll(*module, xTrain), yTrain);
            if (error < best) {
                best = error;
                bestWeights = snapshot(*module);
            }
            if (error < reference * (1.0 - m_settings.minRelativeImprovement)) {
                reference = error;
                checksWithoutImprovement = 0;
            } else {
                ++checksWithoutImprovement;
            }
            if (error <= m_settings.targetError || checksWithoutImprovement >= m_settings.patience) {
                result.stoppedEarly = result.stepsRun < m_settings.steps;
                break;
            }
        }
        restore(*module, bestWeights);  // the weights with the lowest training-split error seen
    }
    result.heldOutError = normalisedError(forwardAll(*module, xHeld), yHeld);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ++m_trained;

    const nlohmann::json meta{{"key", recipe.key()},
                              {"candidate", candidate.key},
                              {"rules", candidate.rules},
                              {"initialisation", std::string(toString(initialisation))},
                              {"held_out_error", result.heldOutError},
                              {"initial_error", result.initialError},
                              {"steps_run", result.stepsRun},
                              {"stopped_early", result.stoppedEarly},
                              {"seconds", result.seconds},
                              {"train_samples", result.trainSamples},
                              {"held_out_samples", result.heldOutSamples},
                              {"recipe", nlohmann::json::parse(recipe.settingsJson)}};
    const core::ArtefactCache::Entry stored = cache.store(
        recipe,
        [&module](const std::string& path) {
            torch::serialize::OutputArchive archive;
            module->save(archive);
            archive.save_to(path);
        },
        meta.dump());
    result.weightsPath = stored.payloadPath;
    result.cacheKey = recipe.key();
    return result;
}

std::shared_ptr<models::NodeModule> LayerDistiller::loadDistilled(const RewriteCandidate& candidate,
                                                                  const TensorShape& in,
                                                                  const LayerDistillationResult& result) const {
    const std::shared_ptr<models::NodeModule> module = programModule(candidate.program, in);
    torch::serialize::InputArchive archive;
    archive.load_from(result.weightsPath);
    module->load(archive);
    module->eval();
    return module;
}

} // namespace edgenas::search
