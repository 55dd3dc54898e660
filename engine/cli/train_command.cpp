#include "cli_support.h"
#include "commands.h"
#include "progress_bar.h"

#include "core/architecture_json.h"
#include "core/errors.h"
#include "data/dataset_spec.h"
#include "models/trainer.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace edgenas::cli {

int runTrain(const std::vector<std::string>& args) {
    const CommandLine line(args,
                           {"threads", "dataset", "data-dir", "epochs", "subset", "validation-subset", "batch",
                            "optimizer", "lr", "momentum", "weight-decay", "seed", "save-weights"},
                           {"json", "test", "no-cosine"});
    const std::string path = line.onePositional("architecture file (ARCH.json)");
    const data::DatasetSpec spec = datasetSpecFrom(line);

    models::TrainConfig config;
    config.optimizer = line.text("optimizer", config.optimizer);
    if (config.optimizer != "sgd" && config.optimizer != "adam")
        throw core::InputError("option --optimizer must be sgd or adam, got '" + config.optimizer + "'");
    config.learningRate = line.real("lr", config.optimizer == "adam" ? 1e-3 : config.learningRate, 1e-8, 10.0);
    config.momentum = line.real("momentum", config.momentum, 0.0, 0.9999);
    config.weightDecay = line.real("weight-decay", config.weightDecay, 0.0, 1.0);
    config.epochs = static_cast<int>(line.integer("epochs", config.epochs, 1, 10000));
    config.batchSize = static_cast<int>(line.integer("batch", config.batchSize, 1, 65536));
    config.trainSubset = static_cast<std::size_t>(line.integer("subset", 0, 0, 1LL << 31));
    config.validationSubset = static_cast<std::size_t>(line.integer("validation-subset", 0, 0, 1LL << 31));
    config.seed = static_cast<std::uint64_t>(line.integer("seed", 1, 0, 1LL << 62));
    config.cosineSchedule = !line.flag("no-cosine");

    core::Architecture arch = core::loadArchitectureFile(path);
    // The data set first: a missing or damaged folder is the more basic problem to report.
    const data::Dataset trainSet = data::loadDataset(spec, data::DatasetPart::Train);
    std::optional<data::Dataset> testSet;
    if (line.flag("test"))
        testSet = data::loadDataset(spec, data::DatasetPart::Test);
    const core::TensorShape expected = data::datasetInputShape(spec.name);
    if (!(arch.input == expected))
        throw core::InputError(path + ": the architecture takes " + std::to_string(arch.input.channels) + "x" +
                               std::to_string(arch.input.height) + "x" + std::to_string(arch.input.width) +
                               " inputs but " + spec.name + " has " + std::to_string(expected.channels) + "x" +
                               std::to_string(expected.height) + "x" + std::to_string(expected.width));
    if (arch.numClasses != data::datasetClassCount(spec.name))
        throw core::InputError(path + ": the architecture has " + std::to_string(arch.numClasses) + " classes but " +
                               spec.name + " has " + std::to_string(data::datasetClassCount(spec.name)));
    const int threads = applyThreadOption(line);


    InterruptGuard interrupt;
    models::Trainer trainer(config);
    ProgressBar bar("train");
    trainer.setProgressCallback([&bar](const models::TrainProgress& p) {
        char detail[96];
        std::snprintf(detail, sizeof detail, "epoch %d/%d  loss %.4f  acc %.1f%%", p.epoch + 1, p.epochs, p.loss,
                      p.accuracySoFar * 100.0);
        bar.update(p.fraction, detail);
    });
    trainer.setCancelPredicate([] { return InterruptGuard::interrupted(); });
    const models::TrainResult result = trainer.train(arch, trainSet, testSet ? &*testSet : nullptr);
    bar.finish();

    if (auto weights = line.value("save-weights"))
        trainer.model()->saveWeights(*weights);

    nlohmann::ordered_json out{
        {"architecture", path},
        {"dataset", spec.name},
        {"epochs", result.epochs},
        {"train_samples", result.trainSamples},
        {"validation_samples", result.validationSamples},
        {"train_loss", result.trainLoss},
        {"train_accuracy", result.trainAccuracy},
        {"validation_accuracy", result.validationAccuracy},
        {"seconds", result.seconds},
        {"threads", threads},
        {"seed", config.seed},
    };
    if (result.testAccuracy >= 0)
        out["test_accuracy"] = result.testAccuracy;
    if (line.flag("json")) {
        std::printf("%s\n", out.dump(2).c_str());
        return kExitOk;
    }
    std::printf("trained %s on %s: %d epoch(s), %zu training images, %.1f s\n", path.c_str(), spec.name.c_str(),
                result.epochs, result.trainSamples, result.seconds);
    std::printf("validation accuracy  %.2f %%  (%zu images)\n", result.validationAccuracy * 100.0,
                result.validationSamples);
    if (result.testAccuracy >= 0)
        std::printf("test accuracy        %.2f %%\n", result.testAccuracy * 100.0);
    if (auto weights = line.value("save-weights"))
        std::printf("weights written to   %s\n", weights->c_str());
    return kExitOk;
}

} // namespace edgenas::cli
