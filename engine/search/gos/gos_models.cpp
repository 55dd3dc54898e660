#include "gos_models.h"

#include "core/errors.h"
#include "core/shape_inference.h"
#include "spaces/graph_builder.h"

#include <algorithm>
#include <functional>
#include <utility>

namespace edgenas::search {

using core::ActivationType;
using core::Architecture;
using core::TensorShape;
using spaces::GraphBuilder;

namespace {

std::string str(int value) { return std::to_string(value); }

// Conv (k x k, padding k/2; 1x1 becomes a PointwiseConv) + BN + `activation` (none: BN last); returns the last node.
int convBn(GraphBuilder& g, int from, int out, int kernel, int stride, const std::string& prefix,
           ActivationType activation = ActivationType::ReLU) {
    const int conv = g.conv(from, out, kernel, stride, kernel / 2, prefix + "/conv");
    const int bn = g.batchNorm(conv, prefix + "/bn");
    return activation == ActivationType::None ? bn : g.activation(bn, activation, prefix + "/act");
}

int classifier(GraphBuilder& g, int from, int numClasses) {
    const int pooled = g.globalAvgPool(from, "head/pool");
    return g.linear(pooled, numClasses, "head/fc");
}

// He et al. 2016, section 4.2: 6n+2 layers with n = 3. The shortcut of a block that halves the
// resolution is a 1x1 stride-2 projection + BN (their option B) rather than option A's zero
// padding, which the IR has no operator for; it adds 2.75 K parameters to the 0.27 M.
Architecture resnet20(const TensorShape& input, int numClasses) {
    GraphBuilder g(input, numClasses);
    int x = convBn(g, g.input(), 16, 3, 1, "stem");
    int inWidth = 16;
    const int widths[] = {16, 32, 64};
    for (int stage = 0; stage < 3; ++stage) {
        for (int block = 0; block < 3; ++block) {
            const std::string prefix = "stage" + str(stage + 1) + "/block" + str(block + 1);
            const int width = widths[stage];
            const int stride = (stage > 0 && block == 0) ? 2 : 1;
            const int first = convBn(g, x, width, 3, stride, prefix + "/a");
            const int second = convBn(g, first, width, 3, 1, prefix + "/b", ActivationType::None);
            int shortcut = x;
            if (stride != 1 || inWidth != width) {
                const int projection = g.pointwise(x, width, prefix + "/shortcut/conv", stride);
                shortcut = g.batchNorm(projection, prefix + "/shortcut/bn");
            }
            const int sum = g.identity({second, shortcut}, prefix + "/add");
            x = g.relu(sum, prefix + "/relu");
            inWidth = width;
        }
    }
    classifier(g, x, numClasses);
    return g.take();
}

// Sandler et al. 2018's rounding of a scaled width to a multiple of 8, never below 90 %.
int divisibleWidth(double width) {
    const int rounded = std::max(8, (static_cast<int>(width + 4.0) / 8) * 8);
    return rounded < 0.9 * width ? rounded + 8 : rounded;
}

// MobileNetV2 (Sandler et al. 2018, table 2) sized for 28/32 px inputs and a few minutes of
// training on two cores: width multiplier 0.5, a stride-1 stem and first expanding stage (as the
// common CIFAR variants do, so the 32 px input ends at 4 x 4 instead of 1 x 1), and 13 blocks
// instead of 17 (stages of 1, 2, 2, 3, 2, 2, 1). The last 1x1 convolution is scaled too (640).
Architecture mobilenetv2(const TensorShape& input, int numClasses) {
    constexpr double widthMultiplier = 0.5;
    struct Stage { int expansion, width, blocks, stride; };
    const Stage stages[] = {{1, 16, 1, 1}, {6, 24, 2, 1}, {6, 32, 2, 2}, {6, 64, 3, 2},
                            {6, 96, 2, 1}, {6, 160, 2, 2}, {6, 320, 1, 1}};
    GraphBuilder g(input, numClasses);
    int inWidth = divisibleWidth(32 * widthMultiplier);
    int x = convBn(g, g.input(), inWidth, 3, 1, "stem", ActivationType::ReLU6);
    int blockIndex = 0;
    for (const Stage& stage : stages) {
        const int width = divisibleWidth(stage.width * widthMultiplier);
        for (int block = 0; block < stage.blocks; ++block) {
            const std::string prefix = "block" + str(++blockIndex);
            const int stride = block == 0 ? stage.stride : 1;
            int y = x;
            if (stage.expansion != 1)
                y = convBn(g, y, inWidth * stage.expansion, 1, 1, prefix + "/expand", ActivationType::ReLU6);
            const int dw = g.depthwise({y}, 3, stride, 1, prefix + "/depthwise/conv");
            y = g.activation(g.batchNorm(dw, prefix + "/depthwise/bn"), ActivationType::ReLU6,
                             prefix + "/depthwise/act");
            y = convBn(g, y, width, 1, 1, prefix + "/project", ActivationType::None);  // linear bottleneck
            if (stride == 1 && inWidth == width)
                y = g.identity({y, x}, prefix + "/add");
            x = y;
            inWidth = width;
        }
    }
    x = convBn(g, x, divisibleWidth(1280 * widthMultiplier), 1, 1, "last", ActivationType::ReLU6);
    classifier(g, x, numClasses);
    return g.take();
}

// VGG-11 (Simonyan & Zisserman 2015, configuration A) for 28/32 px inputs: its eight 3x3
// convolutions at a quarter of the width, each with BN + ReLU; three of its five 2x2 max pools
// (28 px ends at 3 x 3, 32 px at 4 x 4); global pooling and one linear layer instead of the three
// 4096-wide fully connected layers, which would hold most of the parameters for 10 classes.
Architecture vgg(const TensorShape& input, int numClasses) {
    constexpr int pool = 0;
    const int layout[] = {16, pool, 32, pool, 64, 64, pool, 128, 128, 128, 128};
    GraphBuilder g(input, numClasses);
    int x = g.input();
    int convIndex = 0, poolIndex = 0;
    for (int width : layout) {
        if (width == pool)
            x = g.maxPool(x, 2, 2, 0, "pool" + str(++poolIndex));
        else
            x = convBn(g, x, width, 3, 1, "conv" + str(++convIndex));
    }
    classifier(g, x, numClasses);
    return g.take();
}

using Builder = std::function<Architecture(const TensorShape&, int)>;

const std::vector<std::pair<std::string, Builder>>& builders() {
    static const std::vector<std::pair<std::string, Builder>> all{
        {"resnet20", resnet20}, {"mobilenetv2", mobilenetv2}, {"vgg", vgg}};
    return all;
}

std::string shapeText(const TensorShape& shape) {
    return str(shape.channels) + " x " + str(shape.height) + " x " + str(shape.width);
}

} // namespace

const std::vector<std::string>& gosModelNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> list;
        for (const auto& [name, builder] : builders())
            list.push_back(name);
        return list;
    }();
    return names;
}

Architecture gosModel(std::string_view name, const TensorShape& input, int numClasses) {
    const auto& all = builders();
    const auto found = std::find_if(all.begin(), all.end(), [&](const auto& entry) { return entry.first == name; });
    if (found == all.end()) {
        std::string valid;
        for (const std::string& known : gosModelNames())
            valid += (valid.empty() ? "" : ", ") + known;
        throw core::InputError("unknown GOS model '" + std::string(name) + "' (built-in models: " + valid + ")");
    }
    if (numClasses < 2)
        throw core::InputError("GOS model '" + found->first + "' needs at least 2 classes, got " + str(numClasses));
    if (input.channels < 1 || input.height < 16 || input.width < 16)
        throw core::InputError("GOS model '" + found->first + "' needs an input of at least 1 x 16 x 16, got " +
                               shapeText(input));
    Architecture architecture = found->second(input, numClasses);
    architecture.metadata["model"] = found->first;
    core::inferShapes(architecture);  // the builders' own check: a wrong table fails here, not in training
    return architecture;
}

} // namespace edgenas::search
