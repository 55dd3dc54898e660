#include "reference_model_cache.h"

#include "core/artefact_cache.h"

#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "core/errors.h"
#include "models/torch_runtime.h"
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

std::string ReferenceModelCache::defaultFolder() { return core::ArtefactCache::defaultFolder("reference-model"); }

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

std::string ReferenceModelCache::recipe(const models::TrainConfig& train) {
    // validationSubset is left out: it changes only the reported accuracy, not the weights.
    const nlohmann::json j{{"code_version", kCodeVersion},
                           {"torch", models::torchVersion()},
                           {"optimizer", train.optimizer},
                           {"learning_rate", train.learningRate},
                           {"momentum", train.momentum},
                           {"weight_decay", train.weightDecay},
                           {"nesterov", train.nesterov},
                           {"schedule", train.cosineSchedule ? "cosine" : "constant"},
                           {"epochs", train.epochs},
                           {"batch", train.batchSize},
                           {"train_subset", train.trainSubset},
                           {"validation_fraction", train.validationFraction},
                           {"seed", train.seed}};
    return j.dump();
}

core::ArtefactRecipe ReferenceModelCache::artefactRecipe(const core::Architecture& architecture,
                                                          const std::string& dataset,
                                                          const models::TrainConfig& train) {
    // The readable part names the main settings; the digest covers the whole recipe.
    return {"reference-model",
            core::canonicalHash(architecture) + "-" + dataset + "-e" + std::to_string(train.epochs) + "-n" +
                std::to_string(train.trainSubset) + "-b" + std::to_string(train.batchSize) + "-s" +
                std::to_string(train.seed),
            recipe(train), ".pt"};
}

std::string ReferenceModelCache::key(const core::Architecture& architecture, const std::string& dataset,
                                     const models::TrainConfig& train) {
    return artefactRecipe(architecture, dataset, train).key();
}

bool ReferenceModelCache::contains(const core::Architecture& architecture, const std::string& dataset,
                                   const models::TrainConfig& train) const {
    return core::ArtefactCache(m_folder).contains(artefactRecipe(architecture, dataset, train));
}

ReferenceModel ReferenceModelCache::obtain(const core::Architecture& architecture, const data::Dataset& trainSet,
                                           const models::TrainConfig& train, const models::ProgressCallback& progress,
                                           const models::CancelPredicate& cancel, const data::Dataset* testSet) {
    core::ArtefactCache cache(m_folder);
    const core::ArtefactRecipe artefact = artefactRecipe(architecture, trainSet.name, train);
    ReferenceModel result{models::TrainedModel(architecture, train.seed), cache.payloadPath(artefact), -1.0, -1.0,
                          false, artefact.key()};
    if (const auto entry = cache.find(artefact)) {
        try {
            result.model.loadWeights(entry->payloadPath);
            const nlohmann::json j = nlohmann::json::parse(entry->metaJson);
            result.validationAccuracy = j.at("validation_accuracy").get<double>();
            result.testAccuracy = j.value("test_accuracy", -1.0);
            result.fromCache = true;
            return result;
        } catch (const std::exception&) {
            // A damaged entry is trained again and replaced below.
        }
    }

    models::Trainer trainer(train);
    if (progress)
        trainer.setProgressCallback(progress);
    if (cancel)
        trainer.setCancelPredicate(cancel);
    const models::TrainResult trained = trainer.train(architecture, trainSet, testSet);
    result.model = *trainer.takeModel();
    result.validationAccuracy = trained.validationAccuracy;
    result.testAccuracy = trained.testAccuracy;

    const nlohmann::json meta{{"key", result.key},
                              {"dataset", trainSet.name},
                              {"validation_accuracy", trained.validationAccuracy},
                              {"test_accuracy", trained.testAccuracy},
                              {"recipe", nlohmann::json::parse(recipe(train))},
                              {"train_accuracy", trained.trainAccuracy},
                              {"epochs", train.epochs},
                              {"train_subset", train.trainSubset},
                              {"seed", train.seed},
                              {"seconds", trained.seconds},
                              {"architecture", nlohmann::json::parse(core::toJson(architecture, -1))}};
    cache.store(artefact, [&](const std::string& path) { result.model.saveWeights(path); }, meta.dump(2));
    return result;
}

ReferenceModel ReferenceModelCache::loadUserModel(const std::string& architecturePath, const std::string& weightsPath,
                                                  const data::Dataset* testSet,
                                                  const models::CancelPredicate& cancel) {
    ReferenceModel result{models::TrainedModel(core::loadArchitectureFile(architecturePath), 1), weightsPath, -1.0,
                          -1.0, true, {}};
    result.model.loadWeights(weightsPath);
    // Measured, not taken on trust: the report shows what the teacher really scores.
    if (testSet)
        result.testAccuracy = models::evaluateAccuracy(result.model, *testSet, {}, 256, cancel);
    return result;
}

} // namespace edgenas::proxies
