#pragma once

#include "exit_table.h"

#include "spaces/attentive_space.h"

#include <string>
#include <vector>

namespace edgenas::search {

/// An exit table on the split the search calibrates on, and on the split results are reported on.
struct HadasExitTables {
    ExitTable validation;
    ExitTable test;
};

/// What HADAS asks of trained weights: the weight-sharing supernet in a real run, a cheap
/// deterministic stand-in in tests. Every answer must be a pure function of its arguments (and
/// the judge's construction), which is what makes caching and exact resume valid.
class HadasJudge {
public:
    virtual ~HadasJudge() = default;
    /// Top-1 accuracy of a backbone on the validation split (inherited weights, BN recalibrated).
    virtual double validationAccuracy(const spaces::AttentiveBackbone& backbone) = 0;
    /// The same on the test split, for the networks a run reports.
    virtual double testAccuracy(const spaces::AttentiveBackbone& backbone) = 0;
    /// Trains (or loads) exit heads after the given blocks and tabulates every head's outcome per
    /// sample on both splits; heads calibrated on the validation split.
    virtual HadasExitTables exitTables(const spaces::AttentiveBackbone& backbone, const std::vector<int>& exitBlocks) = 0;
    /// What the figures come from, for logs and reports ("supernet 1a2b... (5 epochs on 20,000 images)").
    virtual std::string description() const = 0;
    /// What the run should keep about the judge (the supernet's key, training, fidelity) as a JSON
    /// object; stored once as the run record "hadas.supernet/1".
    virtual std::string summaryJson() const { return "{}"; }
};

} // namespace edgenas::search
