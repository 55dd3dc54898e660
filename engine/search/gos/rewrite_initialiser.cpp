#include "rewrite_initialiser.h"

#include "program_rewriting.h"

#include "models/node_module.h"
#include "models/operator_lowering.h"

#include <ATen/TensorOperators.h>
#include <ATen/core/grad_mode.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/linalg_svd.h>
#include <torch/nn/module.h>

#include <stdexcept>

namespace edgenas::search {

using core::TensorShape;

namespace {

// A handle on the parameter's storage (named_parameters() returns a temporary dictionary).
at::Tensor parameter(torch::nn::Module& module, const std::string& name) {
    const auto params = module.named_parameters();
    const at::Tensor* found = params.find(name);
    if (!found)
        throw std::invalid_argument("GOS initialisation: the candidate module has no parameter " + name);
    return *found;
}

std::string weightOf(std::size_t contract) { return "i" + std::to_string(contract) + ".weight"; }
std::string biasOf(std::size_t contract) { return "i" + std::to_string(contract) + ".bias"; }

void copyBias(torch::nn::Module& module, std::size_t contract, const OriginalWeights& original) {
    if (original.bias.defined())
        parameter(module, biasOf(contract)).copy_(original.bias);
}

// Per group j, W_j = U S V^T of the [out/g, fan-in] weight matrix: the bottleneck gets
// sqrt(S_r) V_r^T, the projection U_r sqrt(S_r). Computed in double.
void truncatedSvd(torch::nn::Module& module, const ContractionSite& bottleneck, const ContractionSite& projection,
                  const OriginalWeights& original) {
    const int groups = original.groups;
    const std::int64_t out = original.weight.size(0);
    if (bottleneck.groups != groups || projection.groups != groups || projection.outChannels != out)
        throw std::invalid_argument("GOS initialisation: a low-rank candidate that does not match the original layer");
    const std::int64_t rank = bottleneck.outChannels / groups;
    const std::int64_t rows = out / groups;
    at::Tensor a = parameter(module, weightOf(bottleneck.contract));
    at::Tensor b = parameter(module, weightOf(projection.contract));
    const at::Tensor w = original.weight.to(at::kDouble).reshape({out, -1});
    if (a.numel() != rank * groups * w.size(1))
        throw std::invalid_argument("GOS initialisation: the bottleneck's " + std::to_string(a.numel()) +
                                    " weights do not match rank " + std::to_string(rank) + " x " +
                                    std::to_string(groups) + " groups x the original's fan-in " +
                                    std::to_string(w.size(1)));
    std::vector<at::Tensor> first;
    std::vector<at::Tensor> second;
    for (int j = 0; j < groups; ++j) {
        const auto [u, s, vh] = at::linalg_svd(w.narrow(0, j * rows, rows), /*full_matrices=*/false);
        const at::Tensor root = s.narrow(0, 0, rank).sqrt();
        first.push_back(root.unsqueeze(1) * vh.narrow(0, 0, rank));
        second.push_back(u.narrow(1, 0, rank) * root.unsqueeze(0));
    }
    a.copy_(at::cat(first, 0).reshape(a.sizes()));
    b.copy_(at::cat(second, 0).reshape(b.sizes()));
    copyBias(module, projection.contract, original);
}

} // namespace

std::string_view toString(RewriteInitialisation initialisation) {
    switch (initialisation) {
    case RewriteInitialisation::TruncatedSvd: return "truncated SVD";
    case RewriteInitialisation::Identity: return "identity";
    case RewriteInitialisation::CentreTap: return "centre tap";
    case RewriteInitialisation::Random: return "random (left to distillation)";
    }
    return "?";
}

std::shared_ptr<models::NodeModule> programModule(const std::vector<core::Instruction>& program, const TensorShape& in) {
    core::Node node;
    node.op = core::OpType::Program;
    node.program = program;
    return models::operatorLowering(core::OpType::Program).makeModule(node, in, 0);
}

OriginalWeights originalWeights(const std::vector<core::Instruction>& program, const TensorShape& in,
                                const torch::nn::Module& module) {
    const std::vector<ContractionSite> sites = contractionSites(program, in);
    if (sites.empty())
        throw std::invalid_argument("GOS initialisation: the original program has no contraction");
    const ContractionSite& s = sites.back();
    const auto params = module.named_parameters();
    const at::Tensor* weight = params.find(weightOf(s.contract));
    if (!weight)
        throw std::invalid_argument("GOS initialisation: the original module has no parameter " + weightOf(s.contract));
    OriginalWeights original;
    original.groups = s.groups;
    original.weight = weight->detach().reshape({s.outChannels, s.in.channels / s.groups, s.kernel, s.kernel});
    if (const at::Tensor* bias = params.find(biasOf(s.contract)))
        original.bias = bias->detach();
    return original;
}

void initialiseLowRank(const std::vector<core::Instruction>& program, const TensorShape& in,
                       const OriginalWeights& original, torch::nn::Module& module) {
    const std::vector<ContractionSite> sites = contractionSites(program, in);
    if (sites.size() != 2)
        throw std::invalid_argument("GOS initialisation: a low-rank program without its two contractions");
    at::NoGradGuard noGrad;
    truncatedSvd(module, sites[0], sites[1], original);
}

RewriteInitialisation initialiseRewrite(const RewriteCandidate& candidate, const TensorShape& in,
                                        const OriginalWeights& original, torch::nn::Module& module) {
    if (candidate.rules.size() != 1)
        return RewriteInitialisation::Random;
    const std::string& rule = candidate.rules.front();
    const std::vector<ContractionSite> sites = contractionSites(candidate.program, in);
    at::NoGradGuard noGrad;
    if (rule.rfind("low_rank", 0) == 0) {
        initialiseLowRank(candidate.program, in, original, module);
        return RewriteInitialisation::TruncatedSvd;
    }
    if (rule == "remove") {
        if (sites.empty())
            return RewriteInitialisation::Identity;
        const ContractionSite& s = sites.front();
        const std::int64_t k = original.weight.size(2);
        at::Tensor weight = parameter(module, weightOf(s.contract));
        const at::Tensor centre = original.weight.select(3, k / 2).select(2, k / 2);
        if (centre.numel() != weight.numel())
            throw std::invalid_argument("GOS initialisation: the projection does not match the original's channels");
        weight.copy_(centre.reshape(weight.sizes()));
        copyBias(module, s.contract, original);
        return RewriteInitialisation::CentreTap;
    }
    return RewriteInitialisation::Random;
}

} // namespace edgenas::search
