// Trains HW-EvRSNAS's default reference model exactly as a run does (ResNet-20-like, all of
// Fashion-MNIST's training split, the settings' recipe), or loads it from the cache, and prints
// its test accuracy (whole test split), validation accuracy and the time. The reference is meant
// to be a real teacher: the exit status is 1 when the test accuracy is below 90 %.
// Usage: bench_reference [--data-dir DIR] [--folder CACHE] [--threads N] [--settings JSON]
//   --folder defaults to the user's reference cache (the one runs use); --settings overrides
//   evrsnas settings (e.g. '{"reference_epochs": 1}') to try another recipe.

#include "search/evrsnas/evrsnas_settings.h"
#include "search/evrsnas/reference_for_run.h"
#include "search/run_config.h"

#include "data/dataset_spec.h"
#include "models/torch_runtime.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

using namespace edgenas;

int main(int argc, char** argv) {
    try {
        search::RunConfig config;
        std::string settingsJson = "{}";
        std::string folder;
        int threads = 0;
        for (int i = 1; i + 1 < argc; i += 2) {
            const std::string key = argv[i], value = argv[i + 1];
            if (key == "--data-dir")
                config.datasetDirectory = value;
            else if (key == "--folder")
                folder = value;
            else if (key == "--threads")
                threads = std::stoi(value);
            else if (key == "--settings")
                settingsJson = value;
            else {
                std::fprintf(stderr, "bench_reference: unknown option %s\n", key.c_str());
                return 2;
            }
        }
        nlohmann::json settings = nlohmann::json::parse(settingsJson);
        if (!folder.empty())
            settings["reference_folder"] = folder;
        const search::EvrsnasSettings s = search::evrsnasSettingsFromJson(settings.dump());
        models::setThreadCount(threads);

        const auto start = std::chrono::steady_clock::now();
        const data::Dataset train =
            data::loadDataset({config.dataset, config.datasetDirectory}, data::DatasetPart::Train);
        int reported = -1;
        const proxies::ReferenceModel reference = search::referenceFor(
            config, s, train, {}, [&](const models::TrainProgress& p) {
                const int percent = static_cast<int>(100 * p.fraction);
                if (percent / 5 != reported / 5) {
                    reported = percent;
                    std::fprintf(stderr, "training the reference: %3d %% (epoch %d/%d, loss %.3f)\n", percent,
                                 p.epoch + 1, p.epochs, p.loss);
                }
            });
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const models::TrainConfig recipe = search::referenceTrainConfig(s);
        std::printf("reference model %s (%s)\n", reference.key.c_str(), reference.fromCache ? "loaded from the cache" : "trained now");
        std::printf("  recipe: %s\n", proxies::ReferenceModelCache::recipe(recipe).c_str());
        std::printf("  test accuracy:       %.4f (trained; whole %s test split)\n", reference.testAccuracy,
                    config.dataset.c_str());
        std::printf("  validation accuracy: %.4f (trained; %zu validation images)\n", reference.validationAccuracy,
                    recipe.validationSubset);
        std::printf("  time: %.1f s %s on %d LibTorch threads\n", seconds,
                    reference.fromCache ? "to load" : "to train and test", models::threadCount());
        const bool teacher = reference.testAccuracy >= 0.90;
        std::printf("  check: test accuracy >= 0.90: %s\n", teacher ? "PASS" : "FAIL");
        return teacher ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_reference: %s\n", e.what());
        return 2;
    }
}
