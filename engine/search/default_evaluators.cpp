#include "default_evaluators.h"

#include "training_config.h"

#include "accuracy_evaluator.h"
#include "test_accuracy_evaluator.h"
#include "cost_evaluator.h"
#include "device_evaluator.h"

#include "core/errors.h"
#include "cost/device_catalog.h"
#include "cost/latency_table.h"
#include "data/dataset_spec.h"

#include <optional>

namespace edgenas::search {

std::optional<cost::LatencyTable> loadLatencyTable(const RunConfig& config) {
    if (config.latencyTable.empty())
        return std::nullopt;
    cost::LatencyTable table = cost::LatencyTable::load(config.latencyTable);  // errors name the file
    if (table.conditions().device != config.device)
        throw core::InputError(config.latencyTable + ": the latency table was measured on '" +
                               table.conditions().device + "', not on device '" + config.device + "'");
    return table;
}

DefaultEvaluators::DefaultEvaluators(RunConfig config) : m_config(std::move(config)) {}

CandidateEvaluator& DefaultEvaluators::evaluatorFor(const std::string& metric) {
    std::string kind;
    if (metric == "accuracy")
        kind = "accuracy";
    else if (metric == "test_accuracy")
        kind = "test";
    else if (metric == "macs" || metric == "params")
        kind = "cost";
    else if (metric == "latency_ms" || metric == "energy_mj" || metric == "power_w")
        kind = "device";
    else
        throw core::InputError("no evaluator produces metric '" + metric + "'");

    auto& slot = m_byKind[kind];
    if (slot)
        return *slot;
    if (kind == "accuracy") {
        if (!m_trainSet)
            m_trainSet = std::make_shared<const data::Dataset>(
                data::loadDataset({m_config.dataset, m_config.datasetDirectory}, data::DatasetPart::Train));
        slot = std::make_unique<AccuracyEvaluator>(trainConfigFor(m_config), m_trainSet);
    } else if (kind == "test") {
        if (!m_trainSet)
            m_trainSet = std::make_shared<const data::Dataset>(
                data::loadDataset({m_config.dataset, m_config.datasetDirectory}, data::DatasetPart::Train));
        auto testSet = std::make_shared<const data::Dataset>(
            data::loadDataset({m_config.dataset, m_config.datasetDirectory}, data::DatasetPart::Test));
        slot = std::make_unique<TestAccuracyEvaluator>(trainConfigFor(m_config), m_trainSet, std::move(testSet));
    } else if (kind == "cost") {
        slot = std::make_unique<CostEvaluator>();
    } else {
        // The catalog includes a "host" profile; profiles in a user folder are not looked at yet.
        const cost::DeviceProfile& profile = cost::DeviceCatalog::builtIn().find(m_config.device);
        std::optional<cost::LatencyTable> table = loadLatencyTable(m_config);
        // Only on this machine can a network be timed instead of modelled.
        const bool measureOnHost = profile.name == "host";
        slot = std::make_unique<DeviceEvaluator>(profile, m_config.dvfs, std::move(table), measureOnHost);
    }
    return *slot;
}

} // namespace edgenas::search
