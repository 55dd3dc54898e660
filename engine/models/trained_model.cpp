#include "trained_model.h"

#include "core/errors.h"
#include "graph_network.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

namespace edgenas::models {

TrainedModel::TrainedModel(const core::Architecture& architecture, std::uint64_t seed)
    : m_network(GraphNetwork(architecture, at::make_generator<at::CPUGeneratorImpl>(seed)).ptr()) {}

TrainedModel::TrainedModel(std::shared_ptr<GraphNetworkImpl> network) : m_network(std::move(network)) {
    if (!m_network)
        throw std::invalid_argument("TrainedModel needs a network");
}

TrainedModel::TrainedModel(TrainedModel&&) noexcept = default;
TrainedModel& TrainedModel::operator=(TrainedModel&&) noexcept = default;
TrainedModel::~TrainedModel() = default;

const core::Architecture& TrainedModel::architecture() const { return m_network->architecture(); }

std::int64_t TrainedModel::parameterCount() const { return m_network->parameterCount(); }

void TrainedModel::saveWeights(const std::string& path) const {
    try {
        torch::save(GraphNetwork(m_network), path);
    } catch (const c10::Error& e) {
        throw core::InputError("cannot write weights to " + path + ": " + e.what_without_backtrace());
    }
}

namespace {

std::vector<std::vector<std::int64_t>> tensorShapes(const GraphNetworkImpl& network) {
    std::vector<std::vector<std::int64_t>> shapes;
    for (const auto& p : network.named_parameters())
        shapes.push_back(p.value().sizes().vec());
    for (const auto& b : network.named_buffers())
        shapes.push_back(b.value().sizes().vec());
    return shapes;
}

} // namespace

void TrainedModel::loadWeights(const std::string& path) {
    // torch::load replaces tensors whatever their shape and may stop half-way, so keep a copy
    // to restore and compare the shapes afterwards.
    GraphNetwork holder(m_network);
    const auto shapesBefore = tensorShapes(*m_network);
    std::ostringstream backup;
    torch::save(holder, backup);
    std::string problem;
    try {
        torch::load(holder, path);
        if (tensorShapes(*m_network) != shapesBefore)
            problem = "its tensors have other shapes (saved for another architecture?)";
    } catch (const c10::Error& e) {
        problem = e.what_without_backtrace();
    }
    if (!problem.empty()) {
        std::istringstream in(backup.str());
        torch::load(holder, in);
        throw core::InputError("cannot load weights from " + path + ": " + problem);
    }
}

} // namespace edgenas::models
