#pragma once

#include "core/architecture.h"
#include "input_convention.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

namespace edgenas::models {

class GraphNetworkImpl;  // graph_network.h; only code that includes it can use the module

/// A network built from an architecture together with its weights: the torch-free handle that
/// training hands back and that export and analysis code keeps. Move-only; moving keeps the weights.
class TrainedModel {
public:
    /// Builds the network with fresh weights from a generator of its own seeded with `seed`, so they
    /// depend on the seed only, not on torch's global generator or what other threads draw.
    /// Throws core::ArchitectureError naming the node for invalid IR.
    explicit TrainedModel(const core::Architecture& architecture, std::uint64_t seed = 1);
    /// Wraps a module built elsewhere (the trainer); `network` must not be null.
    explicit TrainedModel(std::shared_ptr<GraphNetworkImpl> network);
    TrainedModel(TrainedModel&&) noexcept;
    TrainedModel& operator=(TrainedModel&&) noexcept;
    TrainedModel(const TrainedModel&) = delete;
    TrainedModel& operator=(const TrainedModel&) = delete;
    ~TrainedModel();

    const core::Architecture& architecture() const;
    /// Trainable parameter elements; equals cost::analyseCost(architecture()).params.
    std::int64_t parameterCount() const;

    /// Writes parameters and BN statistics (torch::save archive, loadable with torch.load in
    /// Python only through TorchScript). Throws core::InputError naming the path on failure.
    void saveWeights(const std::string& path) const;
    /// Reads weights saved for the same architecture; throws core::InputError naming the path if
    /// the file is unreadable or its tensors do not fit this network.
    void loadWeights(const std::string& path);

    /// The module itself, for code that includes graph_network.h.
    std::shared_ptr<GraphNetworkImpl> network() const { return m_network; }

    /// How the network's input was prepared in training (set by models::Trainer); empty for a
    /// model that never saw a data set. Exports record it. Not part of saveWeights' file.
    const InputConvention& inputConvention() const { return m_inputConvention; }
    void setInputConvention(InputConvention convention) { m_inputConvention = std::move(convention); }

private:
    std::shared_ptr<GraphNetworkImpl> m_network;
    InputConvention m_inputConvention;
};

} // namespace edgenas::models
