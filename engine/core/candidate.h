#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgenas::core {

/// Where a figure came from; carried from the engine to the store, the UI and reports.
enum class Provenance {
    Measured,  ///< timed or counted on this machine
    Table,     ///< from a per-operator look-up table measured on the device
    Modelled,  ///< estimated from a device profile (roofline, power model)
    Predicted, ///< from a learned or fitted predictor
    Proxy,     ///< a training-free or few-step score standing in for accuracy
    Trained,   ///< the outcome of real training and evaluation
    Counted,   ///< exact static count (MACs, parameters)
};

std::string_view toString(Provenance provenance);
std::optional<Provenance> provenanceFromString(std::string_view text);

/// One named figure of a candidate.
struct Metric {
    std::string name;   ///< "accuracy", "latency_ms", "energy_mj", "macs", "params", ...
    double value = 0.0;
    std::string unit;   ///< "", "ms", "mJ", "MACs", ...
    Provenance provenance = Provenance::Measured;

    friend bool operator==(const Metric&, const Metric&) = default;
};

/// An evaluated (or pending) architecture within a run. A value type: it crosses threads and
/// is what the store persists; the architecture travels as its JSON text so persisting is cheap.
struct Candidate {
    std::int64_t id = -1;        ///< store row id; -1 before it is stored
    int generation = 0;
    std::string hash;            ///< core::canonicalHash of the architecture
    std::string genome;          ///< the space's genome as text, empty if not from a space
    std::string architectureJson;
    std::vector<std::int64_t> parents;  ///< store ids of the parents
    std::string status = "evaluated";   ///< "pending", "evaluated", "failed", "injected"
    std::vector<Metric> metrics;

    const Metric* metric(std::string_view name) const {
        for (const Metric& m : metrics)
            if (m.name == name)
                return &m;
        return nullptr;
    }

    friend bool operator==(const Candidate&, const Candidate&) = default;
};

} // namespace edgenas::core
