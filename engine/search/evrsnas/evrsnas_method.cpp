#include "evrsnas_method.h"

#include "evrsnas_presets.h"
#include "evrsnas_search.h"
#include "evrsnas_settings.h"

#include <nlohmann/json.hpp>

namespace edgenas::search {

namespace {

core::MetricDescriptor proxyMetric(std::string name, std::string label, core::MetricDirection direction) {
    core::MetricDescriptor d;
    d.name = std::move(name);
    d.label = std::move(label);
    d.direction = direction;
    d.group = "proxy";
    d.provenance = core::Provenance::Proxy;
    d.objective = false;  // the method's own fitness, not a user objective
    return d;
}

} // namespace

MethodDescriptor evrsnasMethod() {
    MethodDescriptor m;
    m.name = "evrsnas";
    m.label = "HW-EvRSNAS";
    m.summary = "evolution scored by representation similarity to a reference on one batch, penalised by "
                "the distance to a hardware-cost threshold";
    // Only the finalists are trained, so candidates are drawn by their similarity to the reference.
    m.plotY = "rmi_phi";
    m.settings = evrsnasSettingsSchema();
    for (const EvrsnasPreset& p : evrsnasPresets())
        m.presets.push_back({p.name,
                             "population " + std::to_string(p.population) + ", " + std::to_string(p.generations) +
                                 " generations, " + std::to_string(p.evaluations) + " evaluations: " + p.expectedTime,
                             p.evaluations, p.population,
                             // A merge patch: null removes a hand-set population, the preset's is the run's.
                             nlohmann::json{{"generations", p.generations}, {"preset", p.name}, {"population", nullptr}}
                                 .dump()});
    using D = core::MetricDirection;
    m.metrics = {proxyMetric("rmi_phi", "RMI similarity \u03c6 (proxy)", D::Maximise),
                 proxyMetric("rmi_cka", "Mean CKA (proxy)", D::Maximise),
                 proxyMetric("rmi_loss", "RMI loss (proxy)", D::Minimise)};
    m.create = [](const std::string& settings) -> std::unique_ptr<SearchMethod> {
        return std::make_unique<EvrsnasSearch>(evrsnasSettingsFromJson(settings));
    };
    m.reportLines = [](const std::string& configJson, const std::string& stateJson) {
        return evrsnasReportLines("evrsnas", configJson, stateJson);
    };
    return m;
}

} // namespace edgenas::search
