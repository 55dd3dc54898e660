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

/// Per-candidate detail that is not a scalar (a GOS per-layer table, a HADAS exit table), stored
/// as typed JSON so no method encodes structure in metric names. `kind` names the schema, e.g.
/// "gos.layers/1"; the method that wrote it reads it back.
struct ResultRecord {
    std::string kind;
    std::string json;

    friend bool operator==(const ResultRecord&, const ResultRecord&) = default;
};

/// A candidate's identity: the architecture's canonical hash when it has no settings (so runs
/// stored before settings existed keep their identities), else that hash, '+', and 16 hex
/// digits of the settings' canonical JSON: the same network run two ways is two candidates.
/// Throws core::InputError when the settings are not a JSON object.
std::string candidateIdentity(const std::string& architectureHash, const std::string& settingsJson);
/// The architecture part of an identity ("26ba897f2e6af19d+..." -> "26ba897f2e6af19d").
std::string architectureHashOf(const std::string& identity);

/// An evaluated (or pending) architecture within a run. A value type: it crosses threads and
/// is what the store persists; the architecture travels as its JSON text so persisting is cheap.
struct Candidate {
    std::int64_t id = -1;        ///< store row id; -1 before it is stored
    int generation = 0;
    std::string hash;            ///< candidateIdentity(canonicalHash(architecture), settingsJson)
    std::string genome;          ///< the space's genome as text, empty if not from a space
    std::string architectureJson;
    /// How the method runs the architecture (HADAS: exits, thresholds, DVFS point) as a JSON
    /// object; empty = nothing beyond the architecture.
    std::string settingsJson;
    std::vector<std::int64_t> parents;  ///< store ids of the genetic parents
    /// Store id of the candidate this one belongs to at the level above (a HADAS inner candidate's
    /// backbone); none for single-level methods. Not a genetic parent.
    std::optional<std::int64_t> levelParent;
    std::string status = "evaluated";   ///< "pending", "evaluated", "failed", "injected"
    std::vector<Metric> metrics;
    std::vector<ResultRecord> records;

    const Metric* metric(std::string_view name) const {
        for (const Metric& m : metrics)
            if (m.name == name)
                return &m;
        return nullptr;
    }

    friend bool operator==(const Candidate&, const Candidate&) = default;
};

} // namespace edgenas::core
