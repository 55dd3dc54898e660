#include "input_convention.h"

#include "core/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace edgenas::models {

namespace {

// "[0.286, 0.353]": the shortest text that reads back as the same float, so the file shows the
// data set's published figures rather than their double expansion.
std::string floatArray(const std::vector<float>& values) {
    std::string text = "[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        char buffer[32];
        const auto result = std::to_chars(buffer, buffer + sizeof buffer, values[i]);
        if (i > 0)
            text += ", ";
        text.append(buffer, result.ptr);
    }
    return text + "]";
}

nlohmann::json parseMetadata(const core::Architecture& architecture, const char* key) {
    const std::string& text = architecture.metadata.at(key);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
        throw core::InputError(std::string("metadata '") + key + "' is not valid JSON: " + text);
    }
}

std::vector<float> floatsFrom(const core::Architecture& architecture, const char* key) {
    const nlohmann::json j = parseMetadata(architecture, key);
    if (!j.is_array())
        throw core::InputError(std::string("metadata '") + key + "' must be an array of numbers");
    std::vector<float> out;
    for (const auto& value : j) {
        if (!value.is_number())
            throw core::InputError(std::string("metadata '") + key + "' must be an array of numbers");
        out.push_back(value.get<float>());
    }
    return out;
}

} // namespace

InputConvention InputConvention::of(const data::Dataset& dataset) {
    InputConvention convention{dataset.name, {}, {}, dataset.classNames};
    for (std::size_t k = 0; k < static_cast<std::size_t>(std::max(dataset.channels, 0)); ++k) {
        convention.mean.push_back(k < dataset.mean.size() ? dataset.mean[k] : 0.0f);
        convention.stddev.push_back(k < dataset.stddev.size() && dataset.stddev[k] > 0.0f ? dataset.stddev[k] : 1.0f);
    }
    return convention;
}

void checkInputConvention(const InputConvention& convention, const core::Architecture& architecture) {
    const auto channels = static_cast<std::size_t>(architecture.input.channels);
    if (convention.mean.size() != channels || convention.stddev.size() != channels)
        throw core::InputError("input normalisation has " + std::to_string(convention.mean.size()) + " mean and " +
                               std::to_string(convention.stddev.size()) + " std values for " +
                               std::to_string(channels) + " input channels");
    for (float s : convention.stddev)
        if (!(s > 0.0f) || !std::isfinite(s))
            throw core::InputError("input normalisation has a std that is not positive: " + std::to_string(s));
    for (float m : convention.mean)
        if (!std::isfinite(m))
            throw core::InputError("input normalisation has a mean that is not finite");
    if (!convention.classNames.empty() &&
        convention.classNames.size() != static_cast<std::size_t>(architecture.numClasses))
        throw core::InputError(std::to_string(convention.classNames.size()) + " class names for " +
                               std::to_string(architecture.numClasses) + " classes");
}

void recordInputConvention(const InputConvention& convention, core::Architecture& architecture) {
    checkInputConvention(convention, architecture);
    auto& m = architecture.metadata;
    m[kMetadataDataset] = convention.dataset;
    m[kMetadataInputMean] = floatArray(convention.mean);
    m[kMetadataInputStd] = floatArray(convention.stddev);
    m[kMetadataInputScale] = "pixel / 255, then (x - input_mean) / input_std per channel";
    m[kMetadataClassNames] = nlohmann::json(convention.classNames).dump();
}

std::optional<InputConvention> recordedInputConvention(const core::Architecture& architecture) {
    const auto& m = architecture.metadata;
    if (!m.count(kMetadataInputMean) && !m.count(kMetadataInputStd))
        return std::nullopt;
    if (!m.count(kMetadataInputMean) || !m.count(kMetadataInputStd))
        throw core::InputError("metadata has only one of 'input_mean' and 'input_std'");
    InputConvention convention;
    if (auto it = m.find(kMetadataDataset); it != m.end())
        convention.dataset = it->second;
    convention.mean = floatsFrom(architecture, kMetadataInputMean);
    convention.stddev = floatsFrom(architecture, kMetadataInputStd);
    if (m.count(kMetadataClassNames)) {
        const nlohmann::json names = parseMetadata(architecture, kMetadataClassNames);
        if (!names.is_array())
            throw core::InputError("metadata 'class_names' must be an array of strings");
        for (const auto& name : names) {
            if (!name.is_string())
                throw core::InputError("metadata 'class_names' must be an array of strings");
            convention.classNames.push_back(name.get<std::string>());
        }
    }
    checkInputConvention(convention, architecture);
    return convention;
}

} // namespace edgenas::models
