#pragma once

#include <iosfwd>
#include <map>
#include <optional>
#include <string>

namespace edgenas::cost {

/// Per-operator latencies measured on one device under stated conditions, keyed by
/// OperatorSignature::key(). Saved as CSV with the conditions in "# key=value" lines:
///
///     # edgenas-latency-table 1
///     # device=host
///     # threads=2
///     # batch=1
///     # network_overhead_ms=0.0123
///     signature,latency_ms
///     conv|in=16x32x32|out=16x32x32|k=3|s=1|p=1|d=1|g=1|bias=0,0.0811
///
/// A model's latency is the sum of its nodes' entries plus networkOverheadMs once.
class LatencyTable {
public:
    struct Conditions {
        std::string device = "host";   ///< profile name the entries were measured on
        int threads = 1;
        int batchSize = 1;
        int warmup = 0;
        int repeats = 0;
        /// How the repeats were summarised: "median" (the default, GOS) or "min" (robust when
        /// other work competes for the cores).
        std::string statistic = "median";
        /// DVFS point the entries hold for; empty = the device's default point.
        std::string operatingPoint;
        /// Fixed cost of one inference call (framework entry, output handling), measured with an
        /// empty network; already subtracted from every entry.
        double networkOverheadMs = 0.0;
        /// 1-minute load average per core while measuring (-1: unknown). Above ~1 other work was
        /// competing for the cores and the entries are inflated and noisy.
        double loadPerCore = -1.0;
        std::string machine;   ///< free text: CPU model, board revision
        std::string runtime;   ///< free text: "LibTorch 1.13.1, OpenBLAS (openmp)"
        std::string created;   ///< free text: date, tool

        friend bool operator==(const Conditions&, const Conditions&) = default;
    };

    LatencyTable() = default;
    explicit LatencyTable(Conditions conditions) : m_conditions(std::move(conditions)) {}

    const Conditions& conditions() const { return m_conditions; }
    Conditions& conditions() { return m_conditions; }

    /// Adds or replaces an entry; throws core::InputError for a key with a comma, quote or line
    /// break (it would not survive CSV) or a negative or non-finite latency.
    void set(const std::string& signatureKey, double latencyMs);
    std::optional<double> find(const std::string& signatureKey) const;
    bool contains(const std::string& signatureKey) const { return m_entries.count(signatureKey) > 0; }
    std::size_t size() const { return m_entries.size(); }
    bool empty() const { return m_entries.empty(); }
    const std::map<std::string, double>& entries() const { return m_entries; }

    /// Reads a table; `sourceName` (the file) starts every error, with the line number:
    /// "t.csv:7: latency_ms 'abc' is not a number". Throws core::InputError.
    static LatencyTable read(std::istream& in, const std::string& sourceName);
    static LatencyTable load(const std::string& path);
    void write(std::ostream& out) const;
    /// Writes to path (via a temporary file renamed into place); throws core::InputError.
    void save(const std::string& path) const;

    friend bool operator==(const LatencyTable&, const LatencyTable&) = default;

private:
    Conditions m_conditions;
    std::map<std::string, double> m_entries;
};

} // namespace edgenas::cost
