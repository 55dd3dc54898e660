#pragma once

// Value types of HADAS's result records, torch-free: the store keeps them as JSON on candidates
// and the workbench's early-exit/DVFS view reads them back.

#include <map>
#include <string>
#include <vector>

namespace edgenas::search {

/// One MBConv block of a backbone as the view draws it.
struct HadasBlock {
    int stage = 0;        ///< 0-based stage index
    int width = 0;
    int kernel = 3;
    int expansion = 1;
    int stride = 1;
    bool squeezeExcite = false;
    double macs = 0.0;    ///< of the block alone
    friend bool operator==(const HadasBlock&, const HadasBlock&) = default;
};

/// One trained exit head of a backbone.
struct HadasExitHead {
    int block = 0;                      ///< flat index of the block it reads
    double validationAccuracy = 0.0;    ///< the head alone, every sample
    double testAccuracy = -1.0;         ///< -1 when not measured
    double temperature = 1.0;           ///< fitted on the validation split
    double macs = 0.0;                  ///< of the head alone
    friend bool operator==(const HadasExitHead&, const HadasExitHead&) = default;
};

/// "hadas.backbone/1" on every backbone (outer-level candidate).
struct HadasBackboneRecord {
    std::vector<HadasBlock> blocks;
    double stemMacs = 0.0;
    double finalHeadMacs = 0.0;
    double supernetAccuracy = 0.0;      ///< inherited weights after BN recalibration, validation split
    /// True when the backbone survived the outer selection: its heads were trained and an inner
    /// search ran on it; `exits` is empty otherwise.
    bool searchedInner = false;
    std::vector<HadasExitHead> exits;
    double finalTestAccuracy = -1.0;
    std::string supernetKey;            ///< artefact cache key of the supernet the weights came from
    friend bool operator==(const HadasBackboneRecord&, const HadasBackboneRecord&) = default;
};

/// Accuracy and modelled cost of one way of running a network (validation split).
struct HadasFigures {
    double accuracy = 0.0;
    double latencyMs = 0.0;
    double energyMj = 0.0;
};

/// One DVFS domain's levels and the chosen one.
struct HadasDomainLevels {
    std::string name;            ///< "gpu", "emc", "cpu"
    std::vector<double> levelsMhz;
    int chosen = 0;              ///< index into levelsMhz
};

/// "hadas.dynamic/1" on every inner-level candidate (backbone + exits + rule + DVFS point).
struct HadasDynamicRecord {
    std::string rule;            ///< "oracle", "threshold" or "mean"
    bool deployable = true;      ///< false for "oracle": an upper bound, not deployable
    double threshold = 0.0;      ///< "threshold": the calibrated-softmax confidence needed to leave
    bool strictThreshold = true; ///< "threshold": leave when confidence > threshold (true) or >= (false)
    std::vector<int> exitBlocks; ///< chosen exits, ascending
    /// Share of validation samples leaving at each chosen exit, then at the final head (sums to 1;
    /// for "mean" every exit and the final head are weighted alike).
    std::vector<double> exitRates;
    std::vector<double> exitAccuracy;   ///< each chosen exit alone, then the final head
    std::vector<HadasDomainLevels> domains;
    std::string operatingPoint;  ///< the DVFS point's name
    HadasFigures staticMaxClock; ///< the backbone alone at the device's default (maximum) point
    HadasFigures exitsMaxClock;  ///< these exits and this rule at the default point
    HadasFigures exitsDvfs;      ///< these exits and this rule at the chosen point (the candidate)
    double testAccuracy = -1.0;  ///< with the thresholds fitted on validation; -1 when not measured
    /// Energy and latency over the levels of `sweepDomain` with the other domains at their chosen
    /// levels, for the energy-vs-frequency curve.
    std::string sweepDomain;
    std::vector<double> sweepMhz;
    std::vector<double> sweepEnergyMj;
    std::vector<double> sweepLatencyMs;
    std::string costProvenance = "modelled";
};

inline constexpr const char* kHadasBackboneRecord = "hadas.backbone/1";
inline constexpr const char* kHadasDynamicRecord = "hadas.dynamic/1";
/// Run records: one per inner search (backbone, knee, exit positions, trained heads), written when
/// it ends, and one describing the supernet (key, training, fidelity), written at the start.
inline constexpr const char* kHadasInnerRunRecord = "hadas.inner/1";
inline constexpr const char* kHadasSupernetRunRecord = "hadas.supernet/1";

/// JSON forms; the readers throw core::InputError naming the record kind and the bad key
/// ("hadas.dynamic/1 record is damaged: exit_rates[2] must be a number").
std::string toJson(const HadasBackboneRecord& record);
std::string toJson(const HadasDynamicRecord& record);
HadasBackboneRecord hadasBackboneRecordFromJson(const std::string& json);
HadasDynamicRecord hadasDynamicRecordFromJson(const std::string& json);

} // namespace edgenas::search
