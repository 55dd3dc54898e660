#include "layer_distillation.h"

#include "core/instruction.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace edgenas::search {

core::ArtefactRecipe layerDistillationRecipe(const std::vector<core::Instruction>& originalProgram,
                                             const core::TensorShape& in, const std::string& weightsDigest,
                                             const std::string& candidateKey, const std::vector<std::string>& rules,
                                             const CalibrationRecipe& calibration,
                                             const LayerDistillationSettings& s) {
    const std::string shape =
        std::to_string(in.channels) + "x" + std::to_string(in.height) + "x" + std::to_string(in.width);
    const nlohmann::json settings{
        {"version", kLayerDistillationVersion},
        {"original", {{"program", core::programKey(originalProgram)}, {"in", shape}, {"weights", weightsDigest}}},
        {"candidate", {{"program", candidateKey}, {"rules", rules}}},
        {"calibration",
         {{"model", calibration.model},
          {"dataset", calibration.dataset},
          {"samples", calibration.samples},
          {"seed", calibration.seed}}},
        {"steps", s.steps},
        {"learning_rate", s.learningRate},
        {"batch", s.batchSize},
        {"held_out_fraction", s.heldOutFraction},
        {"check_interval", s.checkInterval},
        {"patience", s.patience},
        {"min_relative_improvement", s.minRelativeImprovement},
        {"target_error", s.targetError},
        {"seed", s.seed}};
    // The readable start: the weights digest (which layer) and the step budget.
    return {kLayerDistillationKind, weightsDigest.substr(0, 16) + "-s" + std::to_string(s.steps), settings.dump(),
            ".pt"};
}

void validate(const LayerDistillationSettings& s) {
    auto fail = [](const std::string& what) { throw std::invalid_argument("GOS layer distillation: " + what); };
    if (s.steps < 0)
        fail("steps must be 0 or more, not " + std::to_string(s.steps));
    if (!(s.learningRate > 0.0))
        fail("the learning rate must be positive, not " + std::to_string(s.learningRate));
    if (s.batchSize < 1)
        fail("the batch size must be at least 1, not " + std::to_string(s.batchSize));
    if (!(s.heldOutFraction > 0.0 && s.heldOutFraction < 1.0))
        fail("the held-out fraction must lie in (0, 1), not " + std::to_string(s.heldOutFraction));
    if (s.checkInterval < 1)
        fail("the check interval must be at least 1 step, not " + std::to_string(s.checkInterval));
    if (s.patience < 1)
        fail("the patience must be at least 1 check, not " + std::to_string(s.patience));
    if (!(s.minRelativeImprovement >= 0.0 && s.minRelativeImprovement < 1.0))
        fail("the minimum relative improvement must lie in [0, 1), not " + std::to_string(s.minRelativeImprovement));
    if (!(s.targetError >= 0.0))
        fail("the target error must be 0 or more, not " + std::to_string(s.targetError));
}

} // namespace edgenas::search
