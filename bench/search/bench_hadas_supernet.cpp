// HADAS's weight-sharing supernet with the defaults (reduced layout, 20,000 Fashion-MNIST
// training images, 5 sandwich epochs) trained once into a cache folder, then loaded. Prints the
// measured time per epoch, inherited-weight validation accuracies (after BN recalibration) of
// both ends of the space and of random backbones, the measured time to train one backbone's exit
// heads with their per-exit accuracies and temperatures, and with --fidelity the Kendall tau of
// inherited against stand-alone-trained accuracy.
// Usage: bench_hadas_supernet [--data-dir DIR] [--folder CACHE] [--threads N] [--settings JSON]
//                             [--fidelity 1]
//   --folder defaults to the user's artefact cache folders (the ones runs use).

#include "search/hadas/hadas_supernet.h"

#include "data/dataset_spec.h"
#include "models/torch_runtime.h"
#include "spaces/attentive_space.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

using namespace edgenas;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string describe(const spaces::AttentiveSpace& space, const spaces::AttentiveBackbone& b) {
    return spaces::genomeToIntList(space.genomeOf(b)) + " (" + std::to_string(b.blockCount()) + " blocks)";
}

// ExitOutcomes::accuracy() computed here, so the bench does not depend on the exit-table helpers.
double share(const search::ExitOutcomes& o) {
    double correct = 0.0;
    for (auto c : o.correct)
        correct += c;
    return o.correct.empty() ? -1.0 : correct / double(o.correct.size());
}

} // namespace

int main(int argc, char** argv) {
    models::restartWithPassiveOpenMp(argv);
    try {
        data::DatasetSpec spec;
        std::string folder, settingsJson = "{}";
        int threads = 2;
        bool fidelity = false;
        for (int i = 1; i + 1 < argc; i += 2) {
            const std::string key = argv[i], value = argv[i + 1];
            if (key == "--data-dir")
                spec.directory = value;
            else if (key == "--folder")
                folder = value;
            else if (key == "--threads")
                threads = std::stoi(value);
            else if (key == "--settings")
                settingsJson = value;
            else if (key == "--fidelity")
                fidelity = value != "0";
            else {
                std::fprintf(stderr, "bench_hadas_supernet: unknown option %s\n", key.c_str());
                return 2;
            }
        }
        search::HadasSupernetSettings settings = search::HadasSupernetSettings::fromJson(settingsJson);
        settings.threads = threads;
        auto train = std::make_shared<const data::Dataset>(data::loadDataset(spec, data::DatasetPart::Train));
        auto test = std::make_shared<const data::Dataset>(data::loadDataset(spec, data::DatasetPart::Test));
        spaces::SpaceOptions options;
        options.input = {train->channels, train->height, train->width};
        options.numClasses = train->numClasses;
        const spaces::AttentiveSpace space(options);
        std::printf("layout %s, %s, %d LibTorch threads (%s)\n", space.layout().name.c_str(), train->name.c_str(),
                    threads, models::blasLibrary().c_str());

        auto start = std::chrono::steady_clock::now();
        auto epochStart = start;
        int lastEpoch = -1;
        auto supernet = search::HadasSupernet::obtain(
            space, train, test, settings, folder, [&](const search::HadasSupernetProgress& p) {
                if (p.epoch != lastEpoch) {
                    lastEpoch = p.epoch;
                    epochStart = std::chrono::steady_clock::now();
                }
                if (p.step + 1 == p.steps) {
                    std::printf("  epoch %d/%d: loss %.4f, %.1f s (measured)\n", p.epoch + 1, p.epochs, p.loss,
                                secondsSince(epochStart));
                    std::fflush(stdout);
                }
            });
        std::printf("supernet %s: %s in %.1f s; %zu training images; seconds per epoch %.1f (measured)\n",
                    supernet->key().c_str(), supernet->fromCache() ? "loaded" : "trained", secondsSince(start),
                    supernet->trainIndices().size(), supernet->secondsPerEpoch());
        for (std::size_t e = 0; e < supernet->epochLosses().size(); ++e)
            std::printf("  epoch loss %zu: %.4f\n", e + 1, supernet->epochLosses()[e]);

        std::vector<spaces::AttentiveBackbone> backbones{space.smallest(), space.largest()};
        spaces::Rng rng(42);
        for (int i = 0; i < 3; ++i)
            backbones.push_back(space.backboneOf(space.sample(rng)));
        for (const auto& b : backbones) {
            start = std::chrono::steady_clock::now();
            const double accuracy = supernet->validationAccuracy(b);
            std::printf("inherited validation accuracy %.4f (trained, supernet) of %s; %.1f s with recalibration\n",
                        accuracy, describe(space, b).c_str(), secondsSince(start));
        }

        // Heads at every block from 2 on of a mid-size backbone.
        const spaces::AttentiveBackbone backbone = backbones[2];
        std::vector<int> blocks;
        for (int b = 2; b < backbone.blockCount() - 1; ++b)
            blocks.push_back(b);
        start = std::chrono::steady_clock::now();
        const auto [validation, testTable] = supernet->exitTables(backbone, blocks);
        std::printf("exit heads of %s at %zu blocks: %.1f s (measured, training + both tables)\n",
                    describe(space, backbone).c_str(), blocks.size(), secondsSince(start));
        for (std::size_t k = 0; k < validation.exits.size(); ++k)
            std::printf("  exit at block %2d: validation %.4f, test %.4f, T %.3f\n", validation.exits[k].block,
                        share(validation.exits[k]), share(testTable.exits[k]), validation.exits[k].temperature);
        std::printf("  final head:        validation %.4f, test %.4f, T %.3f\n", share(validation.final),
                    share(testTable.final), validation.final.temperature);

        if (fidelity) {
            start = std::chrono::steady_clock::now();
            const search::FidelityReport report = supernet->fidelity();
            std::printf("fidelity (%s, %.1f s): Kendall tau %.3f [%.3f, %.3f], sd inherited %.4f, stand-alone %.4f\n",
                        report.fromCache ? "cached" : "measured now", secondsSince(start), report.kendallTau,
                        report.tauLow, report.tauHigh, report.inheritedSd, report.standaloneSd);
            for (const auto& s : report.subnets)
                std::printf("  %8.2f MMACs: inherited %.4f, stand-alone %.4f\n", s.macs / 1e6, s.inheritedAccuracy,
                            s.standaloneAccuracy);
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_hadas_supernet: %s\n", e.what());
        return 1;
    }
}
