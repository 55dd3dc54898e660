#include "hadas_settings.h"

#include "search/method_settings_json.h"
#include "search/settings_schema.h"

#include "core/errors.h"

#include <nlohmann/json.hpp>


namespace edgenas::search {

using nlohmann::json;

const std::vector<SettingDescriptor>& hadasSettingsSchema() {
    static const HadasSettings d;
    static const std::vector<SettingDescriptor> schema{
        choiceSetting("strategy", {"nsga2", "random"}, d.strategy,
                      "nsga2: the nested search; random: the same numbers of backbones, inner searches and settings "
                      "drawn at random at both levels (a baseline)"),
        integerSetting("outer_population", 2, 100000, d.outerPopulation, "backbones evaluated per outer generation (paper: 64)"),
        integerSetting("outer_generations", 1, 10000, d.outerGenerations, "outer generations (paper: 7)"),
        integerSetting("outer_survivors", 1, 10000, d.outerSurvivors,
                       "backbones per generation that get exit heads and an inner search (paper: 10)"),
        integerSetting("outer_parents", 1, 10000, d.outerParents,
                       "backbones the next generation is bred from, chosen by their inner fronts' knee points (paper: 5)"),
        booleanSetting("elitist", d.elitist,
                       "choose parents among every backbone searched so far (ours; the code keeps only this generation's)"),
        integerSetting("inner_population", 2, 100000, d.innerPopulation, "exit/threshold/DVFS settings per inner generation (paper: 10)"),
        integerSetting("inner_generations", 1, 10000, d.innerGenerations, "inner generations per backbone (paper: 5)"),
        numberSetting("mutation_probability", 0.0, 1.0, d.mutationProbability, "per-gene mutation probability"),
        numberSetting("crossover_probability", 0.0, 1.0, d.crossoverProbability,
                      "probability a gene of a child comes from its first parent (uniform crossover)"),
        choiceSetting("exit_rule", {"threshold", "oracle", "mean"}, d.exitRule,
                      "threshold: leave at the first exit whose calibrated softmax confidence reaches the threshold "
                      "(deployable); oracle: at the first correct exit (an upper bound, not deployable); mean: the "
                      "public code's unweighted mean over the chosen exits"),
        textSetting("thresholds", "0.5,0.6,0.7,0.8,0.9,0.95,1.0", "confidence thresholds the threshold rule's gene chooses from"),
        integerSetting("min_exit_block", 0, 1000, d.minExitBlock, "first block (0-based) an exit head may follow"),
        integerSetting("head_width", 0, 4096, d.headWidth,
                       "exit head: 1x1 conv to this width, BN, swish, pool, linear (0: pool and linear only)"),
        integerSetting("supernet_epochs", 1, 1000, d.supernetEpochs, "weight-sharing supernet training epochs (sandwich rule)"),
        integerSetting("supernet_subset", 64, 10000000, d.supernetSubset, "training images for the supernet"),
        integerSetting("head_epochs", 1, 1000, d.headEpochs, "exit-head training epochs on frozen features"),
        integerSetting("recalibration_batches", 1, 1000, d.recalibrationBatches,
                       "BN recalibration batches (of 128 training images) per subnet"),
        integerSetting("validation_subset", 0, 10000000, d.validationSubset,
                       "validation images backbones and exit tables are scored on (0: the whole validation split)"),
        integerSetting("fidelity_subnets", 0, 1000, d.fidelitySubnets,
                       "if > 0: Kendall tau of supernet against standalone accuracy over this many subnets (use >= 10)"),
        integerSetting("fidelity_epochs", 1, 1000, d.fidelityEpochs, "standalone training epochs of the fidelity subnets"),
    };
    return schema;
}


HadasSettings hadasSettingsFromJson(const std::string& text) {
    const json j = methodSettingsObject(text);
    checkSettings("hadas", hadasSettingsSchema(), j);
    HadasSettings s;
    s.strategy = j.value("strategy", s.strategy);
    s.outerPopulation = j.value("outer_population", s.outerPopulation);
    s.outerGenerations = j.value("outer_generations", s.outerGenerations);
    s.outerSurvivors = j.value("outer_survivors", s.outerSurvivors);
    s.outerParents = j.value("outer_parents", s.outerParents);
    s.elitist = j.value("elitist", s.elitist);
    s.innerPopulation = j.value("inner_population", s.innerPopulation);
    s.innerGenerations = j.value("inner_generations", s.innerGenerations);
    s.mutationProbability = j.value("mutation_probability", s.mutationProbability);
    s.crossoverProbability = j.value("crossover_probability", s.crossoverProbability);
    s.exitRule = j.value("exit_rule", s.exitRule);
    s.thresholds = numberListSetting(j.value("thresholds", std::string("0.5,0.6,0.7,0.8,0.9,0.95,1.0")),
                                     {"thresholds", "confidence", 0.0, 1.0, false, "0.5,0.7,0.9", "0.9"});
    s.minExitBlock = j.value("min_exit_block", s.minExitBlock);
    s.headWidth = j.value("head_width", s.headWidth);
    s.supernetEpochs = j.value("supernet_epochs", s.supernetEpochs);
    s.supernetSubset = j.value("supernet_subset", s.supernetSubset);
    s.headEpochs = j.value("head_epochs", s.headEpochs);
    s.recalibrationBatches = j.value("recalibration_batches", s.recalibrationBatches);
    s.validationSubset = j.value("validation_subset", s.validationSubset);
    s.fidelitySubnets = j.value("fidelity_subnets", s.fidelitySubnets);
    s.fidelityEpochs = j.value("fidelity_epochs", s.fidelityEpochs);
    if (s.outerSurvivors > s.outerPopulation)
        throw core::InputError("settings.outer_survivors (" + std::to_string(s.outerSurvivors) +
                               ") cannot exceed settings.outer_population (" + std::to_string(s.outerPopulation) + ")");
    if (!s.elitist && s.outerParents > s.outerSurvivors)
        throw core::InputError("settings.outer_parents (" + std::to_string(s.outerParents) +
                               ") cannot exceed settings.outer_survivors without elitism");
    return s;
}

} // namespace edgenas::search
