#pragma once

// Includes LibTorch (tensor types): the weights GOS's candidates start from before block-wise
// distillation. Kept out of everything widgets include; the rules themselves are torch-free
// (rewrite_rules.h).

#include "rewrite_rules.h"

#include <ATen/core/Tensor.h>

#include <memory>
#include <string_view>

namespace torch::nn {
class Module;
}

namespace edgenas::models {
class NodeModule;
}

namespace edgenas::search {

/// A layer's trained contraction: weight [out, C/groups, k, k] (a linear layer's [out, C*H*W, 1, 1])
/// and bias [out] (undefined without one).
struct OriginalWeights {
    at::Tensor weight;
    at::Tensor bias;
    int groups = 1;
};

/// How a candidate's weights were set.
enum class RewriteInitialisation {
    TruncatedSvd,  ///< low rank: per group, the rank-r truncated SVD of the original weight matrix
    Identity,      ///< remove, shape kept: no weights, the input passes through
    CentreTap,     ///< remove, a 1 x 1 projection: the original window's centre tap and bias
    Random,        ///< every other rule: LibTorch's default initialisation, left to distillation
};

std::string_view toString(RewriteInitialisation initialisation);

/// The module that runs `program` over input `in` (the Program lowering's ProgramModule:
/// contraction k is child "i<k>").
std::shared_ptr<models::NodeModule> programModule(const std::vector<core::Instruction>& program,
                                                  const core::TensorShape& in);

/// The last contraction's weights of `module`, which runs `program` (a layer's program form:
/// core::nativeProgram's contraction carries the native weights unchanged).
OriginalWeights originalWeights(const std::vector<core::Instruction>& program, const core::TensorShape& in,
                                const torch::nn::Module& module);

/// Sets the two contractions of a low-rank program (lowRankProgram, or a low_rank_* candidate)
/// from the truncated SVD of each group of the original weight; exact at full rank.
void initialiseLowRank(const std::vector<core::Instruction>& program, const core::TensorShape& in,
                       const OriginalWeights& original, torch::nn::Module& module);

/// Sets `module`'s weights (a programModule of candidate.program) from the original layer's:
/// a depth-1 low-rank candidate from the truncated SVD (exact at full rank), a depth-1 remove
/// candidate as the identity or the centre-tap projection. Other candidates keep their random
/// initialisation. Throws std::invalid_argument when the weights do not fit the candidate.
RewriteInitialisation initialiseRewrite(const RewriteCandidate& candidate, const core::TensorShape& in,
                                        const OriginalWeights& original, torch::nn::Module& module);

} // namespace edgenas::search
