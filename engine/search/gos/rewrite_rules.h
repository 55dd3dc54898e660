#pragma once

// GOS's rewrite rules (issue 15): cheaper programs that keep a layer's input and output shapes.
// Torch-free; the weight initialisation of the candidates is rewrite_initialiser.h and their
// scoring by block-wise distillation layer_distiller.h (both LibTorch).
// The rules and the choices behind them: docs/design/gos-rewrite-rules.md.

#include "core/architecture.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgenas::search {

/// One replacement program for a layer, with the rules that made it.
struct RewriteCandidate {
    std::vector<std::string> rules;          ///< first to last, e.g. {"factorise", "group2"}
    std::vector<core::Instruction> program;  ///< canonical (canonicalProgram)
    std::string key;                         ///< core::programKey(program): unique among a layer's candidates
    std::int64_t macs = 0;                   ///< counted, one sample; always below the original's
};

struct RewriteOptions {
    /// 1: one rule applied to the layer; 2: also a second rule applied to each kept depth-1
    /// candidate (at any of its contractions).
    int depth = 1;
};

/// How many candidates of a layer start with one rule, at depth 1 and at depth 2.
struct RuleCount {
    std::string rule;
    int depth1 = 0;
    int depth2 = 0;
};

/// Every rule name, in the order candidates are generated: factorise, group2, group2_shuffle,
/// group4, group4_shuffle, group8, group8_shuffle, low_rank_half, low_rank_quarter,
/// spatial_separation, shift_pointwise, kernel_shrink_dilated, remove.
const std::vector<std::string>& rewriteRuleNames();

/// The programs one rule makes from `program` (over input `in`), one or more per contraction it
/// applies to; not canonical and not filtered. Throws core::InputError for an unknown rule.
std::vector<std::vector<core::Instruction>> applyRewriteRule(std::string_view rule,
                                                             const std::vector<core::Instruction>& program,
                                                             const core::TensorShape& in);

/// The candidates for `node` (a convolution, depthwise or pointwise convolution, linear layer or
/// program node) with merged input `in`: canonical, de-duplicated, output shape kept, MACs
/// strictly below the node's. Throws core::InputError for a node GOS cannot rewrite.
std::vector<RewriteCandidate> rewriteCandidates(const core::Node& node, const core::TensorShape& in,
                                                const RewriteOptions& options = {});

/// Per rule (every rule, in rewriteRuleNames order, zeros included) how many candidates start
/// with it; the counts add up to candidates.size().
std::vector<RuleCount> ruleCounts(const std::vector<RewriteCandidate>& candidates);

/// The program a rewrite starts from: the node's own for a program node, else core::nativeProgram.
/// Throws core::InputError for a node with no program form.
std::vector<core::Instruction> rewritableProgram(const core::Node& node, const core::TensorShape& in);

/// The low-rank rewrite of the last contraction of `program` through a bottleneck of `rank`
/// channels (a multiple of its groups, at most the full rank), whatever its MACs; for checking
/// the SVD initialisation at full rank. nullopt when the rank does not fit.
std::optional<std::vector<core::Instruction>> lowRankProgram(const std::vector<core::Instruction>& program,
                                                             const core::TensorShape& in, int rank);

} // namespace edgenas::search
