#include "reference_model_cache.h"

#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "core/errors.h"
#include "spaces/graph_builder.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace edgenas::proxies {

namespace fs = std::filesystem;

ReferenceModelCache::ReferenceModelCache(std::string folder)
    : m_folder(folder.empty() ? defaultFolder() : std::move(folder)) {}

std::string ReferenceModelCache::defaultFolder() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return (fs::path(xdg) / "edgenas" / "reference-models").string();
    if (const char* home = std::getenv("HOME"); home && *home)
        return (fs::path(home) / ".local" / "share" / "edgenas" / "reference-models").string();
    return (fs::current_path() / "edgenas-reference-models").string();
}

core::Architecture ReferenceModelCache::resnetLike(core::TensorShape input, int numClasses, int width,
                                                   int blocksPerStage) {
    if (width < 1 || blocksPerStage < 1)
        throw core::InputError("a ResNet-like reference needs width and blocks per stage of at least 1");
    spaces::GraphBuilder g(input, numClasses);
    int x = g.input();
    x = g.relu(g.batchNorm(g.conv(x, width, 3, 1, 1, "stem/conv"), "stem/bn"), "stem/relu");
    int channels = width;
    for (int stage = 0; stage < 3; ++stage) {
        const int out = width << stage;
        for (int block = 0; block < blocksPerStage; ++block) {
            const std::string p = "layer" + std::to_string(stage + 1) + "." + std::to_string(block);
            const int stride = (stage > 0 && block == 0) ? 2 : 1;
            int y = g.relu(g.batchNorm(g.conv(x, out, 3, stride, 1, p + "/conv1"), p + "/bn1"), p + "/relu1");
            y = g.batchNorm(g.conv(y, out, 3, 1, 1, p + "/conv2"), p + "/bn2");
            int shortcut = x;
            if (stride != 1 || channels != out)
                shortcut = g.batchNorm(g.pointwise(x, out, p + "/shortcut", stride), p + "/shortcut_bn");
            x = g.relu(g.identity({y, shortcut}, p + "/add"), p + "/relu2");
            channels = out;
        }
    }
    x = g.globalAvgPool(x, "pool");
    g.linear(x, numClasses, "fc");
    core::Architecture arch = g.take();
    arch.metadata["model"] = "resnet" + std::to_string(6 * blocksPerStage + 2) + "-like";
    return arch;
}

std::string ReferenceModelCache::key(const core::Architecture& architecture, const std::string& dataset,
                                     const models::TrainConfig& train) {
    std::string k = core::canonicalHash(architecture) + "-" + dataset + "-s" + std::to_string(train.seed) + "-e" +
                    std::to_string(train.epochs) + "-n" + std::to_string(train.trainSubset);
    // Batch and learning rate change the weights too; they are named only when they differ from
    // the recipe every earlier entry was trained with (batch 128, lr 0.05), so those stay valid.
    // Fixed numbers, not TrainConfig's defaults: those may change, the old entries do not.
    constexpr int kLegacyBatch = 128;
    constexpr double kLegacyRate = 0.05;
    if (train.batchSize != kLegacyBatch || train.learningRate != kLegacyRate) {
        char rate[32];
        std::snprintf(rate, sizeof rate, "%g", train.learningRate);
        k += "-b" + std::to_string(train.batchSize) + "-lr" + rate;
    }
    return k;
}

bool ReferenceModelCache::contains(const core::Architecture& architecture, const std::string& dataset,
                                   const models::TrainConfig& train) const {
    const fs::path base = fs::path(m_folder) / key(architecture, dataset, train);
    return fs::exists(base.string() + ".pt") && fs::exists(base.string() + ".json");
}

ReferenceModel ReferenceModelCache::obtain(const core::Architecture& architecture, const data::Dataset& trainSet,
                                           const models::TrainConfig& train, const models::ProgressCallback& progress,
                                           const models::CancelPredicate& cancel) {
    ReferenceModel result{models::TrainedModel(architecture, train.seed), {}, -1.0, false,
                          key(architecture, trainSet.name, train)};
    const fs::path base = fs::path(m_folder) / result.key;
    result.weightsPath = base.string() + ".pt";
    const std::string sidecar = base.string() + ".json";
    if (fs::exists(result.weightsPath) && fs::exists(sidecar)) {
        try {
            result.model.loadWeights(result.weightsPath);
            std::ifstream in(sidecar);
            const nlohmann::json j = nlohmann::json::parse(in);
            result.validationAccuracy = j.at("validation_accuracy").get<double>();
            result.fromCache = true;
            return result;
        } catch (const std::exception&) {
            // A damaged or half-written entry is trained again and replaced below.
        }
    }

    models::Trainer trainer(train);
    if (progress)
        trainer.setProgressCallback(progress);
    if (cancel)
        trainer.setCancelPredicate(cancel);
    const models::TrainResult trained = trainer.train(architecture, trainSet);
    result.model = *trainer.takeModel();
    result.validationAccuracy = trained.validationAccuracy;

    std::error_code ec;
    fs::create_directories(m_folder, ec);
    if (ec)
        throw core::InputError("cannot create the reference-model folder " + m_folder + ": " + ec.message());
    // Write beside, then rename: a run killed half-way never leaves a truncated entry behind.
    const std::string tmpWeights = result.weightsPath + ".tmp";
    result.model.saveWeights(tmpWeights);
    const nlohmann::json meta{{"key", result.key},
                              {"dataset", trainSet.name},
                              {"validation_accuracy", trained.validationAccuracy},
                              {"train_accuracy", trained.trainAccuracy},
                              {"epochs", train.epochs},
                              {"train_subset", train.trainSubset},
                              {"seed", train.seed},
                              {"seconds", trained.seconds},
                              {"architecture", nlohmann::json::parse(core::toJson(architecture, -1))}};
    {
        std::ofstream out(sidecar + ".tmp");
        out << meta.dump(2) << '\n';
        if (!out)
            throw core::InputError("cannot write " + sidecar);
    }
    fs::rename(tmpWeights, result.weightsPath, ec);
    if (!ec)
        fs::rename(sidecar + ".tmp", sidecar, ec);
    if (ec)
        throw core::InputError("cannot store the reference model in " + m_folder + ": " + ec.message());
    return result;
}

ReferenceModel ReferenceModelCache::loadUserModel(const std::string& architecturePath, const std::string& weightsPath) {
    ReferenceModel result{models::TrainedModel(core::loadArchitectureFile(architecturePath), 1), weightsPath, -1.0,
                          true, {}};
    result.model.loadWeights(weightsPath);
    return result;
}

} // namespace edgenas::proxies
