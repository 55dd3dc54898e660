// Prints the time of GOS's per-layer distillation at the defaults (100 steps, Adam 1e-3, batch
// 64, 512 calibration samples, a quarter held out) for every depth-1 candidate of a 3x3
// convolution 16 -> 32 on 16 x 8 x 8, on one thread, and the time of the same calls answered by
// the artefact cache. The layer has LibTorch's default random weights and the calibration inputs
// are standard normal (no trained model): the errors are proxies of this synthetic layer only.
// Usage: bench_gos_distillation [samples]

#include <torch/torch.h>

#include "models/node_module.h"
#include "models/operator_lowering.h"
#include "search/gos/layer_distiller.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

using namespace edgenas;

int main(int argc, char** argv) {
    const int samples = argc > 1 ? std::atoi(argv[1]) : 512;
    torch::set_num_threads(1);
    torch::manual_seed(15);
    const core::Node node{.id = 1, .op = core::OpType::Conv, .outChannels = 32, .kernel = 3, .padding = 1, .bias = true};
    const core::TensorShape in{16, 8, 8};
    const search::OriginalLayer original{node, in, models::operatorLowering(node.op).makeModule(node, in, 10)};
    const torch::Tensor x = torch::randn({samples, in.channels, in.height, in.width});
    const search::CalibrationRecipe calibration{"bench-random-layer", "standard-normal", samples, 0};
    const std::string folder =
        (std::filesystem::temp_directory_path() / ("edgenas-bench-gos-" + std::to_string(::getpid()))).string();

    search::LayerDistiller distiller({}, folder);
    const auto candidates = search::rewriteCandidates(node, in);
    std::printf("3x3 conv 16->32 on 16x8x8, %d calibration samples, 1 thread, defaults (measured)\n", samples);
    std::printf("%-34s %9s %10s %10s %6s %6s %8s\n", "candidate", "MACs", "error0", "error", "steps", "early", "seconds");
    double total = 0.0;
    for (const search::RewriteCandidate& c : candidates) {
        const search::LayerDistillationResult r = distiller.distil(original, c, x, calibration);
        total += r.seconds;
        std::string rules;
        for (const std::string& rule : c.rules)
            rules += (rules.empty() ? "" : "+") + rule;
        std::printf("%-34s %9lld %10.4f %10.4f %6d %6s %8.3f\n", rules.c_str(), static_cast<long long>(c.macs),
                    r.initialError, r.heldOutError, r.stepsRun, r.stoppedEarly ? "yes" : "no", r.seconds);
    }
    std::printf("mean per candidate: %.3f s over %zu candidates (measured)\n", total / double(candidates.size()),
                candidates.size());

    const auto started = std::chrono::steady_clock::now();
    for (const search::RewriteCandidate& c : candidates)
        distiller.distil(original, c, x, calibration);
    const double cached = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("cache hits: %.4f s per candidate, %d trained in total (measured)\n",
                cached / double(candidates.size()), distiller.distillationsTrained());
    std::filesystem::remove_all(folder);
    return 0;
}
