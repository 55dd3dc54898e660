#pragma once

// The program surgery GOS's rewrite rules share: where a program has a contraction a rule can
// rewrite, splicing a replacement in its place, and the canonical form candidates are compared
// in. Torch-free.

#include "core/architecture.h"
#include "core/program_analysis.h"

#include <cstdint>
#include <vector>

namespace edgenas::search {

/// A contraction of a program together with its window: the patch gather it absorbs (so a
/// k x k convolution is one site), or a 1 x 1 window when it reads anything else.
struct ContractionSite {
    std::size_t contract = 0;  ///< the Contract instruction
    int unfold = -1;           ///< the Unfold it absorbs, or -1
    int input = 0;             ///< the value the site reads (the gather's input, or the contraction's)
    core::TensorShape in;      ///< that value's shape
    core::TensorShape out;     ///< the contraction's result
    int kernel = 1;
    int stride = 1;
    int padding = 0;
    int dilation = 1;
    int groups = 1;
    int outChannels = 0;
    bool bias = false;
};

/// Checks `program` over input `in`; throws core::ArchitectureError naming the problem.
core::ProgramAnalysis analyseInstructions(const std::vector<core::Instruction>& program, const core::TensorShape& in);
/// The program's output shape (throws like analyseInstructions).
core::TensorShape programOutput(const std::vector<core::Instruction>& program, const core::TensorShape& in);
/// Multiply-accumulates of one sample, counted the way the cost model counts a program node.
std::int64_t programMacs(const std::vector<core::Instruction>& program, const core::TensorShape& in);

/// Every contraction of `program`, in program order.
std::vector<ContractionSite> contractionSites(const std::vector<core::Instruction>& program, const core::TensorShape& in);

/// `program` with `site` (its contraction and absorbed gather) replaced by `replacement`, a
/// program whose value 0 is the site's input and whose last result takes the site's place.
std::vector<core::Instruction> spliceSite(const std::vector<core::Instruction>& program, const ContractionSite& site,
                                          const std::vector<core::Instruction>& replacement);

/// The canonical form rewrites are compared in: instructions that pass their input through
/// unchanged (a slice of every channel, a shuffle in 1 or C groups, a flatten of a C x 1 x 1
/// value) and instructions nothing reads are removed; a program that computes its input is the
/// one instruction "slice of every channel".
std::vector<core::Instruction> canonicalProgram(const std::vector<core::Instruction>& program, const core::TensorShape& in);

} // namespace edgenas::search
