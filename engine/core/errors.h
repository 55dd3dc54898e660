#pragma once

#include <stdexcept>
#include <string>

namespace edgenas::core {

/// An architecture that cannot exist: names the node and what is wrong with it.
class ArchitectureError : public std::runtime_error {
public:
    ArchitectureError(int nodeId, const std::string& problem)
        : std::runtime_error(nodeId >= 0 ? "node " + std::to_string(nodeId) + ": " + problem : problem),
          m_nodeId(nodeId) {}
    int nodeId() const { return m_nodeId; }

private:
    int m_nodeId;
};

/// Input the user gave us (a file, a config, a command line) that cannot be used as it is.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A data set file that is missing, truncated or inconsistent; the message names the file.
class DatasetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A measurement on this machine that gave no usable figure (a non-positive time, a counter that
/// cannot be read) even after measuring again; names what was measured and the figures seen.
class MeasurementError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Thrown from long work (training, measurement) when the caller asked it to stop.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

} // namespace edgenas::core
