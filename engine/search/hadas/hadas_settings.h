#pragma once

#include "search/method_descriptor.h"

#include <string>
#include <vector>

namespace edgenas::search {

/// HADAS's parameters (research notes, methods-hadas-gram.md 1.4). The backbone space and the
/// device come from the run's config. Where we deliberately differ from the public code the
/// setting says so (see hadasSettingsSchema's help texts and the README).
struct HadasSettings {
    /// "nsga2", or "random": the same numbers of backbones, inner searches and settings drawn at
    /// random at both levels (the baseline the experiment compares with).
    std::string strategy = "nsga2";
    // Outer level: backbones.
    int outerPopulation = 12;      ///< backbones evaluated per outer generation (paper 64)
    int outerGenerations = 3;      ///< (paper 7)
    int outerSurvivors = 3;        ///< backbones per generation that get exit heads and an inner search (paper 10)
    int outerParents = 2;          ///< backbones the next generation is bred from, by their inner fronts' knees (paper 5)
    /// Parents are chosen among every backbone searched so far, not only this generation's
    /// (the code discards earlier generations: an elitist choice of ours).
    bool elitist = true;
    // Inner level: exits, rule threshold and DVFS point of one backbone.
    int innerPopulation = 8;       ///< (paper 10)
    int innerGenerations = 3;      ///< (paper 5)
    double mutationProbability = 0.3;
    double crossoverProbability = 0.8;
    std::string exitRule = "threshold";  ///< "threshold" (deployable), "oracle" (upper bound), "mean" (the code's)
    std::vector<double> thresholds{0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0};
    int minExitBlock = 2;          ///< first block (0-based, flat) an exit may follow (the notes' 5 of 17-37 blocks)
    int headWidth = 32;            ///< exit head: 1x1 conv to this width, pool, linear (the notes' 3x3 conv to 224 costs a reduced backbone)
    // The supernet and the heads (a one-time cost per space and data set, kept in the cache).
    int supernetEpochs = 5;
    int supernetSubset = 20000;    ///< training images
    int headEpochs = 5;
    int recalibrationBatches = 16; ///< BN recalibration batches of 128 training images per subnet
    int validationSubset = 0;      ///< validation images a backbone and its exits are scored on; 0 = the whole split
    int fidelitySubnets = 0;       ///< > 0: Kendall tau of supernet vs standalone accuracy over this many subnets (>= 10)
    int fidelityEpochs = 2;        ///< standalone training epochs of those subnets
};

/// Parses the settings block; throws core::InputError naming "settings.<key>".
HadasSettings hadasSettingsFromJson(const std::string& json);
const std::vector<SettingDescriptor>& hadasSettingsSchema();

} // namespace edgenas::search
