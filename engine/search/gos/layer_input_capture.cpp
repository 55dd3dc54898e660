#include "layer_input_capture.h"

#include "core/native_program.h"
#include "data/dataset.h"
#include "models/batch_maker.h"
#include "models/graph_network.h"
#include "models/node_module.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <map>
#include <numeric>
#include <stdexcept>

namespace edgenas::search {

namespace {

core::TensorShape mergedShape(const core::Node& node, const std::vector<core::TensorShape>& shapes) {
    core::TensorShape merged = shapes[static_cast<std::size_t>(node.inputs.front())];
    if (node.merge == core::MergeMode::Concat)
        for (std::size_t i = 1; i < node.inputs.size(); ++i)
            merged.channels += shapes[static_cast<std::size_t>(node.inputs[i])].channels;
    return merged;
}

} // namespace

bool isReplaceable(const core::Node& node) {
    switch (node.op) {
    case core::OpType::Conv:
    case core::OpType::DepthwiseConv:
    case core::OpType::PointwiseConv:
    case core::OpType::Linear:
    case core::OpType::Program: return true;
    default: return false;
    }
}

std::vector<LayerInputs> captureLayerInputs(models::GraphNetworkImpl& network, const at::Tensor& images) {
    const core::Architecture& arch = network.architecture();
    std::vector<int> wanted;
    for (const core::Node& node : arch.nodes)
        if (isReplaceable(node))
            wanted.insert(wanted.end(), node.inputs.begin(), node.inputs.end());
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());

    const bool wasTraining = network.is_training();
    network.eval();
    torch::NoGradGuard noGrad;
    const models::NetworkOutputs outputs = network.forwardWithFeatures(images, wanted);
    network.train(wasTraining);
    std::map<int, torch::Tensor> values;
    for (std::size_t i = 0; i < wanted.size(); ++i)
        values[wanted[i]] = outputs.features[i];

    std::vector<LayerInputs> captured;
    for (const core::Node& node : arch.nodes) {
        if (!isReplaceable(node))
            continue;
        // Merged as the graph merges a node's inputs before its operator.
        torch::Tensor merged = values.at(node.inputs.front());
        if (node.inputs.size() > 1) {
            std::vector<torch::Tensor> parts;
            for (int id : node.inputs)
                parts.push_back(values.at(id));
            merged = node.merge == core::MergeMode::Sum ? torch::stack(parts, 0).sum(0) : torch::cat(parts, 1);
        }
        captured.push_back({node.id, mergedShape(node, network.shapes()), merged});
    }
    return captured;
}

OriginalLayer originalLayer(const models::GraphNetworkImpl& network, int nodeId) {
    const core::Architecture& arch = network.architecture();
    if (nodeId <= 0 || static_cast<std::size_t>(nodeId) >= arch.nodes.size())
        throw std::invalid_argument("GOS distillation: no node " + std::to_string(nodeId) + " in the network");
    const core::Node& node = arch.node(nodeId);
    if (!isReplaceable(node))
        throw std::invalid_argument("GOS distillation: node " + std::to_string(nodeId) + " (" +
                                    std::string(core::toString(node.op)) + ") is not a layer GOS replaces");
    auto module = std::dynamic_pointer_cast<models::NodeModule>(network.nodeModule(nodeId));
    if (!module)
        throw std::invalid_argument("GOS distillation: node " + std::to_string(nodeId) + " has no module");
    return {node, mergedShape(node, network.shapes()), module};
}

at::Tensor calibrationImages(const data::Dataset& trainSet, int count, std::uint64_t seed) {
    if (count < 1 || static_cast<std::size_t>(count) > trainSet.size())
        throw std::invalid_argument("GOS distillation: " + std::to_string(count) + " calibration images asked of " +
                                    trainSet.name + "'s training split, which has " +
                                    std::to_string(trainSet.size()));
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    const torch::Tensor permutation =
        torch::randperm(static_cast<std::int64_t>(trainSet.size()), generator, torch::kLong).narrow(0, 0, count);
    const std::int64_t* p = permutation.data_ptr<std::int64_t>();
    const std::vector<int> order(p, p + count);
    return models::BatchMaker(trainSet).make(order, 0, order.size()).first;
}

} // namespace edgenas::search
