#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace edgenas::spaces {

/// Macro layout of the MobileNetV2/FBNet layer-wise space, read from JSON
/// (resources/spaces/mobilenet_default.json documents the format):
///   {"stem": {"width", "stride"}, "stages": [{"width", "layers", "stride", "allow_skip"}...],
///    "head": {"width"}}
/// "stride" of a stage applies to its first layer; "allow_skip" (default true) is a bool for the
/// whole stage or one bool per layer. Layers whose input and output shapes differ never skip.
struct MobileNetLayout {
    struct Stage {
        int width = 0;
        int layers = 0;
        int stride = 1;
        std::vector<bool> allowSkip; ///< one entry per layer

        friend bool operator==(const Stage&, const Stage&) = default;
    };

    std::string description;
    int stemWidth = 0;
    int stemStride = 1;
    std::vector<Stage> stages;
    int headWidth = 0;

    /// Parses and validates a layout; core::InputError names `source` and the bad key.
    static MobileNetLayout fromJson(std::string_view text, const std::string& source = "mobilenet layout");
    /// Reads a layout file; errors name the file.
    static MobileNetLayout fromFile(const std::string& path);
    /// The FBNet/HW-NAS-Bench CIFAR layout compiled into the library.
    static MobileNetLayout builtinDefault();
    static std::string_view builtinDefaultJson();

    /// Width rounded to the nearest multiple of 8 after scaling, at least 8 (MobileNet convention,
    /// keeps the 2-group blocks and vector units happy).
    static int scaleWidth(int width, double multiplier);
    /// Every width (stem, stages, head) scaled with scaleWidth; multiplier 1 returns the layout as
    /// written (no rounding). Throws core::InputError unless multiplier > 0.
    MobileNetLayout scaled(double multiplier) const;

    int layerCount() const;

    friend bool operator==(const MobileNetLayout&, const MobileNetLayout&) = default;
};

} // namespace edgenas::spaces
