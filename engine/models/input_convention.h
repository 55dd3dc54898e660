#pragma once

#include "core/architecture.h"
#include "data/dataset.h"

#include <optional>
#include <string>
#include <vector>

namespace edgenas::models {

/// What a trained network expects of its input and what its outputs mean: images with pixels
/// scaled to [0, 1] (pixel / 255), then x = (x - mean) / stddev per channel, as models::Trainer
/// feeds them; logit i is classNames[i]. Exports record it so a user can feed raw images.
struct InputConvention {
    std::string dataset;                  ///< "fashion-mnist", ...; empty when no data set is known
    std::vector<float> mean;              ///< per channel, on the [0, 1] scale
    std::vector<float> stddev;            ///< per channel, on the [0, 1] scale
    std::vector<std::string> classNames;  ///< one per class, in logit order; may be empty

    /// The convention the trainer applies to `dataset`: its mean, std and class names, with
    /// mean 0 and std 1 for a channel the data set gives no (positive) figure for.
    static InputConvention of(const data::Dataset& dataset);

    /// No normalisation recorded: the network takes its input as it is.
    bool empty() const { return mean.empty(); }

    friend bool operator==(const InputConvention&, const InputConvention&) = default;
};

/// Architecture metadata keys the convention is stored under; values are JSON text
/// ("[0.286]", "[\"T-shirt/top\", ...]") because metadata holds strings only.
inline constexpr const char* kMetadataDataset = "dataset";
inline constexpr const char* kMetadataInputMean = "input_mean";
inline constexpr const char* kMetadataInputStd = "input_std";
inline constexpr const char* kMetadataInputScale = "input_scale";
inline constexpr const char* kMetadataClassNames = "class_names";

/// Writes the convention into `architecture.metadata` (replacing any earlier one). Throws
/// core::InputError when mean/std do not have one value per input channel or the class names
/// do not match the class count.
void recordInputConvention(const InputConvention& convention, core::Architecture& architecture);

/// The convention recorded in the metadata, or nullopt if there is none. Throws core::InputError
/// naming the key when a recorded value is malformed.
std::optional<InputConvention> recordedInputConvention(const core::Architecture& architecture);

/// Throws core::InputError unless mean and std have one positive-std value per input channel of
/// `architecture` and classNames is empty or has one name per class.
void checkInputConvention(const InputConvention& convention, const core::Architecture& architecture);

} // namespace edgenas::models
