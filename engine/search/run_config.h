#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace edgenas::search {

/// The method of a run that names none (defined in the default method's own folder).
extern const char* const kDefaultMethodName;

/// Everything that defines a search run. The same JSON is written by the workbench's launch
/// dialog, read by `edgenas search --config`, and stored with the run, so a run can be repeated.
struct RunConfig {
    std::string method = kDefaultMethodName;

    std::string space = "nb201";
    int spaceChannels = 8;       ///< NB201 C
    int spaceCells = 1;          ///< NB201 N
    double spaceWidth = 1.0;     ///< MobileNet width multiplier
    int spaceNodes = 8;          ///< DAG cell nodes N (its C is spaceChannels)
    int spaceStages = 3;         ///< DAG stages, each one cell
    std::string spaceLayout = "reduced";  ///< attentive (HADAS) space: "reduced" or "full"

    std::string dataset = "fashion-mnist";
    std::string datasetDirectory;  ///< empty = the default location

    /// Objectives by name: "accuracy" (maximised), "latency", "energy", "macs", "params" (minimised).
    std::vector<std::string> objectives{"accuracy", "latency"};
    std::string device = "host";
    std::string dvfs;  ///< operating point name; empty = the device's highest
    /// Per-operator latency table (CSV from `edgenas probe` or a device) for the device; empty =
    /// none. Without one, latency on "host" is measured network by network and elsewhere modelled.
    std::string latencyTable;
    /// Upper bounds on figures, by metric name ("latency", "energy", "macs", "params").
    std::map<std::string, double> constraints;
    /// Lower bounds ("accuracy" at least 0.8), by metric name. In the config both live under
    /// "constraints": a number is an upper bound (as always), {"min": a, "max": b} either or both.
    std::map<std::string, double> lowerBounds;

    int evaluations = 48;  ///< budget: candidates evaluated (cache hits are free)
    int population = 12;

    // A search trains each candidate for a few hundred steps at most, and small networks need many
    // small steps: on 5,000 Fashion-MNIST images, one epoch at batch 32 / lr 0.1 reaches ~70 %
    // where batch 128 / lr 0.05 (39 steps, the same time) stops at 20-45 % and ranks by noise.
    int trainEpochs = 1;
    int trainSubset = 3000;
    int validationSubset = 1000;
    int trainBatch = 32;
    double learningRate = 0.1;

    std::uint64_t seed = 1;
    int threads = 0;  ///< 0 = all cores

    /// Method-specific settings kept as JSON text, checked against the method's schema
    /// (MethodDescriptor::settings) and parsed by the method itself.
    std::string methodSettingsJson = "{}";
    /// The method preset the budget and settings came from ("quick", "paper"); empty = set by hand.
    std::string preset;
};

/// Strict parse: unknown keys, wrong types and out-of-range values throw core::InputError naming
/// the offending key (e.g. "config key 'budget.evaluations' must be at least 1").
RunConfig runConfigFromJson(const std::string& text);
std::string toJson(const RunConfig& config, int indent = 2);
RunConfig loadRunConfigFile(const std::string& path);

/// Objective names the engine knows (core::MetricCatalog), and whether each is maximised.
std::vector<std::string> knownObjectives();
bool isMaximised(const std::string& objective);

} // namespace edgenas::search
