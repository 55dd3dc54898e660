#include "metric_catalog.h"

#include "errors.h"

namespace edgenas::core {

namespace {

MetricDescriptor metric(std::string name, std::string shortName, std::string label, std::string unit,
                        MetricDirection direction, std::string group, Provenance provenance) {
    MetricDescriptor d;
    d.name = std::move(name);
    d.shortName = std::move(shortName);
    d.label = std::move(label);
    d.unit = std::move(unit);
    d.direction = direction;
    d.group = std::move(group);
    d.provenance = provenance;
    return d;
}

} // namespace

MetricCatalog::MetricCatalog() {
    using D = MetricDirection;
    MetricDescriptor accuracy = metric("accuracy", "", "Accuracy", "", D::Maximise, "quality", Provenance::Trained);
    accuracy.family = true;  // accuracy_seed1, ... from repeated training
    accuracy.fraction = true;
    add(accuracy);
    // Measured once on the test split for the networks a run returns; never searched on.
    MetricDescriptor test = metric("test_accuracy", "", "Test accuracy", "", D::Maximise, "quality", Provenance::Trained);
    test.objective = false;
    test.fraction = true;
    add(test);
    add(metric("latency_ms", "latency", "Latency", "ms", D::Minimise, "cost", Provenance::Measured));
    add(metric("energy_mj", "energy", "Energy", "mJ", D::Minimise, "cost", Provenance::Modelled));
    MetricDescriptor macs = metric("macs", "", "MACs", "MACs", D::Minimise, "size", Provenance::Counted);
    macs.integral = true;
    add(macs);
    MetricDescriptor params = metric("params", "", "Parameters", "parameters", D::Minimise, "size", Provenance::Counted);
    params.integral = true;
    add(params);
    MetricDescriptor power = metric("power_w", "", "Power", "W", D::Minimise, "cost", Provenance::Modelled);
    power.objective = false;  // follows from latency and energy
    add(power);
    MetricDescriptor proxy = metric("proxy", "", "Proxy score", "", D::Maximise, "proxy", Provenance::Proxy);
    proxy.family = true;
    proxy.objective = false;  // no built-in evaluator produces it during a search
    add(proxy);
}

MetricCatalog& MetricCatalog::global() {
    static MetricCatalog catalog;
    return catalog;
}

void MetricCatalog::add(MetricDescriptor descriptor) {
    if (descriptor.name.empty())
        throw InputError("a metric needs a name");
    std::lock_guard lock(m_mutex);
    for (auto& d : m_descriptors) {
        if (d->name == descriptor.name) {
            *d = std::move(descriptor);
            return;
        }
        if (!descriptor.shortName.empty() && (d->userName() == descriptor.shortName || d->name == descriptor.shortName))
            throw InputError("metric '" + descriptor.name + "': the short name '" + descriptor.shortName +
                             "' is taken by '" + d->name + "'");
    }
    m_descriptors.push_back(std::make_unique<MetricDescriptor>(std::move(descriptor)));
}

const MetricDescriptor* MetricCatalog::find(std::string_view name) const {
    std::lock_guard lock(m_mutex);
    for (const auto& d : m_descriptors)
        if (d->name == name || (!d->shortName.empty() && d->shortName == name))
            return d.get();
    for (const auto& d : m_descriptors)
        if (d->family && name.size() > d->name.size() + 1 && name.substr(0, d->name.size()) == d->name &&
            name[d->name.size()] == '_')
            return d.get();
    return nullptr;
}

std::vector<std::string> MetricCatalog::objectiveNames() const {
    std::lock_guard lock(m_mutex);
    std::vector<std::string> out;
    for (const auto& d : m_descriptors)
        if (d->objective)
            out.push_back(d->userName());
    return out;
}

const MetricDescriptor& MetricCatalog::require(std::string_view name) const {
    if (const MetricDescriptor* d = find(name))
        return *d;
    std::string known;
    for (const std::string& n : objectiveNames())
        known += (known.empty() ? "" : ", ") + n;
    throw InputError("unknown objective '" + std::string(name) + "' (known: " + known + ")");
}

std::string MetricCatalog::metricForObjective(std::string_view objective) const {
    const MetricDescriptor& d = require(objective);
    if (!d.objective)
        throw InputError("'" + std::string(objective) + "' cannot be an objective or a bound");
    // A family member ("accuracy_seed2") names itself.
    return d.name == objective || d.shortName == objective ? d.name : std::string(objective);
}

bool MetricCatalog::isMaximised(std::string_view name) const {
    const MetricDescriptor* d = find(name);
    return d && d->maximised();
}

std::vector<MetricDescriptor> MetricCatalog::all() const {
    std::lock_guard lock(m_mutex);
    std::vector<MetricDescriptor> out;
    for (const auto& d : m_descriptors)
        out.push_back(*d);
    return out;
}

} // namespace edgenas::core
