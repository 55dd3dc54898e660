#include "temperature_scaling.h"

#include "core/errors.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace edgenas::search {

namespace {

void checkSizes(const std::vector<float>& logits, int classes, const std::vector<int>& labels) {
    if (classes < 1 || logits.size() != labels.size() * static_cast<std::size_t>(classes))
        throw core::InputError("logits of " + std::to_string(logits.size()) + " values do not fit " +
                               std::to_string(labels.size()) + " samples of " + std::to_string(classes) + " classes");
    for (int label : labels)
        if (label < 0 || label >= classes)
            throw core::InputError("label " + std::to_string(label) + " is outside " + std::to_string(classes) +
                                   " classes");
}

} // namespace

double negativeLogLikelihood(const std::vector<float>& logits, int classes, const std::vector<int>& labels,
                             double temperature) {
    checkSizes(logits, classes, labels);
    if (!(temperature > 0.0))
        throw core::InputError("temperature must be positive");
    if (labels.empty())
        return 0.0;
    double sum = 0.0;
    const auto c = static_cast<std::size_t>(classes);
    for (std::size_t n = 0; n < labels.size(); ++n) {
        const float* z = logits.data() + n * c;
        const double top = *std::max_element(z, z + c) / temperature;
        double partition = 0.0;
        for (std::size_t k = 0; k < c; ++k)
            partition += std::exp(z[k] / temperature - top);
        sum += top + std::log(partition) - z[static_cast<std::size_t>(labels[n])] / temperature;
    }
    return sum / double(labels.size());
}

double fitTemperature(const std::vector<float>& logits, int classes, const std::vector<int>& labels) {
    checkSizes(logits, classes, labels);
    if (labels.empty())
        return 1.0;
    auto nll = [&](double logT) { return negativeLogLikelihood(logits, classes, labels, std::exp(logT)); };
    const double phi = (std::sqrt(5.0) - 1.0) / 2.0;
    double lo = std::log(kMinTemperature), hi = std::log(kMaxTemperature);
    double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
    double fa = nll(a), fb = nll(b);
    for (int i = 0; i < 60 && hi - lo > 1e-6; ++i) {
        if (fa < fb) {
            hi = b, b = a, fb = fa;
            a = hi - phi * (hi - lo);
            fa = nll(a);
        } else {
            lo = a, a = b, fa = fb;
            b = lo + phi * (hi - lo);
            fb = nll(b);
        }
    }
    const double best = fa < fb ? a : b;
    return std::min(fa, fb) < nll(0.0) ? std::exp(best) : 1.0;
}

ExitOutcomes exitOutcomes(int block, const std::vector<float>& logits, int classes, const std::vector<int>& labels,
                          double temperature) {
    checkSizes(logits, classes, labels);
    if (!(temperature > 0.0))
        throw core::InputError("temperature must be positive");
    ExitOutcomes out;
    out.block = block;
    out.temperature = temperature;
    out.correct.reserve(labels.size());
    out.confidence.reserve(labels.size());
    const auto c = static_cast<std::size_t>(classes);
    for (std::size_t n = 0; n < labels.size(); ++n) {
        const float* z = logits.data() + n * c;
        const auto top = static_cast<std::size_t>(std::max_element(z, z + c) - z);
        double partition = 0.0;
        for (std::size_t k = 0; k < c; ++k)
            partition += std::exp((z[k] - z[top]) / temperature);
        out.correct.push_back(top == static_cast<std::size_t>(labels[n]) ? 1 : 0);
        out.confidence.push_back(static_cast<float>(1.0 / partition));
    }
    return out;
}

} // namespace edgenas::search
