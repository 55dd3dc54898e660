#pragma once

#include "candidate.h"

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace edgenas::core {

enum class MetricDirection { Maximise, Minimise };

/// What a metric is, declared once: every objective, bound, column, axis and report line takes its
/// label, unit and direction from here, so no view or method tests a metric's name for them.
struct MetricDescriptor {
    std::string name;       ///< as stored with a candidate: "latency_ms"
    std::string shortName;  ///< as users write it in objectives and bounds: "latency"; empty = name
    std::string label;      ///< English label, translated by the views: "Latency"
    std::string unit;       ///< "ms", "mJ", "" for a ratio or score
    MetricDirection direction = MetricDirection::Minimise;
    std::string group;      ///< "quality", "cost", "size", "proxy", "search"
    Provenance provenance = Provenance::Measured;  ///< where its figures usually come from
    bool integral = false;  ///< a count: shown with digit grouping
    bool fraction = false;  ///< a share from 0 to 1: shown as a percentage
    bool objective = true;  ///< may be an objective or carry a bound in a run config
    /// Names that start with this one followed by '_' (e.g. "accuracy_seed2") share the descriptor.
    bool family = false;

    bool maximised() const { return direction == MetricDirection::Maximise; }
    const std::string& userName() const { return shortName.empty() ? name : shortName; }
};

/// The table of metric descriptors. Generic metrics are built in; a method adds its own metrics
/// when it registers (search::MethodRegistry), so their names stay in the method's folder.
class MetricCatalog {
public:
    /// The process-wide catalog, with the built-in metrics.
    static MetricCatalog& global();

    /// Adds or replaces the descriptor of that name. Throws core::InputError for an empty name or a
    /// short name that another metric already uses.
    void add(MetricDescriptor descriptor);

    /// By stored name, short name, or family prefix; nullptr when unknown.
    const MetricDescriptor* find(std::string_view name) const;
    /// As find(), but an unknown name throws core::InputError listing what objectives may name.
    const MetricDescriptor& require(std::string_view name) const;

    /// The stored metric an objective or bound names: "latency" -> "latency_ms". Throws for unknown.
    std::string metricForObjective(std::string_view objective) const;
    /// Unknown metrics are minimised (costs are the common case).
    bool isMaximised(std::string_view name) const;
    /// Short names users may give as objectives or bounds, in declaration order.
    std::vector<std::string> objectiveNames() const;
    std::vector<MetricDescriptor> all() const;

private:
    MetricCatalog();
    mutable std::mutex m_mutex;
    // Descriptors are never removed; a deque-like vector of pointers keeps returned pointers valid.
    std::vector<std::unique_ptr<MetricDescriptor>> m_descriptors;
};

} // namespace edgenas::core
