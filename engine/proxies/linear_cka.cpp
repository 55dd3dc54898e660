#include "linear_cka.h"

#include "core/errors.h"

#include <torch/torch.h>

#include <string>

namespace edgenas::proxies {

torch::Tensor centredGram(const torch::Tensor& features) {
    if (features.dim() < 2 || features.size(0) < 2)
        throw core::InputError("CKA needs features of at least 2 samples, got shape " +
                               std::to_string(features.dim() > 0 ? features.size(0) : 0));
    const torch::Tensor x = features.reshape({features.size(0), -1}).to(torch::kFloat64);
    const torch::Tensor gram = x.matmul(x.t());
    // HKH without forming H: subtract row and column means, add back the grand mean.
    const torch::Tensor rowMeans = gram.mean(1, /*keepdim=*/true);
    const torch::Tensor colMeans = gram.mean(0, /*keepdim=*/true);
    return gram - rowMeans - colMeans + gram.mean();
}

torch::Tensor linearCkaFromGrams(const torch::Tensor& k, const torch::Tensor& l) {
    if (k.sizes() != l.sizes() || k.dim() != 2)
        throw core::InputError("CKA needs two Gram matrices of the same n (" + std::to_string(k.size(0)) + " vs " +
                               std::to_string(l.size(0)) + ")");
    const torch::Tensor hsic = (k * l).sum();
    const torch::Tensor norms = k.norm() * l.norm();
    if (norms.item<double>() <= 0.0)
        throw core::InputError("CKA is undefined for features that are constant over the batch");
    return hsic / norms;
}

double linearCka(const torch::Tensor& x, const torch::Tensor& y) {
    if (x.size(0) != y.size(0))
        throw core::InputError("CKA needs the same samples on both sides (" + std::to_string(x.size(0)) + " vs " +
                               std::to_string(y.size(0)) + ")");
    torch::NoGradGuard noGrad;
    return linearCkaFromGrams(centredGram(x), centredGram(y)).item<double>();
}

} // namespace edgenas::proxies
